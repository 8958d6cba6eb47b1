// A ticket's parts are written as JSON text without a tree. The text must be the one storage has
// always held (the JSON library's compact dump, keys sorted), carry every field, and read back to
// the same part.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/incident_json.h"
#include "incidents/ticket_audit.h"

using namespace tongbao;
using nlohmann::json;

namespace {

core::IncidentReport full_report() {
  core::IncidentReport r;
  r.type = core::IncidentType::DEF;
  r.subcategory = "m-subcategory";
  r.aware_at = 1'796'253'655'000;
  r.occurred_at = 1'796'253'600'000;
  r.hosts.push_back({"10.0.0.1", "m-host\"name", "m-os\n", "m-role", "m-owner 教務處"});
  r.hosts.push_back({"2001:db8::1", "", "", "", ""});
  r.description = "m-description \x01 tab\t";
  r.impact.confidentiality = core::InformationImpact::core_serious;
  r.impact.integrity = core::InformationImpact::sensitive_slight;
  r.impact.availability = core::AvailabilityImpact::ci_late;
  r.impact.criteria = {"m_criterion_a", "m_criterion_b"};
  r.impact.personal_data = {true, 12, true, "m-not-sensitive"};
  r.chosen_level = 3;
  r.impact_scope = "m-scope";
  r.loss_assessment = "m-loss";
  r.support = {true, {"onsite", "forensics"}, "m-support-detail"};
  r.personal_data = true;
  r.law_enforcement = true;
  r.contact_name = "m-contact-name";
  r.contact_phone = "m-contact-phone";
  r.contact_email = "m-contact@example.edu.tw";
  r.offline = core::OfflineReport{1'796'253'000'000, "m-means", "m-reason"};
  return r;
}

core::IncidentResponse full_response() {
  core::IncidentResponse s;
  s.emergency_measures = "m-emergency";
  s.solution = "m-solution";
  s.resolved_at = 1'796'253'000'000;
  s.response_meeting = "m-meeting";
  s.standby_people = "m-standby";
  s.logs_provided = "m-logs";
  s.root_cause = {"m-first-host", "m-entry", "m-lateral", "m-units", "m-systems", "m-endpoints", {"T1059", "T1078.001"}};
  return s;
}

std::set<std::string> keys_of(const json& document) {
  std::set<std::string> out;
  for (const auto& [key, value] : document.items()) out.insert(key);
  return out;
}

std::set<std::string> names(std::initializer_list<std::string_view> fields) {
  return {fields.begin(), fields.end()};
}

// The library's own compact dump of the same document, keys sorted.
void expect_library_text(const std::string& text) { EXPECT_EQ(text, json::parse(text).dump()); }

void expect_holds(const std::string& text, std::initializer_list<std::string_view> markers) {
  for (auto m : markers) EXPECT_NE(text.find(m), std::string::npos) << m << " missing from " << text;
}

}  // namespace

TEST(IncidentJsonText, AReportIsWrittenWholeAndReadsBackTheSame) {
  const auto r = full_report();
  const auto text = core::json_text(r);
  expect_library_text(text);
  EXPECT_EQ(keys_of(json::parse(text)), names(core::kReportFields));
  expect_holds(text, {"m-subcategory", "m-host\\\"name", "m-os\\n", "m-role", "m-owner 教務處", "2001:db8::1",
                      "m-description \\u0001 tab\\t", "m_criterion_a", "m_criterion_b", "m-not-sensitive", "m-scope",
                      "m-loss", "forensics", "m-support-detail", "m-contact-name", "m-contact-phone",
                      "m-contact@example.edu.tw", "m-means", "m-reason", "\"DEF\"", "\"core_serious\"",
                      "\"sensitive_slight\"", "\"ci_late\"", "\"people\":12", "\"chosen_level\":3"});
  EXPECT_EQ(core::json_text(core::report_from_stored(text)), text);
  EXPECT_EQ(core::to_json(r).dump(), text);
  // Left out when not answered, so an older ticket reads back as it was written.
  const auto bare = json::parse(core::json_text(core::IncidentReport{}));
  EXPECT_FALSE(bare["impact"].contains("personal_data"));
  EXPECT_FALSE(bare["impact"].contains("criteria"));
  EXPECT_TRUE(bare["offline_report"].is_null());
  EXPECT_TRUE(bare["aware_at"].is_null());
}

TEST(IncidentJsonText, AResponseNotificationAndReferralAreWrittenWholeAndReadBackTheSame) {
  const auto s = full_response();
  const auto response = core::json_text(s);
  expect_library_text(response);
  EXPECT_EQ(keys_of(json::parse(response)), names(core::kResponseFields));
  expect_holds(response, {"m-emergency", "m-solution", "m-meeting", "m-standby", "m-logs", "m-first-host", "m-entry",
                          "m-lateral", "m-units", "m-systems", "m-endpoints", "T1078.001", "2026-"});
  EXPECT_EQ(core::json_text(core::response_from_stored(response)), response);

  const core::DataSubjectNotification n{1'796'253'000'000, "m-channel", 40, "m-what", "m-data", "m-measures",
                                        "m-contact-point", "m-remedies"};
  const auto notification = core::json_text(n);
  expect_library_text(notification);
  EXPECT_EQ(keys_of(json::parse(notification)), names(core::kNotificationFields));
  expect_holds(notification, {"m-channel", "m-what", "m-data", "m-measures", "m-contact-point", "m-remedies", "\"people\":40"});
  EXPECT_EQ(core::json_text(core::notification_from_stored(notification)), notification);

  const core::LawEnforcementReferral l{"m-agency", 1'796'253'000'000, "m-case"};
  const auto referral = core::json_text(l);
  expect_library_text(referral);
  EXPECT_EQ(keys_of(json::parse(referral)), names(core::kReferralFields));
  EXPECT_EQ(core::json_text(core::referral_from_stored(referral)), referral);
}

TEST(IncidentJsonText, AnAssessmentIsWrittenWhole) {
  core::LevelAssessment a;
  a.confidentiality = {3, "m-rule-c"};
  a.integrity = {1, "m-rule-i"};
  a.availability = {2, "m-rule-a"};
  a.level = 3;
  a.level_label = "m-label";
  a.deciding = "criteria";
  a.criterion = core::LevelCriterion{"m_key", 3, "m-中文", "m-english"};
  a.marked = {*a.criterion, core::LevelCriterion{"m_other", 1, "m-z", "m-e"}};
  a.reasoning = "m-reasoning";
  const auto text = core::json_text(a);
  expect_library_text(text);
  EXPECT_EQ(keys_of(json::parse(text)),
            (std::set<std::string>{"availability", "confidentiality", "criteria", "criterion", "deciding", "integrity",
                                   "level", "level_label", "reasoning"}));
  expect_holds(text, {"m-rule-c", "m-rule-i", "m-rule-a", "m-label", "m_key", "m-中文", "m-english", "m_other",
                      "m-reasoning", "\"level\":3"});
  EXPECT_EQ(json::parse(text)["criteria"].size(), 2u);
  EXPECT_TRUE(json::parse(core::json_text(core::LevelAssessment{}))["criterion"].is_null());
}

TEST(IncidentJsonText, AnAuditSnapshotIsTheLibrarysTextOfTheTicket) {
  core::Incident t;
  t.number = "m-number";
  t.state = core::IncidentState::responded;
  t.level = 2;
  t.drill = true;
  t.report = full_report();
  t.response = full_response();
  t.notification = core::DataSubjectNotification{1'796'253'000'000, "m-channel", 4, "a", "b", "c", "d", "e"};
  t.referral = core::LawEnforcementReferral{"m-agency", 1'796'253'000'000, "m-case"};
  t.support_taken_by = "m-support";
  const auto text = incidents::audit_snapshot_text(t);
  expect_library_text(text);
  const auto tree = json::parse(text);
  EXPECT_EQ(keys_of(tree), (std::set<std::string>{"data_subject_notification", "drill", "law_enforcement_referral", "level",
                                                  "number", "report", "response", "state", "support_taken_by"}));
  EXPECT_EQ(tree["report"].dump(), core::json_text(t.report));
  EXPECT_EQ(tree["response"].dump(), core::json_text(*t.response));
  expect_holds(text, {"m-number", "\"responded\"", "\"level\":2", "\"drill\":true", "m-channel", "m-agency", "m-support"});
  const core::Incident draft;
  const auto bare = json::parse(incidents::audit_snapshot_text(draft));
  EXPECT_TRUE(bare["response"].is_null());
  EXPECT_TRUE(bare["data_subject_notification"].is_null());
  EXPECT_TRUE(bare["law_enforcement_referral"].is_null());
}
