#include "core/incident_checks.h"

#include <algorithm>
#include <regex>

#include "core/error.h"
#include "core/ip_range.h"

namespace tongbao::core {
namespace {

constexpr TimeMs kClockSkewMs = 5 * 60 * 1000;  // a phone's clock may run a little ahead

void required(const std::string& value, const std::string& field, const std::string& what) {
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) throw invalid(field, what + " is required");
}

void not_in_future(TimeMs t, TimeMs now, const std::string& field) {
  if (t > now + kClockSkewMs) throw invalid(field, field + " cannot be in the future");
}

bool valid_technique(const std::string& id) {
  static const std::regex pattern("^T[0-9]{4}(\\.[0-9]{3})?$");
  return std::regex_match(id, pattern);
}

const std::vector<std::string>& support_kinds() {
  static const std::vector<std::string> kinds = {"forensics", "onsite", "analysis", "recovery", "consultation", "other"};
  return kinds;
}

}  // namespace

namespace {
void check_support_kinds(const std::vector<std::string>& kinds, const std::string& field) {
  for (const auto& k : kinds)
    if (std::find(support_kinds().begin(), support_kinds().end(), k) == support_kinds().end())
      throw invalid(field, "support kind '" + k + "' is not one of forensics, onsite, analysis, recovery, consultation, other");
}
}  // namespace

std::vector<EnteredTime> times_entered_long_after(const Incident& t) {
  std::vector<EnteredTime> out;
  if (t.response && t.response->resolved_at && t.responded_at && *t.responded_at - *t.response->resolved_at > kFarApartMs)
    out.push_back({"response.resolved_at", *t.response->resolved_at, *t.responded_at});
  if (t.report.offline && t.reported_at) {
    const TimeMs entered = t.created_at;
    if (entered - t.report.offline->reported_at > kFarApartMs)
      out.push_back({"report.offline_report.reported_at", t.report.offline->reported_at, entered});
  }
  return out;
}

bool accepted_below_computed(const Incident& t, int computed_level) {
  return !t.below_computed_reason.empty() && t.level < computed_level;
}

void check_support_request(const SupportRequest& request) {
  if (request.kinds.empty()) throw invalid("kinds", "say what kind of support is needed");
  check_support_kinds(request.kinds, "kinds");
}

void check_report(const IncidentReport& r, TimeMs now, bool complete) {
  if (!r.subcategory.empty() && !find_subcategory(r.type, r.subcategory))
    throw invalid("subcategory", "subcategory '" + r.subcategory + "' is not one of type " + std::string(to_string(r.type)));
  if (r.chosen_level != 0 && (r.chosen_level < 1 || r.chosen_level > 4))
    throw invalid("chosen_level", "chosen_level must be 1 to 4");
  if (r.aware_at) not_in_future(r.aware_at, now, "aware_at");
  if (r.occurred_at) {
    not_in_future(*r.occurred_at, now, "occurred_at");
    if (r.aware_at && *r.occurred_at > r.aware_at)
      throw invalid("occurred_at", "occurred_at must not be after aware_at: one becomes aware of what has happened");
  }
  for (size_t i = 0; i < r.hosts.size(); ++i) {
    const auto& h = r.hosts[i];
    const std::string f = "hosts[" + std::to_string(i) + "]";
    if (!h.ip.empty()) {
      auto range = parse_ip_range(h.ip);
      if (!range || range->prefix_length != (range->v6 ? 128 : 32))
        throw invalid(f + ".ip", f + ".ip must be one IPv4 or IPv6 address");
    }
    if (complete && h.ip.empty() && h.hostname.empty())
      throw invalid(f + ".ip", f + " needs an IP address or a host name");
    if (!h.owner.empty() && h.owner != "school" && h.owner != "personal")
      throw invalid(f + ".owner", f + ".owner must be school (the unit's asset) or personal");
  }
  check_support_kinds(r.support.kinds, "support.kinds");
  if (r.offline) {
    required(r.offline->means, "offline.means", "how the incident was reported while the platform was unreachable");
    required(r.offline->reason, "offline.reason", "why the platform was not used");
    not_in_future(r.offline->reported_at, now, "offline.reported_at");
    if (r.aware_at && r.offline->reported_at < r.aware_at)
      throw invalid("offline.reported_at", "offline.reported_at must not be before aware_at");
  }
  if (!complete) return;
  required(r.subcategory, "subcategory", "subcategory");
  if (!r.aware_at) throw invalid("aware_at", "aware_at (when the unit became aware) is required: it starts the legal clock");
  if (r.hosts.empty()) throw invalid("hosts", "at least one affected host or device is required");
  required(r.description, "description", "a description of what happened");
  if (r.chosen_level == 0) throw invalid("chosen_level", "chosen_level (1 to 4) is required");
  if (r.support.needed && r.support.kinds.empty())
    throw invalid("support.kinds", "say what kind of support is needed");
  required(r.contact_name, "contact.name", "a contact person");
  if (r.contact_phone.empty() && r.contact_email.empty())
    throw invalid("contact.phone", "a phone number or e-mail address of the contact person is required");
}

void check_response(const IncidentResponse& s, const IncidentReport& report, int level, TimeMs now) {
  required(s.emergency_measures, "emergency_measures", "the emergency measures taken");
  required(s.solution, "solution", "the solution");
  if (s.resolved_at) {
    not_in_future(*s.resolved_at, now, "resolved_at");
    if (report.aware_at && *s.resolved_at < report.aware_at)
      throw invalid("resolved_at", "resolved_at must not be before aware_at");
  }
  for (const auto& t : s.root_cause.attack_techniques)
    if (!valid_technique(t))
      throw invalid("root_cause.attack_techniques", "'" + t + "' is not a MITRE ATT&CK technique ID such as T1566 or T1566.001");
  if (level < 3) return;
  required(s.response_meeting, "response_meeting", "at level 3–4, the record of the response meeting");
  required(s.standby_people, "standby_people", "at level 3–4, who is on standby");
  required(s.logs_provided, "logs_provided", "at level 3–4, which logs went to the centre");
  required(s.root_cause.first_infected_host, "root_cause.first_infected_host", "at level 3–4, the first infected host");
  required(s.root_cause.entry_vector, "root_cause.entry_vector", "at level 3–4, the entry vector");
  if (s.root_cause.scope_units.empty() && s.root_cause.scope_systems.empty() && s.root_cause.scope_endpoints.empty())
    throw invalid("root_cause.scope_units", "at level 3–4, the scope (units, systems, endpoints affected)");
}

void check_notification(const DataSubjectNotification& n) {
  if (!n.notified_at) throw invalid("notified_at", "the date the data subjects were told is required");
  required(n.channel, "channel", "the channel used (letter, e-mail, SMS, website, ...)");
  if (n.people < 1) throw invalid("people", "people must be the number of persons told, at least 1");
  required(n.what_happened, "content.what_happened", "what happened");
  required(n.data_involved, "content.data_involved", "which personal data were involved");
  required(n.measures_taken, "content.measures_taken", "the measures taken");
  required(n.contact_point, "content.contact_point", "a contact point for the data subjects");
  required(n.remedies, "content.remedies", "the remedies available to the data subjects");
}

void check_referral(const LawEnforcementReferral& r) {
  required(r.agency, "agency", "the law-enforcement agency");
  if (!r.referred_at) throw invalid("referred_at", "the date of the referral is required");
  required(r.case_number, "case_number", "the agency's case number");
}

std::vector<Missing> closing_requirements(const Incident& t, const std::vector<std::string>& open_children) {
  std::vector<Missing> out;
  if (!open_children.empty()) {
    std::string names;
    for (size_t i = 0; i < open_children.size() && i < 10; ++i) names += (i ? ", " : "") + open_children[i];
    if (open_children.size() > 10) names += ", …";
    out.push_back({"children", std::to_string(open_children.size()) + " child ticket(s) of this coordinated incident are not closed yet (" +
                                   names + ")"});
  }
  if (!t.response) {
    out.push_back({"response", "the response (emergency measures, solution, time resolved) has not been filed"});
  } else {
    if (!t.response->resolved_at) out.push_back({"resolved_at", "the time the incident was resolved is missing"});
    const auto& rc = t.response->root_cause;
    if (rc.first_infected_host.empty() || rc.entry_vector.empty())
      out.push_back({"root_cause", "the root cause (first infected host and entry vector) is missing"});
  }
  if (t.level >= 3 && !t.has_investigation_report)
    out.push_back({"investigation_report", "at level 3–4 the investigation, handling and improvement report must be attached"});
  if (t.report.personal_data && !t.notification)
    out.push_back({"data_subject_notification", "personal data were involved: record how the data subjects were told"});
  if (t.report.law_enforcement && !t.referral)
    out.push_back({"law_enforcement_referral", "law enforcement is involved: record the referral (agency, date, case number)"});
  return out;
}

}  // namespace tongbao::core
