#include "core/incident_json.h"

#include "core/error.h"
#include "core/time_format.h"

namespace tongbao::core {
namespace {

using core::JsonInput;
using nlohmann::json;

json time_or_null(const std::optional<core::TimeMs>& t) { return t ? json(core::format_utc(*t)) : json(nullptr); }
std::string text(const JsonInput& in, const std::string& name) { return in.optional_string(name).value_or(""); }

// Personal data and criteria appear only when answered, so a ticket written before the question
// existed reads back (and matches its audit entries) as it was.
json impact_json(const core::ImpactAnswers& a) {
  json out = {{"confidentiality", core::to_string(a.confidentiality)},
              {"integrity", core::to_string(a.integrity)},
              {"availability", core::to_string(a.availability)}};
  const auto& pd = a.personal_data;
  if (pd.leaked || pd.people || pd.special_categories || !pd.not_sensitive_reason.empty())
    out["personal_data"] = {{"leaked", pd.leaked},
                            {"people", pd.people},
                            {"special_categories", pd.special_categories},
                            {"not_sensitive_reason", pd.not_sensitive_reason}};
  if (!a.criteria.empty()) out["criteria"] = a.criteria;
  return out;
}

}  // namespace

const std::initializer_list<std::string_view> kImpactFields = {"confidentiality", "integrity", "availability",
                                                              "personal_data", "criteria"};
const std::initializer_list<std::string_view> kLevelAssessmentFields = {"confidentiality", "integrity", "availability",
                                                                       "personal_data", "criteria", "aware_at"};
const std::initializer_list<std::string_view> kReportFields = {
    "type", "subcategory", "aware_at", "occurred_at", "hosts", "description", "impact", "chosen_level",
    "impact_scope", "loss_assessment", "support", "personal_data", "law_enforcement", "contact", "offline_report"};
const std::initializer_list<std::string_view> kResponseFields = {
    "emergency_measures", "solution", "resolved_at", "response_meeting", "standby_people", "logs_provided", "root_cause"};
const std::initializer_list<std::string_view> kNotificationFields = {"notified_at", "channel", "people", "content"};
const std::initializer_list<std::string_view> kReferralFields = {"agency", "referred_at", "case_number"};

core::ImpactAnswers parse_impact(const JsonInput& in) {
  core::ImpactAnswers a;
  auto info = [&](const std::string& name) {
    auto v = in.optional_string(name);
    if (!v) return core::InformationImpact::none;
    auto parsed = core::parse_information_impact(*v);
    if (!parsed)
      throw core::invalid(in.path(name), in.path(name) + " must be one of none, non_core_slight, non_core_serious, "
                                                         "core_slight, core_serious, sensitive_slight, sensitive_serious, state_secret");
    return *parsed;
  };
  a.confidentiality = info("confidentiality");
  a.integrity = info("integrity");
  if (auto v = in.optional_string("availability")) {
    auto parsed = core::parse_availability_impact(*v);
    if (!parsed)
      throw core::invalid(in.path("availability"), in.path("availability") +
                                                       " must be one of none, non_core_in_time, non_core_late, "
                                                       "core_in_time, core_late, ci_in_time, ci_late");
    a.availability = *parsed;
  }
  if (auto pd = in.optional_object("personal_data", {"leaked", "people", "special_categories", "not_sensitive_reason"})) {
    a.personal_data.leaked = pd->optional_bool("leaked").value_or(false);
    if (auto people = pd->optional_integer("people")) {
      if (*people < 0 || *people > 100'000'000)
        throw core::invalid(pd->path("people"), pd->path("people") + " must be 0 to 100,000,000 (about how many people)");
      a.personal_data.people = *people;
    }
    a.personal_data.special_categories = pd->optional_bool("special_categories").value_or(false);
    a.personal_data.not_sensitive_reason = pd->optional_string("not_sensitive_reason").value_or("");
  }
  // Which keys the profile knows is checked where the profile is known (the incident service).
  a.criteria = in.optional_string_list("criteria", core::kMaxLevelCriteria, core::kMaxCriterionKeyLength)
                   .value_or(std::vector<std::string>{});
  return a;
}

core::IncidentReport parse_report(const JsonInput& in) {
  core::IncidentReport r;
  const auto type = in.required_string("type");
  auto parsed = core::parse_incident_type(type);
  if (!parsed) throw core::invalid("type", "type must be INT (intrusion) or DEF (web defacement and the like)");
  r.type = *parsed;
  r.subcategory = text(in, "subcategory");
  r.aware_at = in.optional_time("aware_at").value_or(0);
  r.occurred_at = in.optional_time("occurred_at");
  for (const auto& h : in.object_list("hosts", {"ip", "hostname", "os", "role", "owner"}))
    r.hosts.push_back({text(h, "ip"), text(h, "hostname"), text(h, "os"), text(h, "role"), text(h, "owner")});
  r.description = text(in, "description");
  if (auto impact = in.optional_object("impact", kImpactFields)) r.impact = parse_impact(*impact);
  r.chosen_level = in.optional_int_in("chosen_level", 1, 4).value_or(0);
  r.impact_scope = text(in, "impact_scope");
  r.loss_assessment = text(in, "loss_assessment");
  if (auto s = in.optional_object("support", {"needed", "kinds", "detail"})) {
    r.support.needed = s->optional_bool("needed").value_or(false);
    r.support.kinds = s->optional_string_list("kinds").value_or(std::vector<std::string>{});
    r.support.detail = text(*s, "detail");
  }
  r.personal_data = in.optional_bool("personal_data").value_or(false);
  r.law_enforcement = in.optional_bool("law_enforcement").value_or(false);
  if (auto c = in.optional_object("contact", {"name", "phone", "email"})) {
    r.contact_name = text(*c, "name");
    r.contact_phone = text(*c, "phone");
    r.contact_email = text(*c, "email");
  }
  if (auto o = in.optional_object("offline_report", {"reported_at", "means", "reason"})) {
    core::OfflineReport off;
    auto at = o->optional_time("reported_at");
    if (!at) throw core::invalid("offline_report.reported_at", "offline_report.reported_at is required");
    off.reported_at = *at;
    off.means = text(*o, "means");
    off.reason = text(*o, "reason");
    r.offline = off;
  }
  return r;
}

core::IncidentResponse parse_response(const JsonInput& in) {
  core::IncidentResponse s;
  s.emergency_measures = text(in, "emergency_measures");
  s.solution = text(in, "solution");
  s.resolved_at = in.optional_time("resolved_at");
  s.response_meeting = text(in, "response_meeting");
  s.standby_people = text(in, "standby_people");
  s.logs_provided = text(in, "logs_provided");
  if (auto rc = in.optional_object("root_cause", {"first_infected_host", "entry_vector", "lateral_movement", "scope_units",
                                                  "scope_systems", "scope_endpoints", "attack_techniques"})) {
    s.root_cause.first_infected_host = text(*rc, "first_infected_host");
    s.root_cause.entry_vector = text(*rc, "entry_vector");
    s.root_cause.lateral_movement = text(*rc, "lateral_movement");
    s.root_cause.scope_units = text(*rc, "scope_units");
    s.root_cause.scope_systems = text(*rc, "scope_systems");
    s.root_cause.scope_endpoints = text(*rc, "scope_endpoints");
    s.root_cause.attack_techniques = rc->optional_string_list("attack_techniques").value_or(std::vector<std::string>{});
  }
  return s;
}

core::DataSubjectNotification parse_notification(const JsonInput& in) {
  core::DataSubjectNotification n;
  n.notified_at = in.optional_time("notified_at").value_or(0);
  n.channel = text(in, "channel");
  n.people = in.optional_integer("people").value_or(0);
  if (auto c = in.optional_object("content", {"what_happened", "data_involved", "measures_taken", "contact_point", "remedies"})) {
    n.what_happened = text(*c, "what_happened");
    n.data_involved = text(*c, "data_involved");
    n.measures_taken = text(*c, "measures_taken");
    n.contact_point = text(*c, "contact_point");
    n.remedies = text(*c, "remedies");
  }
  return n;
}

core::LawEnforcementReferral parse_referral(const JsonInput& in) {
  core::LawEnforcementReferral r;
  r.agency = text(in, "agency");
  r.referred_at = in.optional_time("referred_at").value_or(0);
  r.case_number = text(in, "case_number");
  return r;
}

json to_json(const core::IncidentReport& r) {
  json hosts = json::array();
  for (const auto& h : r.hosts)
    hosts.push_back({{"ip", h.ip}, {"hostname", h.hostname}, {"os", h.os}, {"role", h.role}, {"owner", h.owner}});
  json out = {
      {"type", core::to_string(r.type)},
      {"subcategory", r.subcategory},
      {"aware_at", r.aware_at ? json(core::format_utc(r.aware_at)) : json(nullptr)},
      {"occurred_at", time_or_null(r.occurred_at)},
      {"hosts", hosts},
      {"description", r.description},
      {"impact", impact_json(r.impact)},
      {"chosen_level", r.chosen_level ? json(r.chosen_level) : json(nullptr)},
      {"impact_scope", r.impact_scope},
      {"loss_assessment", r.loss_assessment},
      {"support", {{"needed", r.support.needed}, {"kinds", r.support.kinds}, {"detail", r.support.detail}}},
      {"personal_data", r.personal_data},
      {"law_enforcement", r.law_enforcement},
      {"contact", {{"name", r.contact_name}, {"phone", r.contact_phone}, {"email", r.contact_email}}},
      {"offline_report", nullptr},
  };
  if (r.offline)
    out["offline_report"] = {{"reported_at", core::format_utc(r.offline->reported_at)},
                             {"means", r.offline->means},
                             {"reason", r.offline->reason}};
  return out;
}

json to_json(const core::IncidentResponse& s) {
  const auto& rc = s.root_cause;
  return {{"emergency_measures", s.emergency_measures},
          {"solution", s.solution},
          {"resolved_at", time_or_null(s.resolved_at)},
          {"response_meeting", s.response_meeting},
          {"standby_people", s.standby_people},
          {"logs_provided", s.logs_provided},
          {"root_cause",
           {{"first_infected_host", rc.first_infected_host},
            {"entry_vector", rc.entry_vector},
            {"lateral_movement", rc.lateral_movement},
            {"scope_units", rc.scope_units},
            {"scope_systems", rc.scope_systems},
            {"scope_endpoints", rc.scope_endpoints},
            {"attack_techniques", rc.attack_techniques}}}};
}

json to_json(const core::DataSubjectNotification& n) {
  return {{"notified_at", n.notified_at ? json(core::format_utc(n.notified_at)) : json(nullptr)},
          {"channel", n.channel},
          {"people", n.people},
          {"content",
           {{"what_happened", n.what_happened},
            {"data_involved", n.data_involved},
            {"measures_taken", n.measures_taken},
            {"contact_point", n.contact_point},
            {"remedies", n.remedies}}}};
}

json to_json(const core::LawEnforcementReferral& r) {
  return {{"agency", r.agency},
          {"referred_at", r.referred_at ? json(core::format_utc(r.referred_at)) : json(nullptr)},
          {"case_number", r.case_number}};
}

json to_json(const core::LevelAssessment& a) {
  auto dim = [](const core::DimensionLevel& d) { return json{{"level", d.level}, {"rule", d.rule}}; };
  auto criterion_json = [](const core::LevelCriterion& c) {
    return json{{"key", c.key}, {"level", c.level}, {"label_zh", c.label_zh}, {"label_en", c.label_en}};
  };
  json marked = json::array();
  for (const auto& c : a.marked) marked.push_back(criterion_json(c));
  return {{"level", a.level},
          {"level_label", a.level_label},
          {"deciding", a.deciding},
          {"criterion", a.criterion ? criterion_json(*a.criterion) : json(nullptr)},
          {"criteria", marked},
          {"reasoning", a.reasoning},
          {"confidentiality", dim(a.confidentiality)},
          {"integrity", dim(a.integrity)},
          {"availability", dim(a.availability)}};
}

namespace {
// Stored JSON was written by to_json: read it back through the same strict parsers.
JsonInput stored(const std::string& text, std::initializer_list<std::string_view> fields) {
  return JsonInput::stored(nlohmann::json::parse(text), fields);
}
}  // namespace

core::IncidentReport report_from_stored(const std::string& t) { return parse_report(stored(t, kReportFields)); }
core::IncidentResponse response_from_stored(const std::string& t) { return parse_response(stored(t, kResponseFields)); }
core::DataSubjectNotification notification_from_stored(const std::string& t) {
  return parse_notification(stored(t, kNotificationFields));
}
core::LawEnforcementReferral referral_from_stored(const std::string& t) { return parse_referral(stored(t, kReferralFields)); }

}  // namespace tongbao::core
