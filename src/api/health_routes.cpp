#include "api/responses.h"
#include "api/routes.h"
#include "core/time_format.h"
#include "store/embedded.h"
#include "store/migrations.h"

namespace tongbao::api {

void add_health_routes(http::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/health", [&ctx](http::Request&) {
    nlohmann::json db = {{"backend", ctx.db.backend()}};
    int status = 200;
    try {
      db["schema_version"] = ctx.db.read_value([](store::Transaction& tx) { return store::schema_version(tx); });
      db["state"] = "ok";
    } catch (const std::exception& e) {
      db["state"] = "unavailable";
      status = 503;
    }
    return json_response(status, {{"status", status == 200 ? "ok" : "degraded"},
                                  {"version", TONGBAO_VERSION},
                                  {"time", core::format_utc(ctx.clock.now())},
                                  {"database", db}});
  });

  router.add("GET", "/api/v1/openapi.json", [](http::Request&) {
    http::Response r;
    r.content_type = "application/json; charset=utf-8";
    r.body = std::string(embedded::openapi_document());
    return r;
  });
}

}  // namespace tongbao::api
