#include <charconv>

#include "api/caller.h"
#include "api/paging.h"
#include "api/responses.h"
#include "api/routes.h"
#include "core/error.h"
#include "core/time_format.h"
#include "audit/audit_log.h"
#include "notify/outbox.h"

namespace tongbao::api {
namespace {

core::Principal require_cert(ApiContext& ctx, const http::Request& req) {
  auto p = require_caller(ctx, req);
  if (p.unit_kind != core::UnitKind::cert || p.contact_id == 0)
    throw core::forbidden("Only the CERT sees and retries the outbox.");
  return p;
}

}  // namespace

nlohmann::json message_json(const notify::Message& m) {
  return {{"id", m.id},
          {"channel", m.channel},
          {"to", m.recipient},
          {"to_name", m.recipient_name},
          {"kind", m.kind},
          {"subject", m.subject},
          {"incident_id", m.incident_id ? nlohmann::json(m.incident_id) : nlohmann::json(nullptr)},
          {"state", m.state},
          {"attempts", m.attempts},
          {"last_error", m.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.last_error)},
          {"created_at", core::format_utc(m.created_at)},
          {"next_attempt_at", m.state == "pending" ? nlohmann::json(core::format_utc(m.next_attempt_at)) : nlohmann::json(nullptr)},
          {"sent_at", m.sent_at ? nlohmann::json(core::format_utc(*m.sent_at)) : nlohmann::json(nullptr)}};
}

void add_outbox_routes(http::Router& router, ApiContext& ctx) {
  // The outbox, and its dead letters (?state=dead): messages that kept failing.
  router.add("GET", "/api/v1/outbox", [&ctx](http::Request& req) {
    require_cert(ctx, req);
    notify::Query q;
    if (auto s = req.query_param("state"); !s.empty()) {
      if (s != "pending" && s != "sent" && s != "dead") throw core::invalid("state", "state must be pending, sent or dead");
      q.state = s;
    }
    // The messages one ticket caused (its reminders, its review mails).
    if (const auto incident = req.query_param("incident_id"); !incident.empty()) {
      long long id = 0;
      const auto [end, ec] = std::from_chars(incident.data(), incident.data() + incident.size(), id);
      if (ec != std::errc() || end != incident.data() + incident.size() || id < 1)
        throw core::invalid("incident_id", "incident_id must be a ticket's id");
      q.incident_id = id;
    }
    auto paging = paging_of(req);
    q.limit = paging.limit;
    q.offset = paging.offset;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& m : ctx.db.read_value([&](store::Transaction& tx) { return notify::list(tx, q); }))
      items.push_back(message_json(m));
    return json_response(200, {{"items", items}});
  });

  router.add("POST", "/api/v1/outbox/{id}/retry", [&ctx](http::Request& req) {
    auto p = require_cert(ctx, req);
    const auto text = req.path_param("id");
    long long id = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || ptr != text.data() + text.size()) throw core::invalid("id", "id must be a whole number");
    auto m = ctx.db.write_value([&](store::Transaction& tx) {
      if (!notify::retry_dead(tx, id, ctx.clock.now()))
        throw core::Error(core::ErrorKind::conflict, "invalid_state", "Only a dead message can be retried.", "id");
      audit::append(tx, ctx.clock.now(), p.label, "outbox.retry", "outbox", std::to_string(id), std::nullopt, std::nullopt);
      return *notify::find(tx, id);
    });
    return json_response(200, message_json(m));
  });
}

}  // namespace tongbao::api
