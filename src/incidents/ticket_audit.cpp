#include "incidents/ticket_audit.h"

#include "core/incident_json.h"
#include "core/json_writer.h"
#include "store/incident_store.h"

namespace tongbao::incidents {

// Written as text, keys sorted as the JSON library keeps them: the text its dump of the tree gives.
std::string audit_snapshot_text(const core::Incident& t) {
  core::JsonWriter w(4096);
  w.begin_object();
  w.key("data_subject_notification");
  t.notification ? core::write_json(w, *t.notification) : void(w.null());
  w.key("drill").boolean(t.drill);
  w.key("law_enforcement_referral");
  t.referral ? core::write_json(w, *t.referral) : void(w.null());
  w.key("level").number(t.level);
  w.key("number").string(t.number);
  core::write_json(w.key("report"), t.report);
  w.key("response");
  t.response ? core::write_json(w, *t.response) : void(w.null());
  w.key("state").string(core::to_string(t.state));
  w.key("support_taken_by").string(t.support_taken_by);
  w.end_object();
  return w.take();
}

nlohmann::json audit_snapshot(const core::Incident& t) { return nlohmann::json::parse(audit_snapshot_text(t)); }

std::string audit_reference(const core::Incident& t) {
  return t.number.empty() ? "draft:" + std::to_string(t.id) : t.number;
}

std::string UnauditedTicket::describe() const {
  if (entry_id == 0) return "ticket " + reference + " has no audit entry";
  std::string names;
  for (const auto& f : fields) names += (names.empty() ? "" : ", ") + f;
  return "ticket " + reference + " differs from its last audited state (entry " + std::to_string(entry_id) +
         "): " + names;
}

TicketAuditResult compare_tickets_with_audit(store::Database& db) {
  TicketAuditResult result;
  db.read([&](store::Transaction& tx) {
    constexpr int kPage = 1000;
    for (long long after = 0;;) {
      auto page = store::incidents::page_by_id(tx, after, kPage);
      for (const auto& t : page) {
        after = t.id;
        ++result.compared;
        const auto reference = audit_reference(t);
        auto entry = tx.query_one(
            "SELECT id, after_json FROM audit_log WHERE entity = 'incident' AND entity_id = ? ORDER BY id DESC LIMIT 1",
            {reference});
        UnauditedTicket found{t.id, reference, entry ? entry->integer(0) : 0, {}};
        if (entry) {
          // Compared as parsed JSON: the same values, whatever the spacing or key order.
          const auto audited = nlohmann::json::parse(entry->text(1), nullptr, false);
          const auto stored = audit_snapshot(t);
          if (!audited.is_object()) {
            found.fields.push_back("after");
          } else {
            for (const auto& [name, value] : stored.items())
              if (!audited.contains(name) || audited[name] != value) found.fields.push_back(name);
          }
          if (found.fields.empty()) continue;
        }
        result.first = std::move(found);
        return;
      }
      if (page.size() < kPage) return;
    }
  });
  return result;
}

audit::VerifyResult verify_audit_trail(store::Database& db, const audit::VerifyOptions& options) {
  auto result = audit::verify(db, options);
  if (!result.ok) return result;
  auto tickets = compare_tickets_with_audit(db);
  result.tickets = tickets.compared;
  if (tickets.first) {
    result.ok = false;
    result.first_broken_id = tickets.first->entry_id;
    result.problem = "ticket_changed";
    result.reason = tickets.first->describe();
  }
  return result;
}

}  // namespace tongbao::incidents
