#pragma once
// The ticket's life: draft → reported → responded → CERT review → closed, with "returned for
// correction" sending it back to the unit. The centre acts twice: it reviews the report as soon
// as it is filed (confirms the level, changes it with a reason, or returns it: the review
// deadline), and approves the response once it is filed, passing the ticket to the CERT.
// Which action, by whom, in which state.
#include <string>
#include <string_view>
#include <vector>

#include "core/incident.h"

namespace tongbao::core {

enum class IncidentAction {
  edit_report,       // unit: change the report while it is a draft or returned
  submit_report,     // unit: file the report (or refile after a return)
  file_response,     // unit: file or correct the response
  review_report,     // centre: confirm the level of the filed report (the first step of review)
  change_level,      // centre or CERT, with a reason
  approve,           // centre: approve the filed response and pass the ticket to the CERT
  return_ticket,     // centre or CERT, with a reason: back to the unit
  close,             // CERT
  reopen,            // CERT, with a reason
  record_follow_up,  // unit: data-subject notification, law-enforcement referral
  add_attachment,    // anyone who acts on the ticket
  take_support,      // centre or CERT: take on a support request
  request_support,   // unit: ask for support at any point after filing
  discard,           // unit, with a reason: give up a draft that will not be filed
};
std::string_view to_string(IncidentAction a);
const std::vector<IncidentAction>& all_incident_actions();

// The roles a caller holds towards one ticket. A CERT that is also the unit's parent holds both
// centre and cert.
struct TicketRoles {
  bool unit = false;    // a person (or key) of the reporting unit
  bool centre = false;  // of the reviewing unit: the reporting unit's parent
  bool cert = false;    // of the CERT
};

struct Transition {
  bool allowed = false;
  IncidentState next = IncidentState::draft;  // the state after the action (same when it does not move)
  std::string refusal;                         // why not, in words for the person
};

// `has_response`: the unit has filed a response, so a refiled ticket goes back to review.
// `report_reviewed`: the centre has decided on the report as last filed.
Transition decide(IncidentAction action, IncidentState state, TicketRoles roles, bool has_response,
                  bool report_reviewed = false);

// Actions that need a reason from the actor.
bool needs_reason(IncidentAction action);

}  // namespace tongbao::core
