#include "core/incident_checks.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/ticket_number.h"

using namespace tongbao::core;

namespace {
constexpr TimeMs kNow = 1795398836000;

IncidentReport complete_report() {
  IncidentReport r;
  r.type = IncidentType::INT;
  r.subcategory = "botnet";
  r.aware_at = kNow - 3600'000;
  r.hosts = {{"198.51.100.7", "pc7", "Windows 10", "classroom PC", "school"}};
  r.description = "Botnet traffic from a classroom PC";
  r.chosen_level = 2;
  r.contact_name = "黃美玲";
  r.contact_phone = "07-1234567";
  return r;
}

std::string field_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.field();
  }
  return "(accepted)";
}
}  // namespace

TEST(IncidentChecks, CompleteReportIsAccepted) {
  EXPECT_EQ(field_of([] { check_report(complete_report(), kNow, true); }), "(accepted)");
}

TEST(IncidentChecks, FilingNamesEachMissingField) {
  auto r = complete_report();
  r.aware_at = 0;
  EXPECT_EQ(field_of([&] { check_report(r, kNow, true); }), "aware_at");
  EXPECT_EQ(field_of([&] { check_report(r, kNow, false); }), "(accepted)") << "a draft may lack it";
  r = complete_report();
  r.hosts.clear();
  EXPECT_EQ(field_of([&] { check_report(r, kNow, true); }), "hosts");
  r = complete_report();
  r.chosen_level = 0;
  EXPECT_EQ(field_of([&] { check_report(r, kNow, true); }), "chosen_level");
  r = complete_report();
  r.subcategory = "defacement";  // a DEF sub-category on an INT ticket
  EXPECT_EQ(field_of([&] { check_report(r, kNow, false); }), "subcategory");
  r = complete_report();
  r.hosts[0].ip = "198.51.100.0/24";
  EXPECT_EQ(field_of([&] { check_report(r, kNow, false); }), "hosts[0].ip");
  r = complete_report();
  r.aware_at = kNow + 3600'000;
  EXPECT_EQ(field_of([&] { check_report(r, kNow, false); }), "aware_at");
  r = complete_report();
  r.occurred_at = r.aware_at + 1000;
  EXPECT_EQ(field_of([&] { check_report(r, kNow, false); }), "occurred_at");
  r = complete_report();
  r.support.needed = true;
  EXPECT_EQ(field_of([&] { check_report(r, kNow, true); }), "support.kinds");
  r = complete_report();
  r.contact_phone.clear();
  EXPECT_EQ(field_of([&] { check_report(r, kNow, true); }), "contact.phone");
}

TEST(IncidentChecks, LateEntryAfterAnOutageNeedsMeansAndReason) {
  auto r = complete_report();
  r.offline = OfflineReport{r.aware_at + 1800'000, "phone", ""};
  EXPECT_EQ(field_of([&] { check_report(r, kNow, true); }), "offline.reason");
  r.offline->reason = "the platform was unreachable";
  EXPECT_EQ(field_of([&] { check_report(r, kNow, true); }), "(accepted)");
}

TEST(IncidentChecks, LevelThreeResponseNeedsRootCauseAndMore) {
  IncidentResponse s;
  s.emergency_measures = "Isolated the host";
  s.solution = "Reinstalled";
  s.resolved_at = kNow;
  const auto report = complete_report();
  EXPECT_EQ(field_of([&] { check_response(s, report, 2, kNow); }), "(accepted)");
  EXPECT_EQ(field_of([&] { check_response(s, report, 3, kNow); }), "response_meeting");
  s.response_meeting = "CISO meeting at 10:00";
  s.standby_people = "IT team";
  s.logs_provided = "firewall logs";
  EXPECT_EQ(field_of([&] { check_response(s, report, 3, kNow); }), "root_cause.first_infected_host");
  s.root_cause.first_infected_host = "198.51.100.7";
  s.root_cause.entry_vector = "phishing mail";
  EXPECT_EQ(field_of([&] { check_response(s, report, 3, kNow); }), "root_cause.scope_units");
  s.root_cause.scope_endpoints = "120 PCs";
  s.root_cause.attack_techniques = {"T1566.001", "T1021"};
  EXPECT_EQ(field_of([&] { check_response(s, report, 3, kNow); }), "(accepted)");
  s.root_cause.attack_techniques = {"phishing"};
  EXPECT_EQ(field_of([&] { check_response(s, report, 3, kNow); }), "root_cause.attack_techniques");
}

TEST(IncidentChecks, ClosingNeedsNotificationReferralAndReport) {
  Incident t;
  t.report = complete_report();
  t.level = 3;
  t.report.personal_data = true;
  t.report.law_enforcement = true;
  auto fields = [&] {
    std::vector<std::string> out;
    for (auto& m : closing_requirements(t)) out.push_back(m.field);
    return out;
  };
  EXPECT_EQ(fields(), (std::vector<std::string>{"response", "investigation_report", "data_subject_notification",
                                                "law_enforcement_referral"}));
  t.response = IncidentResponse{};
  t.response->resolved_at = kNow;
  t.response->root_cause.first_infected_host = "pc7";
  t.response->root_cause.entry_vector = "mail";
  t.has_investigation_report = true;
  t.notification = DataSubjectNotification{};
  t.referral = LawEnforcementReferral{};
  EXPECT_TRUE(fields().empty());
  t.level = 2;
  t.has_investigation_report = false;
  EXPECT_TRUE(fields().empty()) << "levels 1–2 need no investigation report";
}

TEST(IncidentChecks, NotificationContentIsComplete) {
  DataSubjectNotification n{kNow, "e-mail", 320, "mailboxes were read", "names, e-mail", "passwords reset",
                            "service@school.example", ""};
  EXPECT_EQ(field_of([&] { check_notification(n); }), "content.remedies");
  n.remedies = "ask for correction or deletion; file a complaint";
  EXPECT_EQ(field_of([&] { check_notification(n); }), "(accepted)");
  n.people = 0;
  EXPECT_EQ(field_of([&] { check_notification(n); }), "people");
}

TEST(TicketNumber, TaipeiMonthAndPadding) {
  // 2026-11-30T16:30Z is already December 1st in Taipei.
  EXPECT_EQ(taipei_year_month(1796056200000), "202612");
  EXPECT_EQ(taipei_year_month(kNow), "202611");
  EXPECT_EQ(format_ticket_number("KHJH01", "INT", "202611", 7), "KHJH01-INT-202611-0007");
  EXPECT_EQ(format_ticket_number("KHJH01", "DEF", "202611", 12345), "KHJH01-DEF-202611-12345");
}
