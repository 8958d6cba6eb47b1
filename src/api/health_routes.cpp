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

  // Readiness for a load balancer: the database answers at the schema this version knows, the
  // statistics are summed; with the outbox's backlog and how late the scheduler runs. 503 until ready.
  router.add("GET", "/api/v1/health/ready", [&ctx](http::Request&) {
    nlohmann::json out;
    bool ready = true;
    try {
      const auto now = ctx.clock.now();
      ctx.db.read([&](store::Transaction& tx) {
        const int version = store::schema_version(tx);
        const int known = store::known_schema_version();
        out["database"] = {{"state", "ok"}, {"schema_version", version}, {"migrations_applied", version == known}};
        ready = ready && version == known;
        auto backlog = tx.query_one("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE state = 'pending'");
        out["outbox"] = {{"pending", backlog->integer(0)},
                         {"oldest_pending_seconds", backlog->is_null(1) ? 0 : (now - backlog->integer(1)) / 1000}};
        auto due = tx.query_one("SELECT COUNT(*), MIN(due_at) FROM jobs WHERE done_at IS NULL AND due_at <= ?", {now});
        out["scheduler"] = {{"due_jobs", due->integer(0)},
                            {"lag_seconds", due->is_null(1) ? 0 : (now - due->integer(1)) / 1000}};
      });
    } catch (const std::exception&) {
      out["database"] = {{"state", "unavailable"}};
      ready = false;
    }
    const auto sums = ctx.statistics.sums_status();
    out["statistics"] = {{"ready", sums.ready}, {"progress", sums.progress}};
    ready = ready && sums.ready;
    out["ready"] = ready;
    return json_response(ready ? 200 : 503, out);
  });

  router.add("GET", "/api/v1/openapi.json", [](http::Request&) {
    http::Response r;
    r.content_type = "application/json; charset=utf-8";
    r.body = std::string(embedded::openapi_document());
    return r;
  });
}

}  // namespace tongbao::api
