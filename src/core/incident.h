#pragma once
// Incident tickets: types, sub-categories, workflow states, and the report and response a unit
// files. Plain data; the rules over it live in level.h, incident_workflow.h and incident_checks.h.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace tongbao::core {

enum class IncidentType { INT, DEF };
std::string_view to_string(IncidentType t);
std::optional<IncidentType> parse_incident_type(std::string_view text);

struct SubCategory {
  std::string_view key;    // stable identifier used by the API
  std::string_view label;  // the name units know, in Traditional Chinese
  std::string_view label_en;
};
const std::vector<SubCategory>& subcategories(IncidentType type);
const SubCategory* find_subcategory(IncidentType type, std::string_view key);

// `discarded`: a draft its unit gave up, with a reason; it runs no clock and counts nowhere.
enum class IncidentState { draft, reported, responded, centre_review, cert_review, closed, returned, discarded };
std::string_view to_string(IncidentState s);
std::optional<IncidentState> parse_incident_state(std::string_view text);

// The impact questions of the level rules, one answer per dimension.
enum class InformationImpact {  // confidentiality (leaked) and integrity (altered)
  none,
  non_core_slight,
  non_core_serious,
  core_slight,        // core business information, not critical infrastructure
  core_serious,
  sensitive_slight,   // general official secrets, sensitive information, or core CI information
  sensitive_serious,
  state_secret,
};
enum class AvailabilityImpact {
  none,
  non_core_in_time,   // non-core operation affected, restored within its tolerable downtime
  non_core_late,
  core_in_time,       // core operation (not CI)
  core_late,
  ci_in_time,         // core operation of critical infrastructure
  ci_late,
};
std::string_view to_string(InformationImpact v);
std::string_view to_string(AvailabilityImpact v);
std::optional<InformationImpact> parse_information_impact(std::string_view text);
std::optional<AvailabilityImpact> parse_availability_impact(std::string_view text);

// Personal data among what leaked: about how many people, whether special categories (health,
// ...) were among it, and, if the reporter holds that it is not sensitive information, why.
struct PersonalDataImpact {
  bool leaked = false;
  long long people = 0;  // about how many; 0 when not known
  bool special_categories = false;
  std::string not_sensitive_reason;
};

struct ImpactAnswers {
  InformationImpact confidentiality = InformationImpact::none;
  InformationImpact integrity = InformationImpact::none;
  AvailabilityImpact availability = AvailabilityImpact::none;
  PersonalDataImpact personal_data;
  // Under a profile with level criteria of its own: the keys of those the reporter says apply
  // (the confidentiality/integrity/availability answers count only under the other profiles).
  std::vector<std::string> criteria;
};

struct AffectedHost {
  std::string ip;
  std::string hostname;
  std::string os;
  std::string role;
  std::string owner;  // "school" (the unit's asset) or "personal"
};

struct SupportRequest {
  bool needed = false;
  std::vector<std::string> kinds;  // forensics, onsite, analysis, recovery, consultation, other
  std::string detail;
};

// A report entered after the fact because the platform could not be reached: when and how the
// unit reported, and why.
struct OfflineReport {
  TimeMs reported_at = 0;
  std::string means;  // phone, fax, e-mail, paper form
  std::string reason;
};

struct IncidentReport {
  IncidentType type = IncidentType::INT;
  std::string subcategory;
  TimeMs aware_at = 0;     // 知悉: starts the legal clocks
  std::optional<TimeMs> occurred_at;
  std::vector<AffectedHost> hosts;
  std::string description;
  ImpactAnswers impact;
  int chosen_level = 0;    // what the reporter chose, 1..4
  std::string impact_scope;
  std::string loss_assessment;
  SupportRequest support;
  bool personal_data = false;
  bool law_enforcement = false;
  std::string contact_name, contact_phone, contact_email;
  std::optional<OfflineReport> offline;
};

struct RootCause {
  std::string first_infected_host;
  std::string entry_vector;
  std::string lateral_movement;
  std::string scope_units;
  std::string scope_systems;
  std::string scope_endpoints;
  std::vector<std::string> attack_techniques;  // MITRE ATT&CK IDs, e.g. T1566.001
  bool empty() const;
};

struct IncidentResponse {
  std::string emergency_measures;
  std::string solution;
  std::optional<TimeMs> resolved_at;
  // Required at level 3–4:
  std::string response_meeting;
  std::string standby_people;
  std::string logs_provided;
  RootCause root_cause;
};

struct DataSubjectNotification {
  TimeMs notified_at = 0;
  std::string channel;
  long long people = 0;
  std::string what_happened, data_involved, measures_taken, contact_point, remedies;
};

struct LawEnforcementReferral {
  std::string agency;
  TimeMs referred_at = 0;
  std::string case_number;
};

}  // namespace tongbao::core

namespace tongbao::core {

// One ticket as the rules see it.
struct Incident {
  long long id = 0;
  std::string number;             // ISSUER-TYPE-YYYYMM-NNNN, given when the report is filed
  long long unit_id = 0;
  std::string unit_path;
  long long reviewer_unit_id = 0;  // the reporting unit's parent at filing
  std::optional<long long> parent_id;  // the coordinated incident (a centre's, over an outbreak) it is part of
  IncidentState state = IncidentState::draft;
  bool drill = false;
  IncidentReport report;
  std::optional<IncidentResponse> response;
  int level = 1;                  // in force: the reporter's choice until a reviewer changes it
  std::optional<DataSubjectNotification> notification;
  std::optional<LawEnforcementReferral> referral;
  bool has_investigation_report = false;
  std::string support_taken_by;   // unit OID that took on the support request
  std::optional<TimeMs> support_taken_at;
  TimeMs created_at = 0, updated_at = 0;
  std::optional<TimeMs> reported_at, responded_at, closed_at;
  std::optional<TimeMs> reviewed_at;              // the reviewing centre's decision on the filed report
  std::optional<TimeMs> filed_at;                 // the latest filing (a return and refiling restarts the review)
  std::optional<TimeMs> approved_at;              // the centre's approval of the response
  std::string below_computed_reason;  // why a reviewer accepted a level below the computed one
  std::optional<TimeMs> investigation_report_at;  // the first investigation report attached
  std::string created_by;
};

}  // namespace tongbao::core
