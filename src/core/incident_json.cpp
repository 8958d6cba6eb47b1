#include "core/incident_json.h"

#include "core/error.h"
#include "core/json_writer.h"
#include "core/time_format.h"

namespace tongbao::core {
namespace {

using core::JsonInput;
using nlohmann::json;

std::string text(const JsonInput& in, const std::string& name) { return in.optional_string(name).value_or(""); }

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

// Each part is written as text, its keys in the order the JSON library keeps them (sorted), so
// that the text is the library's own dump of the same document: what storage has always held.
// A tree, where one is wanted, is parsed from that text.
namespace {

void time_or_null(JsonWriter& w, std::string_view name, const std::optional<core::TimeMs>& t) {
  w.key(name);
  t ? w.string(core::format_utc(*t)) : w.null();
}

// Personal data and criteria appear only when answered, so a ticket written before the question
// existed reads back (and matches its audit entries) as it was.
void write_impact(JsonWriter& w, const core::ImpactAnswers& a) {
  w.begin_object();
  w.key("availability").string(core::to_string(a.availability));
  w.key("confidentiality").string(core::to_string(a.confidentiality));
  if (!a.criteria.empty()) w.key("criteria").strings(a.criteria);
  w.key("integrity").string(core::to_string(a.integrity));
  const auto& pd = a.personal_data;
  if (pd.leaked || pd.people || pd.special_categories || !pd.not_sensitive_reason.empty())
    w.key("personal_data").begin_object()
        .key("leaked").boolean(pd.leaked)
        .key("not_sensitive_reason").string(pd.not_sensitive_reason)
        .key("people").number(pd.people)
        .key("special_categories").boolean(pd.special_categories)
        .end_object();
  w.end_object();
}

void write_criterion(JsonWriter& w, const core::LevelCriterion& c) {
  w.begin_object()
      .key("key").string(c.key)
      .key("label_en").string(c.label_en)
      .key("label_zh").string(c.label_zh)
      .key("level").number(c.level)
      .end_object();
}

void write_dimension(JsonWriter& w, std::string_view name, const core::DimensionLevel& d) {
  w.key(name).begin_object().key("level").number(d.level).key("rule").string(d.rule).end_object();
}

template <typename Part>
json tree_of(const Part& part) {
  return json::parse(json_text(part));
}

}  // namespace

void write_json(JsonWriter& w, const core::IncidentReport& r) {
  w.begin_object();
  w.key("aware_at");
  r.aware_at ? w.string(core::format_utc(r.aware_at)) : w.null();
  w.key("chosen_level");
  r.chosen_level ? w.number(r.chosen_level) : w.null();
  w.key("contact").begin_object()
      .key("email").string(r.contact_email)
      .key("name").string(r.contact_name)
      .key("phone").string(r.contact_phone)
      .end_object();
  w.key("description").string(r.description);
  w.key("hosts").begin_array();
  for (const auto& h : r.hosts)
    w.begin_object()
        .key("hostname").string(h.hostname)
        .key("ip").string(h.ip)
        .key("os").string(h.os)
        .key("owner").string(h.owner)
        .key("role").string(h.role)
        .end_object();
  w.end_array();
  w.key("impact");
  write_impact(w, r.impact);
  w.key("impact_scope").string(r.impact_scope);
  w.key("law_enforcement").boolean(r.law_enforcement);
  w.key("loss_assessment").string(r.loss_assessment);
  time_or_null(w, "occurred_at", r.occurred_at);
  w.key("offline_report");
  if (r.offline)
    w.begin_object()
        .key("means").string(r.offline->means)
        .key("reason").string(r.offline->reason)
        .key("reported_at").string(core::format_utc(r.offline->reported_at))
        .end_object();
  else
    w.null();
  w.key("personal_data").boolean(r.personal_data);
  w.key("subcategory").string(r.subcategory);
  w.key("support").begin_object()
      .key("detail").string(r.support.detail)
      .key("kinds").strings(r.support.kinds)
      .key("needed").boolean(r.support.needed)
      .end_object();
  w.key("type").string(core::to_string(r.type));
  w.end_object();
}

void write_json(JsonWriter& w, const core::IncidentResponse& s) {
  const auto& rc = s.root_cause;
  w.begin_object();
  w.key("emergency_measures").string(s.emergency_measures);
  w.key("logs_provided").string(s.logs_provided);
  time_or_null(w, "resolved_at", s.resolved_at);
  w.key("response_meeting").string(s.response_meeting);
  w.key("root_cause").begin_object()
      .key("attack_techniques").strings(rc.attack_techniques)
      .key("entry_vector").string(rc.entry_vector)
      .key("first_infected_host").string(rc.first_infected_host)
      .key("lateral_movement").string(rc.lateral_movement)
      .key("scope_endpoints").string(rc.scope_endpoints)
      .key("scope_systems").string(rc.scope_systems)
      .key("scope_units").string(rc.scope_units)
      .end_object();
  w.key("solution").string(s.solution);
  w.key("standby_people").string(s.standby_people);
  w.end_object();
}

void write_json(JsonWriter& w, const core::DataSubjectNotification& n) {
  w.begin_object();
  w.key("channel").string(n.channel);
  w.key("content").begin_object()
      .key("contact_point").string(n.contact_point)
      .key("data_involved").string(n.data_involved)
      .key("measures_taken").string(n.measures_taken)
      .key("remedies").string(n.remedies)
      .key("what_happened").string(n.what_happened)
      .end_object();
  w.key("notified_at");
  n.notified_at ? w.string(core::format_utc(n.notified_at)) : w.null();
  w.key("people").number(n.people);
  w.end_object();
}

void write_json(JsonWriter& w, const core::LawEnforcementReferral& r) {
  w.begin_object();
  w.key("agency").string(r.agency);
  w.key("case_number").string(r.case_number);
  w.key("referred_at");
  r.referred_at ? w.string(core::format_utc(r.referred_at)) : w.null();
  w.end_object();
}

void write_json(JsonWriter& w, const core::LevelAssessment& a) {
  w.begin_object();
  write_dimension(w, "availability", a.availability);
  write_dimension(w, "confidentiality", a.confidentiality);
  w.key("criteria").begin_array();
  for (const auto& c : a.marked) write_criterion(w, c);
  w.end_array();
  w.key("criterion");
  a.criterion ? write_criterion(w, *a.criterion) : void(w.null());
  w.key("deciding").string(a.deciding);
  write_dimension(w, "integrity", a.integrity);
  w.key("level").number(a.level);
  w.key("level_label").string(a.level_label);
  w.key("reasoning").string(a.reasoning);
  w.end_object();
}

json to_json(const core::IncidentReport& r) { return tree_of(r); }
json to_json(const core::IncidentResponse& s) { return tree_of(s); }
json to_json(const core::DataSubjectNotification& n) { return tree_of(n); }
json to_json(const core::LawEnforcementReferral& r) { return tree_of(r); }
json to_json(const core::LevelAssessment& a) { return tree_of(a); }

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
