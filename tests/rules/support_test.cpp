// Support at any point of a ticket's life: the unit asks after filing, its centre is told and
// takes it on, the unit hears who did; past the recovery limit the overdue notice offers it.
#include <gtest/gtest.h>

#include <thread>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

const std::string kTeacher = "teacher.5@demo.tongbao.test";
const std::string kCounty = "kaohsiung.3@demo.tongbao.test";

ServerFlags with_smtp(const SmtpServer& smtp) {
  return {.demo = true, .test_clock = true,
          .extra = {"--smtp-port", std::to_string(smtp.port()), "--mail-from", "tongbao@cert.example.edu.tw",
                    "--audit-digest-hours", "0"}};
}

json level_two(const std::string& aware_at) {
  auto report = botnet_report(aware_at);
  report["impact"]["availability"] = "non_core_late";
  return report;
}

}  // namespace

TEST(Support, AskedAfterFilingTakenOnByTheCentreAndTheUnitHearsWhoTookIt) {
  SmtpServer smtp;
  ServerProcess server(with_smtp(smtp));
  auto school = server.client(), county = server.client(), other = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  other.set_token(sign_in(other, demo::kCountyB, "pingtung"));
  auto t = school.post("/api/v1/incidents", level_two(now_of(school))).json();
  ASSERT_FALSE(t["support"]["needed"].get<bool>());
  const std::string path = "/api/v1/incidents/" + std::to_string(t["id"].get<long long>());
  smtp.wait_for(2);

  // Asked for once the report is in (before, it would have been a refused edit).
  EXPECT_EQ(school.post(path + "/support", {{"kinds", {"teleport"}}}).status, 400);
  EXPECT_EQ(school.post(path + "/support", json::object()).status, 400);
  EXPECT_EQ(other.post(path + "/support", {{"kinds", {"onsite"}}}).status, 404);
  EXPECT_EQ(county.post(path + "/support", {{"kinds", {"onsite"}}}).status, 403) << "the unit asks, not its centre";
  auto asked = school.post(path + "/support", {{"kinds", {"onsite", "forensics"}}, {"detail", "需要協助鑑識感染途徑"}});
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_TRUE(asked.json()["support"]["needed"].get<bool>());
  auto got = smtp.wait_for(3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[2]["kind"], "support_requested");
  EXPECT_EQ(got[2]["to"][0], kCounty);
  EXPECT_NE(got[2]["body"].get<std::string>().find("到場協助"), std::string::npos) << got[2]["body"];

  auto taken = county.post(path + "/support/take", json::object());
  ASSERT_EQ(taken.status, 200) << taken.body;
  got = smtp.wait_for(4);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[3]["kind"], "support_taken");
  EXPECT_EQ(got[3]["to"][0], kTeacher);
  EXPECT_NE(got[3]["body"].get<std::string>().find("高雄市教育網路中心"), std::string::npos) << got[3]["body"];

  // A draft asks in its own report; a closed ticket asks for nothing.
  auto draft = school.post("/api/v1/incidents", {{"type", "INT"}, {"subcategory", "botnet"}, {"submit", false}}).json();
  EXPECT_EQ(school.post("/api/v1/incidents/" + std::to_string(draft["id"].get<long long>()) + "/support",
                        {{"kinds", {"onsite"}}}).status, 409);
}

TEST(Support, PastTheRecoveryLimitTheOverdueNoticeOffersIt) {
  SmtpServer smtp;
  ServerProcess server(with_smtp(smtp));
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(school.post("/api/v1/incidents", level_two(now_of(school))).status, 201);
  smtp.wait_for(2);
  // Step over the 72-hour limit onto the reminder grid (1 h, then every 12 h): 73 h is overdue.
  int elapsed = 0;
  size_t expected = 2;
  for (int at = 3600; at <= 73 * 3600; at += 12 * 3600) {
    ASSERT_EQ(school.post("/api/v1/_test/clock", {{"advance_seconds", at - elapsed}}).status, 200);
    elapsed = at;
    smtp.wait_for(++expected);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto got = smtp.messages();
  ASSERT_GE(got.size(), expected);
  EXPECT_EQ(got.back()["kind"], "overdue");
  EXPECT_NE(got.back()["body"].get<std::string>().find("需要支援嗎"), std::string::npos) << got.back()["body"];
}
