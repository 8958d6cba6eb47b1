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
// A time the unit gave for something that happened earlier, and when it gave it.
struct EnteredTime {
  std::string field;  // "response.resolved_at", "report.offline_report.reported_at"
  TimeMs claimed = 0, entered = 0;
};
// Hours between a claimed time and its entry beyond which a ticket shows both and the figures
// of honesty count it: a day covers the normal lag of filing after work is done.
constexpr TimeMs kFarApartMs = 24LL * 3600 * 1000;
// The times of a ticket entered long after the moment they claim (a recovery filed a week after
// it is said to have happened, a report "made by phone" entered days later).
std::vector<EnteredTime> times_entered_long_after(const Incident& t);

// A reviewer kept a level below the one the answers give, with the reason the rules ask for (a
// level raised later to the computed one no longer counts).
bool accepted_below_computed(const Incident& t, int computed_level);

// A request for support made after filing: at least one known kind (fields "kinds", "detail").
void check_support_request(const SupportRequest& request);
// The response for a ticket at `level`: level 3–4 asks for the meeting, standby, logs and root cause.
void check_response(const IncidentResponse& response, const IncidentReport& report, int level, TimeMs now);
void check_notification(const DataSubjectNotification& n);
void check_referral(const LawEnforcementReferral& r);
// What still stands between the ticket and closing; empty when it may close. A coordinated
// incident also waits for its child tickets: `open_children` names those not yet closed.
std::vector<Missing> closing_requirements(const Incident& incident, const std::vector<std::string>& open_children = {});

}  // namespace tongbao::core
