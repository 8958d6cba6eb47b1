#pragma once
// Coordinated incidents: one action turns an outbreak group into a parent ticket held by the
// centre (its level assessed for the whole event), with a child ticket per school and each
// school's open warnings answered into its child. The parent shows each school's state and
// closes only when its children have (incidents/incident_service enforces that).
#include <optional>
#include <string>
#include <vector>

#include "containment/outbreak_service.h"
#include "core/access.h"
#include "core/incident.h"
#include "incidents/incident_service.h"
#include "store/database.h"
#include "warnings/warning_service.h"

namespace tongbao::containment {

struct EscalationRequest {
  OutbreakQuery window;           // the outbreak view's window, grouping and subtree
  std::string key;                // the group: a sub-category, remote address or rule
  std::vector<std::string> unit_oids;  // only these schools of the group; empty: all of them
  // The parent's report as for any ticket; left empty, the sub-category (the group's, when
  // grouped by sub-category), hosts, times, description and contact come from the group and
  // the caller.
  core::IncidentReport report;
};

// Where each school of a coordinated incident stands.
struct ChildState {
  long long unit_id = 0;
  long long ticket_id = 0;
  std::string number, state;
  bool reported = false;   // the school has filed its ticket (answered)
  bool cleaned = false;    // its response, what it did to clean up, is on file
  bool unblocked = false;  // none of its addresses is blocked any more
  long long warnings = 0, blocks_in_force = 0, unblock_requests = 0, blocks_ended = 0;
};

constexpr size_t kMaxCoordinatedUnits = 500;

class CoordinatedIncidents {
 public:
  CoordinatedIncidents(store::Database& db, const core::Clock& clock, incidents::IncidentService& incidents,
                       warnings::WarningService& warnings)
      : db_(db), clock_(clock), incidents_(incidents), warnings_(warnings) {}

  // Files the parent (as the caller's unit's own ticket) and makes the children, in one
  // transaction. A centre or the CERT, a person; the group must be in the caller's subtree.
  incidents::TicketView escalate(const core::Principal& who, EscalationRequest request);
  // Each school's state, for whoever may see the parent.
  std::vector<ChildState> children(const core::Principal& who, long long parent_id);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  incidents::IncidentService& incidents_;
  warnings::WarningService& warnings_;
};

}  // namespace tongbao::containment
