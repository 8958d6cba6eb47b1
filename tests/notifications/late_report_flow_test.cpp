// Deadlines over HTTP: a report filed long after awareness is marked late, and by how much.
#include <gtest/gtest.h>

#include <fstream>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

TEST(LateReportFlow, ReportFiledNineteenDaysAfterAwarenessIsMarkedLate) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  // Became aware now; the report is filed 19 days and 1 hour later (19 days past the 1-hour limit).
  const auto aware = school.get("/api/v1/health").json()["time"].get<std::string>();
  ASSERT_EQ(school.post("/api/v1/_test/clock", {{"advance_seconds", 19 * 86400 + 3600}}).status, 200);
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));  // sessions do not last 19 days
  auto filed = school.post("/api/v1/incidents", botnet_report(aware));
  ASSERT_EQ(filed.status, 201) << filed.body;
  auto t = filed.json();
  EXPECT_TRUE(t["late"].get<bool>());
  EXPECT_EQ(t["policy"]["name"], "taiwan");
  auto report = deadline(t, "report");
  ASSERT_FALSE(report.is_null()) << t["deadlines"].dump();
  EXPECT_EQ(report["state"], "met_late");
  EXPECT_EQ(report["late_by"]["en"], "19 days late");
  EXPECT_EQ(report["late_by"]["zh-TW"], "逾時 19 天");
  // Recovery is overdue as well; the centre's review clock has just started. The school chose
  // level 2 where its answers give 3: until the centre decides, level 3's clocks run.
  EXPECT_EQ(deadline(t, "recovery")["state"], "overdue");
  EXPECT_EQ(deadline(t, "review")["state"], "pending");
  EXPECT_EQ(deadline(t, "investigation_report")["state"], "not_started");

  // The county raises the level: the deadlines are recomputed at once.
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  const std::string path = "/api/v1/incidents/" + std::to_string(t["id"].get<long long>());
  auto raised = county.post(path + "/level", {{"level", 3}, {"reason", "core service down beyond tolerance"}});
  ASSERT_EQ(raised.status, 200);
  auto r = raised.json();
  EXPECT_EQ(deadline(r, "review")["state"], "met") << "the change of level is the centre's review";
  auto recovery_due = *tongbao::core::parse_iso8601(deadline(r, "recovery")["due_at"].get<std::string>());
  EXPECT_EQ(recovery_due - *tongbao::core::parse_iso8601(aware), 36LL * 3600 * 1000);
  EXPECT_FALSE(deadline(r, "investigation_report").is_null());
}

TEST(LateReportFlow, AReportInTimeShowsTheCountdown) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto t = school.post("/api/v1/incidents", botnet_report(school.get("/api/v1/health").json()["time"].get<std::string>())).json();
  EXPECT_FALSE(t["late"].get<bool>());
  EXPECT_EQ(deadline(t, "report")["state"], "met");
  auto recovery = deadline(t, "recovery");
  EXPECT_EQ(recovery["state"], "pending");
  EXPECT_GT(recovery["remaining_seconds"].get<long long>(), 35 * 3600) << "level 3's 36 hours while the level is in doubt";
  EXPECT_LE(recovery["remaining_seconds"].get<long long>(), 36 * 3600);
}

TEST(LateReportFlow, BadPolicyFileStopsTheServerWithFileLineAndField) {
  TempDir dir;
  std::ofstream(dir.file("broken.profile")) << "name = broken\nversion = 1\neffective_from = 2026-01-05T00:00:00Z\n"
                                               "[deadline report]\nlabel_zh = a\nlabel_en = b\nwithin = whenever\n";
  auto r = run_tongbao({"serve", "--data", dir.file("data"), "--listen", "127.0.0.1:0", "--policy-dir", dir.path().string(),
                        "--policy", "broken"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("broken.profile:7: within:"), std::string::npos) << r.output;
}
