#include "api/caller.h"
#include "api/paging.h"
#include "api/responses.h"
#include "api/routes.h"
#include "audit/audit_log.h"
#include "core/error.h"
#include "core/time_format.h"
#include "incidents/ticket_audit.h"
#include "store/auth_store.h"

namespace tongbao::api {
namespace {

core::Principal require_auditor(ApiContext& ctx, const http::Request& req) {
  auto p = require_caller(ctx, req);
  if (!core::can_read_audit(p)) throw core::forbidden("Only the CERT and the ministry read the audit trail.");
  return p;
}

nlohmann::json parsed_or_null(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  return nlohmann::json::parse(*text, nullptr, false);
}

}  // namespace

void add_audit_routes(http::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/audit", [&ctx](http::Request& req) {
    require_auditor(ctx, req);
    auto paging = paging_of(req);
    audit::Query q;
    if (auto e = req.query_param("entity"); !e.empty()) q.entity = e;
    if (auto id = req.query_param("entity_id"); !id.empty()) q.entity_id = id;
    q.limit = paging.limit;
    q.offset = paging.offset;
    nlohmann::json items = nlohmann::json::array();
    auto entries = ctx.db.read_value([&](store::Transaction& tx) { return audit::list(tx, q); });
    for (const auto& e : entries) {
      items.push_back({{"id", e.id},
                       {"at", core::format_utc(e.at)},
                       {"actor", e.actor},
                       {"action", e.action},
                       {"entity", e.entity},
                       {"entity_id", e.entity_id},
                       {"before", parsed_or_null(e.before_json)},
                       {"after", parsed_or_null(e.after_json)},
                       {"hash", e.hash}});
    }
    return json_response(200, {{"items", items}});
  });

  router.add("GET", "/api/v1/audit/verify", [&ctx](http::Request& req) {
    require_auditor(ctx, req);
    auto r = incidents::verify_audit_trail(ctx.db, ctx.audit_verify);
    auto or_null = [](bool present, nlohmann::json value) { return present ? value : nlohmann::json(nullptr); };
    return json_response(200, {{"ok", r.ok},
                               {"checked", r.checked},
                               {"entries", r.entries},
                               {"keyed_entries", r.keyed_entries},
                               {"checkpoints", r.checkpoints},
                               {"tickets", r.tickets},
                               {"first_broken_id", or_null(r.first_broken_id != 0, r.first_broken_id)},
                               {"problem", or_null(!r.problem.empty(), r.problem)},
                               {"reason", r.reason}});
  });

  router.add("GET", "/api/v1/login-events", [&ctx](http::Request& req) {
    require_auditor(ctx, req);
    auto paging = paging_of(req);
    nlohmann::json items = nlohmann::json::array();
    auto events = ctx.db.read_value(
        [&](store::Transaction& tx) { return store::auth::recent_logins(tx, paging.limit, paging.offset); });
    for (const auto& e : events)
      items.push_back({{"at", core::format_utc(e.at)},
                       {"oid", e.oid},
                       {"account", e.account},
                       {"remote", e.remote},
                       {"outcome", e.outcome},
                       {"second_factor", e.second_factor}});
    return json_response(200, {{"items", items}});
  });
}

}  // namespace tongbao::api
