// Statistics of honesty count a level a reviewer kept below the computed one (with its reason)
// and times entered long after the moment they claim, in every way the figures are read: whole
// months from the kept sums, partial months from the tickets, and after a refill at start.
#include <gtest/gtest.h>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/test_database.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr long long kDayMs = 86'400'000;

json row_of(const json& items, const std::string& oid) {
  for (const auto& r : items)
    if (r["unit"]["oid"] == oid) return r;
  return nullptr;
}

class HonestyStatistics : public ::testing::Test {
 protected:
  void SetUp() override {
    school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
    county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
    cert.set_token(sign_in(cert, demo::kCert, "cert"));
    now = *core::parse_iso8601(school.get("/api/v1/health").json()["time"].get<std::string>());
  }
  std::string days_ago(int d) const { return core::format_utc(now - d * kDayMs); }
  std::string path_of(const json& ticket) const {
    return "/api/v1/incidents/" + std::to_string(ticket["id"].get<long long>());
  }
  json school_row(const std::string& query = "") {
    auto r = cert.get("/api/v1/statistics/timeliness" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto items = r.json()["items"];
    return row_of(items, demo::kSchoolA1);
  }

  ServerProcess server;
  HttpClient school = server.client(), county = server.client(), cert = server.client();
  core::TimeMs now = 0;
};

}  // namespace

TEST_F(HonestyStatistics, ALevelKeptBelowTheComputedOneAndTimesEnteredLateAreCounted) {
  // Chosen 1, the answers give 3: the county keeps level 1 and says why.
  auto below = botnet_report(days_ago(0));
  below["chosen_level"] = 1;
  below["impact"]["availability"] = "core_late";
  auto t1 = school.post("/api/v1/incidents", below);
  ASSERT_EQ(t1.status, 201) << t1.body;
  ASSERT_EQ(county.post(path_of(t1.json()) + "/review", {{"reason", "僅實驗室電腦受影響，非核心業務"}}).status, 200);

  // Recovered three days ago by the unit's word, entered now.
  auto t2 = school.post("/api/v1/incidents", botnet_report(days_ago(4)));
  ASSERT_EQ(t2.status, 201) << t2.body;
  ASSERT_EQ(school.put(path_of(t2.json()) + "/response", full_response(days_ago(3))).status, 200);

  // Recovered the same day it is entered: not counted.
  auto t3 = school.post("/api/v1/incidents", botnet_report(days_ago(0)));
  ASSERT_EQ(t3.status, 201) << t3.body;
  ASSERT_EQ(school.put(path_of(t3.json()) + "/response", full_response(days_ago(0))).status, 200);

  auto row = school_row();
  ASSERT_FALSE(row.is_null());
  EXPECT_EQ(row["incidents"], 3);
  EXPECT_EQ(row["accepted_below_computed"], 1);
  EXPECT_EQ(row["entered_long_after"], 1);

  // A period starting mid-month reads its edge from the tickets themselves: the same figures.
  const auto edge = school_row("?from=" + days_ago(5) + "&to=" + core::format_utc(now + 3'600'000));
  ASSERT_FALSE(edge.is_null());
  EXPECT_EQ(edge["incidents"], 3);
  EXPECT_EQ(edge["accepted_below_computed"], 1);
  EXPECT_EQ(edge["entered_long_after"], 1);

  // The CSV carries them too.
  auto csv = cert.get("/api/v1/statistics/timeliness?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("under_reported,accepted_below_computed,entered_long_after"), std::string::npos) << csv.body;

  // Raising the level afterwards takes the ticket out of the count: no level is kept below any more.
  ASSERT_EQ(county.post(path_of(t1.json()) + "/level", {{"level", 3}, {"reason", "核心業務未於容許時間內恢復"}}).status,
            200);
  EXPECT_EQ(school_row()["accepted_below_computed"], 0);
}

TEST_F(HonestyStatistics, AReportMadeByOtherMeansOfAnOlderServerIsCountedAfterTheRefill) {
  auto report = botnet_report(days_ago(4));
  report["offline_report"] = {{"reported_at", days_ago(4)}, {"means", "電話"}, {"reason", "平台無法連線"}};
  ASSERT_EQ(school.post("/api/v1/incidents", report).status, 201);
  EXPECT_EQ(school_row()["entered_long_after"], 1);

  // What a server from before the figure existed leaves: the flag unset, the sums of an older layout.
  server.stop();
  run_sql(server.database(),
          "UPDATE incidents SET entered_long_after = 0;\n"
          "DELETE FROM incident_timeliness;\n"
          "UPDATE statistics_state SET value = '3 policy=taiwan' WHERE name = 'rollup_basis';");
  server.start();
  cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto row = school_row();
  ASSERT_FALSE(row.is_null());
  EXPECT_EQ(row["incidents"], 1);
  EXPECT_EQ(row["entered_long_after"], 1);
}
