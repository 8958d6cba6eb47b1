#pragma once
// What the audit trail records of a ticket, and the check that every stored ticket is still what
// its latest audit entry says it became: a row changed in the database behind the platform's
// back (UPDATE incidents SET level = 1) no longer matches.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "core/incident.h"
#include "store/database.h"

namespace tongbao::incidents {

// The ticket as its audit entries record it (after_json), as text and as a tree.
std::string audit_snapshot_text(const core::Incident& t);
nlohmann::json audit_snapshot(const core::Incident& t);
// The audit entries' entity_id of a ticket: its number, or "draft:ID" before it has one.
std::string audit_reference(const core::Incident& t);

struct UnauditedTicket {
  long long incident_id = 0;
  std::string reference;
  long long entry_id = 0;             // its latest audit entry; 0 when it has none
  std::vector<std::string> fields;    // what differs from that entry, top-level names
  std::string describe() const;
};
// The first ticket (by id) whose stored row differs from its latest audit entry, if any; and
// how many were compared.
struct TicketAuditResult {
  long long compared = 0;
  std::optional<UnauditedTicket> first;
};
TicketAuditResult compare_tickets_with_audit(store::Database& db);

// The whole check behind `tongbao audit verify` and GET /api/v1/audit/verify: the chain and its
// checkpoints, then, when they hold, every ticket against its latest entry.
audit::VerifyResult verify_audit_trail(store::Database& db, const audit::VerifyOptions& options);

}  // namespace tongbao::incidents
