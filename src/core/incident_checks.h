#pragma once
// What a report, a response and a closing need. Every check names the field at fault, so the
// person filling the form sees exactly what is missing.
#include <string>
#include <vector>

#include "core/incident.h"

namespace tongbao::core {

struct Missing {
  std::string field;
  std::string message;
};

// Throws core::Error (invalid, naming the field). `complete`: the report is being filed, so
// everything the law asks for must be there; a draft only needs well-formed values.
void check_report(const IncidentReport& report, TimeMs now, bool complete);
// A request for support made after filing: at least one known kind (fields "kinds", "detail").
void check_support_request(const SupportRequest& request);
// The response for a ticket at `level`: level 3–4 asks for the meeting, standby, logs and root cause.
void check_response(const IncidentResponse& response, const IncidentReport& report, int level, TimeMs now);
void check_notification(const DataSubjectNotification& n);
void check_referral(const LawEnforcementReferral& r);
// What still stands between the ticket and closing; empty when it may close.
std::vector<Missing> closing_requirements(const Incident& incident);

}  // namespace tongbao::core
