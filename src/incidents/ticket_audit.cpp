#include "incidents/ticket_audit.h"

#include "core/incident_json.h"
#include "store/incident_store.h"

namespace tongbao::incidents {

nlohmann::json audit_snapshot(const core::Incident& t) {
  return {{"number", t.number},
          {"state", core::to_string(t.state)},
          {"level", t.level},
          {"drill", t.drill},
          {"report", to_json(t.report)},
          {"response", t.response ? to_json(*t.response) : nlohmann::json(nullptr)},
          {"data_subject_notification", t.notification ? to_json(*t.notification) : nlohmann::json(nullptr)},
          {"law_enforcement_referral", t.referral ? to_json(*t.referral) : nlohmann::json(nullptr)},
          {"support_taken_by", t.support_taken_by}};
}

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
