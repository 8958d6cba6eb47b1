// A time given for an earlier moment is kept beside the time it was entered; far apart, the
// ticket shows both.
#include <gtest/gtest.h>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

TEST(EnteredTimes, ARecoveryEnteredDaysLaterShowsBoth) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto now = *core::parse_iso8601(school.get("/api/v1/health").json()["time"].get<std::string>());
  const auto days_ago = [&](int d) { return core::format_utc(now - d * 86'400'000LL); };
  auto report = botnet_report(days_ago(4));
  report["occurred_at"] = days_ago(4);
  // Reported by phone while the platform was down, entered now.
  report["offline_report"] = {{"reported_at", days_ago(4)}, {"means", "電話"}, {"reason", "平台無法連線"}};
  auto t = school.post("/api/v1/incidents", report).json();
  const std::string path = "/api/v1/incidents/" + std::to_string(t["id"].get<long long>());
  ASSERT_EQ(t["entered_long_after"].size(), 1u) << t.dump();
  EXPECT_EQ(t["entered_long_after"][0]["field"], "report.offline_report.reported_at");
  EXPECT_EQ(t["entered_long_after"][0]["hours_apart"], 96);

  auto filed = school.put(path + "/response", full_response(days_ago(3)));
  ASSERT_EQ(filed.status, 200) << filed.body;
  const auto entered = filed.json()["entered_long_after"];
  ASSERT_EQ(entered.size(), 2u) << entered.dump();
  EXPECT_EQ(entered[0]["field"], "response.resolved_at");
  EXPECT_EQ(entered[0]["claimed"], days_ago(3));
  EXPECT_EQ(entered[0]["hours_apart"], 72);

  // Entered the same day: nothing to show.
  auto prompt = school.post("/api/v1/incidents", botnet_report(days_ago(0))).json();
  EXPECT_TRUE(prompt["entered_long_after"].empty());
}
