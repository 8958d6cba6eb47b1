// Who hears of a report, and how it reads: levels 3-4 reach the CERT at once, a drill says so in
// every message, and a report filed at the hour's last minute is on time.
#include <gtest/gtest.h>

#include <thread>

#include "core/deadlines.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

const std::string kCertMail = "cert.1@demo.tongbao.test";

ServerFlags with_smtp(const SmtpServer& smtp) {
  return {.demo = true, .test_clock = true,
          .extra = {"--smtp-port", std::to_string(smtp.port()), "--mail-from", "tongbao@cert.example.edu.tw",
                    "--audit-digest-hours", "0"}};
}

std::vector<json> to(const std::vector<json>& messages, const std::string& address) {
  std::vector<json> out;
  for (const auto& m : messages)
    for (const auto& r : m["to"])
      if (r == address) out.push_back(m);
  return out;
}

}  // namespace

TEST(Notices, LevelThreeAndFourReachTheCertAtOnce) {
  SmtpServer smtp;
  ServerProcess server(with_smtp(smtp));
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto two = botnet_report(now_of(school));
  two["impact"]["availability"] = "non_core_late";  // level 2, chosen 2
  ASSERT_EQ(school.post("/api/v1/incidents", two).status, 201);
  smtp.wait_for(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  EXPECT_TRUE(to(smtp.messages(), kCertMail).empty()) << "level 2 goes to the unit and its centre only";

  auto three = botnet_report(now_of(school));
  three["chosen_level"] = 3;
  auto filed = school.post("/api/v1/incidents", three);
  ASSERT_EQ(filed.status, 201);
  auto got = smtp.wait_for(5);
  const auto cert = to(got, kCertMail);
  ASSERT_EQ(cert.size(), 1u);
  EXPECT_NE(cert[0]["subject"].get<std::string>().find(filed.json()["number"].get<std::string>()), std::string::npos);

  // Chosen 2 where the answers give 3: the stricter level counts, so the CERT hears of it too.
  ASSERT_EQ(school.post("/api/v1/incidents", botnet_report(now_of(school))).status, 201);
  got = smtp.wait_for(8);
  EXPECT_EQ(to(got, kCertMail).size(), 2u);
}

TEST(Notices, EveryMessageOfADrillSaysSo) {
  SmtpServer smtp;
  ServerProcess server(with_smtp(smtp));
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto report = botnet_report(now_of(school));
  report["drill"] = true;
  report["impact"]["availability"] = "non_core_late";
  ASSERT_EQ(school.post("/api/v1/incidents", report).status, 201);
  auto got = smtp.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  for (const auto& m : got) {
    EXPECT_EQ(m["subject"].get<std::string>().rfind("【演練 DRILL】", 0), 0u) << m["subject"];
    EXPECT_EQ(m["body"].get<std::string>().rfind("【演練 DRILL】", 0), 0u) << m["body"];
  }
  // A reminder an hour on reads the same way.
  ASSERT_EQ(school.post("/api/v1/_test/clock", {{"advance_seconds", 3600}}).status, 200);
  got = smtp.wait_for(3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[2]["subject"].get<std::string>().rfind("【演練 DRILL】", 0), 0u) << got[2]["subject"];
}

TEST(Notices, AReportAtTheHoursLastMinuteIsOnTime) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  // Aware exactly an hour before now: the report goes in at 60:00 and some milliseconds.
  const auto now = *core::parse_iso8601(now_of(school));
  auto filed = school.post("/api/v1/incidents", botnet_report(core::format_utc(now - 3600'000)));
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto t = filed.json();
  for (const auto& d : t["deadlines"])
    if (d["key"] == "report") EXPECT_EQ(d["state"], "met") << d.dump();
  EXPECT_FALSE(t["late"].get<bool>());
}

TEST(Notices, MailsNameTheLevelAsTheProfileDoes) {
  SmtpServer smtp;
  auto flags = with_smtp(smtp);
  flags.extra.insert(flags.extra.end(), {"--policy", "taiwan-2002"});
  ServerProcess server(flags);
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  // Under the 2002 rules levels are A to D: level 2 is "C".
  auto report = botnet_report(now_of(school));
  report["impact"]["availability"] = "non_core_late";
  auto filed = school.post("/api/v1/incidents", report);
  ASSERT_EQ(filed.status, 201) << filed.body;
  EXPECT_EQ(filed.json()["policy"]["level_label"], "C");
  const auto got = smtp.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  for (const auto& m : got) EXPECT_NE(m["subject"].get<std::string>().find("C 級"), std::string::npos) << m["subject"];
}

TEST(Notices, DeadlinesAreComparedAtTheMinuteTheyAreShown) {
  core::PolicyProfile profile;
  core::DeadlineRule report;
  report.key = "report";
  report.within = {core::Span{3600'000, 0}, core::Span{3600'000, 0}, core::Span{3600'000, 0}, core::Span{3600'000, 0}};
  report.met_by = core::Milestone::reported;
  profile.deadlines.push_back(report);
  core::TicketMoments m;
  m.aware_at = *core::parse_iso8601("2026-11-23T09:00:00+08:00");
  const auto state_at = [&](core::TimeMs reported) {
    m.reported_at = reported;
    return core::compute_deadlines(profile, m, reported).front();
  };
  EXPECT_EQ(state_at(m.aware_at + 3600'000 + 1).state, core::DeadlineState::met) << "60:00 and a millisecond";
  EXPECT_EQ(state_at(m.aware_at + 3600'000 + 59'999).state, core::DeadlineState::met) << "still 60 minutes as shown";
  const auto late = state_at(m.aware_at + 3600'000 + 60'000);
  EXPECT_EQ(late.state, core::DeadlineState::met_late);
  EXPECT_EQ(late.late_by_ms, 60'000) << "one minute late, never 0 minutes";
}
