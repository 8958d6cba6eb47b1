// The statistics' kept sums can be neither poisoned by a ticket nor left broken by an older
// server, and abandoned drafts are not reminded for ever.
#include <gtest/gtest.h>

#include <thread>

#include "core/duration_histogram.h"
#include "core/statistics_rollup.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/test_database.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr core::TimeMs kDay = 86'400'000;

}  // namespace

TEST(KeptSums, TenYearsAndMoreReadBackAlone) {
  for (core::TimeMs d : {3650 * kDay, 3651 * kDay, 20 * 365 * kDay}) {
    core::DurationHistogram h;
    h.add(d);  // alone in the last bucket: the encoding's first gap reaches past every other bucket
    core::DurationHistogram back;
    ASSERT_NO_THROW(back.decode_add(h.encode())) << h.encode();
    EXPECT_EQ(back, h);
    core::HistogramSum sum;
    ASSERT_NO_THROW(sum.add_encoded(h.encode()));
    EXPECT_EQ(sum.total(), 1);
  }
}

TEST(KeptSums, ABucketBelowZeroIsDroppedNotStored) {
  core::DurationHistogram h;
  h.add(5 * 60'000);
  h.add(7 * 60'000, -1);  // taken away, never added
  h.drop_negative();
  EXPECT_EQ(h.total(), 1);
  core::DurationHistogram back;
  ASSERT_NO_THROW(back.decode_add(h.encode()));
  EXPECT_EQ(back, h);
}

TEST(KeptSums, BrokenSumsOfAnOlderServerAreRefilledAtStart) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(school.post("/api/v1/incidents", botnet_report(now_of(school))).status, 201);
  server.stop();
  // What an older server could leave: a histogram that cannot be read, under an older layout.
  run_sql(server.database(),
          "UPDATE incident_timeliness SET to_report = '-1';\n"
          "UPDATE statistics_state SET value = '2 policy=taiwan' WHERE name = 'rollup_basis';");
  server.start();
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto timeliness = county.get("/api/v1/statistics/timeliness");
  ASSERT_EQ(timeliness.status, 200) << timeliness.body;
  const auto items = timeliness.json()["items"];
  ASSERT_EQ(items.size(), 1u) << timeliness.body;
  EXPECT_EQ(items[0]["incidents"], 1);
  EXPECT_EQ(items[0]["awareness_to_report"]["n"], 1);
  school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  EXPECT_EQ(school.post("/api/v1/incidents", botnet_report(now_of(school))).status, 201) << "new tickets still add up";
}

TEST(DraftReminders, StopAfterTheProfilesLimitAndTellTheCentre) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto draft = school.post("/api/v1/incidents", {{"type", "INT"}, {"subcategory", "botnet"}, {"submit", false}});
  ASSERT_EQ(draft.status, 201) << draft.body;
  // The draft's mails, as the CERT's outbox lists them (a unit's own view of its ticket keeps to its history).
  const std::string timeline = "/api/v1/outbox?limit=500&incident_id=" + std::to_string(draft.json()["id"].get<long long>());
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto count = [&](const std::string& kind) {
    int n = 0;
    cert.set_token(sign_in(cert, demo::kCert, "cert"));
    const auto messages = cert.get(timeline).json()["items"];
    for (const auto& m : messages) n += m["kind"] == kind;
    return n;
  };
  // Step through twenty days, onto each 12-hour point (the first reminder is due after an hour).
  auto step = [&](int seconds) {
    ASSERT_EQ(school.post("/api/v1/_test/clock", {{"advance_seconds", seconds}}).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));  // the scheduler looks every 200 ms
  };
  step(3600);
  for (int i = 0; i < 14; ++i) step(12 * 3600);  // to 7 days and 1 hour
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));  // a week on: a new session
  const int in_the_first_week = count("reminder");
  EXPECT_GE(in_the_first_week, 13) << "drafts are reminded while the profile says so";
  EXPECT_EQ(count("draft_abandoned"), 1) << "the centre hears once that the draft was left behind";
  for (int i = 0; i < 26; ++i) step(12 * 3600);  // thirteen more days
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  EXPECT_EQ(count("reminder"), in_the_first_week) << "no reminder after the limit";
  EXPECT_EQ(count("draft_abandoned"), 1);
  const auto messages = cert.get(timeline).json()["items"];
  for (const auto& m : messages) {
    if (m["kind"] == "draft_abandoned") {
      EXPECT_EQ(m["to"], "kaohsiung.3@demo.tongbao.test");
    }
  }
}

TEST(KeptSums, APeriodWhollyOutsideTheAcceptedTimesReadsNothing) {
  const core::TimeMs year_minus_one = -62'198'755'200'000;  // -0001-01-01T00:00:00Z
  for (auto [from, to] : {std::pair<std::optional<core::TimeMs>, std::optional<core::TimeMs>>{std::nullopt, year_minus_one},
                          {core::kLatestTime + kDay, std::nullopt},
                          {year_minus_one, year_minus_one + kDay}}) {
    const auto split = core::split_period(from, to);
    EXPECT_EQ(split.first_month, split.end_month);
    EXPECT_TRUE(split.edges.empty());
  }
}
