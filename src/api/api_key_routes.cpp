#include <charconv>

#include "api/caller.h"
#include "core/json_input.h"
#include "api/responses.h"
#include "api/routes.h"
#include "core/error.h"
#include "core/time_format.h"

namespace tongbao::api {

using core::JsonInput;
namespace {

nlohmann::json key_json(const store::auth::ApiKeyRow& k) {
  return {{"id", k.id},
          {"name", k.name},
          {"prefix", k.prefix},
          {"created_by", k.created_by},
          {"created_at", core::format_utc(k.created_at)},
          {"revoked_at", k.revoked_at ? nlohmann::json(core::format_utc(*k.revoked_at)) : nlohmann::json(nullptr)},
          {"scope", k.scope},
          {"expires_at", k.expires_at ? nlohmann::json(core::format_utc(*k.expires_at)) : nlohmann::json(nullptr)},
          {"last_used_at", k.last_used_at ? nlohmann::json(core::format_utc(*k.last_used_at)) : nlohmann::json(nullptr)}};
}

}  // namespace

void add_api_key_routes(http::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/units/{oid}/api-keys", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& k : ctx.organisation.api_keys(p, req.path_param("oid"))) items.push_back(key_json(k));
    return json_response(200, {{"items", items}});
  });

  router.add("POST", "/api/v1/units/{oid}/api-keys", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"name", "scope", "expires_at"});
    auto [row, key] = ctx.organisation.issue_api_key(p, req.path_param("oid"), in.required_string("name"),
                                                     in.optional_string("scope", 20).value_or("read_write"),
                                                     in.optional_time("expires_at"));
    auto body = key_json(row);
    body["key"] = key;
    return json_response(201, body);
  });

  router.add("DELETE", "/api/v1/api-keys/{id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto text = req.path_param("id");
    long long id = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || ptr != text.data() + text.size()) throw core::invalid("id", "id must be a whole number");
    return json_response(200, key_json(ctx.organisation.revoke_api_key(p, id)));
  });
}

}  // namespace tongbao::api
