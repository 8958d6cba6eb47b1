// The centre's two steps, played through HTTP with the test clock: the report is reviewed as soon
// as it is filed (within 8 h at levels 1-2, 2 h at 3-4), the response is approved once filed; a
// level in doubt runs on the stricter clock; a refiled report keeps its first filing.
#include <gtest/gtest.h>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr long long kHour = 3600;

// The next deadline of a ticket as a list shows it.
json next_in_list(HttpClient& client, long long id) {
  const auto page = client.get("/api/v1/incidents?scope=open&limit=100").json();
  for (const auto& item : page["items"])
    if (item["id"] == id) return item["next_deadline"];
  return nullptr;
}

class ReviewSteps : public ::testing::Test {
 protected:
  void SetUp() override {
    school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
    county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  }
  std::string now() { return school.get("/api/v1/health").json()["time"].get<std::string>(); }
  void advance(long long seconds) {
    ASSERT_EQ(school.post("/api/v1/_test/clock", {{"advance_seconds", seconds}}).status, 200);
  }
  // A report as filed: `chosen` level, with answers that give level 2 unless `availability` says otherwise.
  json file(int chosen, const std::string& availability = "non_core_late") {
    auto report = botnet_report(now());
    report["chosen_level"] = chosen;
    report["impact"]["availability"] = availability;
    auto r = school.post("/api/v1/incidents", report);
    EXPECT_EQ(r.status, 201) << r.body;
    path = "/api/v1/incidents/" + std::to_string(r.json()["id"].get<long long>());
    return r.json();
  }

  ServerProcess server;
  HttpClient school = server.client(), county = server.client();
  std::string path;
};

}  // namespace

TEST_F(ReviewSteps, TheReportIsReviewedAsSoonAsItIsFiledAndTheResponseApprovedLater) {
  auto t = file(2);
  EXPECT_EQ(deadline(t, "review")["state"], "pending");
  EXPECT_EQ(seconds_between(t["reported_at"], deadline(t, "review")["due_at"]), 8 * kHour);
  const auto as_county = county.get(path).json()["allowed_actions"];
  EXPECT_NE(std::find(as_county.begin(), as_county.end(), "review_report"), as_county.end()) << as_county.dump();
  advance(3 * kHour);
  // Nothing to approve before the response: the approval is the second step.
  EXPECT_EQ(county.post(path + "/approve", json::object()).status, 409);
  auto reviewed = county.post(path + "/review", json::object());
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  EXPECT_EQ(reviewed.json()["state"], "reported") << "the review does not wait for the response";
  EXPECT_EQ(deadline(reviewed.json(), "review")["state"], "met");
  // The test clock runs on from where it was set: a loaded machine adds a second or two.
  EXPECT_NEAR(seconds_between(reviewed.json()["reported_at"], reviewed.json()["review"]["reviewed_at"]), 3 * kHour, 3);
  EXPECT_EQ(county.post(path + "/review", json::object()).status, 409) << "once per filing";

  ASSERT_EQ(school.put(path + "/response", full_response(now())).status, 200);
  auto approved = county.post(path + "/approve", {{"comment", "處置完整"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["state"], "cert_review");
  EXPECT_FALSE(approved.json()["review"]["approved_at"].is_null());
  // Review timeliness reads the first step: three hours from report to review.
  auto stats = county.get("/api/v1/statistics/timeliness").json()["items"];
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_NEAR(stats[0]["report_to_review"]["median_hours"].get<double>(), 3.0, 0.02);
}

TEST_F(ReviewSteps, ALevelInDoubtRunsOnTheStricterClockUntilAReviewerDecides) {
  auto t = file(1, "core_late");  // chosen 1, the answers give 3
  ASSERT_EQ(t["computed_level"], 3);
  EXPECT_EQ(t["review"]["deadline_level"], 3);
  EXPECT_EQ(seconds_between(t["reported_at"], deadline(t, "review")["due_at"]), 2 * kHour) << "not the 8 h of level 1";
  EXPECT_EQ(seconds_between(t["report"]["aware_at"], deadline(t, "recovery")["due_at"]), 36 * kHour) << "not 72 h";

  // Confirming the lower level needs a reason, kept on the ticket; then the chosen level's clock runs.
  auto bare = county.post(path + "/review", json::object());
  EXPECT_EQ(bare.status, 400) << bare.body;
  EXPECT_EQ(bare.json()["error"]["field"], "reason");
  auto confirmed = county.post(path + "/review", {{"reason", "僅實驗室電腦受影響，非核心業務"}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json()["level"], 1);
  EXPECT_EQ(confirmed.json()["review"]["below_computed_reason"], "僅實驗室電腦受影響，非核心業務");
  EXPECT_EQ(confirmed.json()["review"]["deadline_level"], 1);
  EXPECT_EQ(seconds_between(confirmed.json()["report"]["aware_at"], deadline(confirmed.json(), "recovery")["due_at"]), 72 * kHour);
}

TEST_F(ReviewSteps, ApprovingALevelBelowTheComputedOneNeedsAReason) {
  file(2, "core_late");  // the answers give 3
  ASSERT_EQ(school.put(path + "/response", full_response(now())).status, 200);
  auto bare = county.post(path + "/approve", json::object());
  EXPECT_EQ(bare.status, 400) << bare.body;
  EXPECT_EQ(bare.json()["error"]["field"], "reason");
  EXPECT_EQ(school.get(path).json()["state"], "responded") << "a refused approval changes nothing";
  auto approved = county.post(path + "/approve", {{"reason", "服務已於容許時間內恢復"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["review"]["below_computed_reason"], "服務已於容許時間內恢復");
  // Raising the level instead needs no such reason.
  file(2, "core_late");
  ASSERT_EQ(county.post(path + "/level", {{"level", 3}, {"reason", "核心業務未於容許時間內恢復"}}).status, 200);
  ASSERT_EQ(school.put(path + "/response", full_response(now())).status, 200);
  EXPECT_EQ(county.post(path + "/approve", json::object()).status, 200);
}

TEST_F(ReviewSteps, ARefiledReportKeepsItsFirstFilingAndTheReviewStartsAgain) {
  auto t = file(2);
  const auto first_filing = t["reported_at"];
  EXPECT_EQ(deadline(t, "report")["state"], "met");
  advance(2 * kHour);
  ASSERT_EQ(county.post(path + "/return", {{"reason", "請補充受影響主機清單"}}).status, 200);
  advance(3 * kHour);  // the unit corrects it later the same day
  auto report = school.get(path).json()["report"];
  report.erase("offline_report");
  report["hosts"].push_back({{"ip", "198.51.100.8"}, {"hostname", "lab-pc-08"}, {"owner", "school"}});
  ASSERT_EQ(school.put(path + "/report", report).status, 200);
  auto refiled = school.post(path + "/submit", json::object());
  ASSERT_EQ(refiled.status, 200) << refiled.body;
  const auto r = refiled.json();
  EXPECT_EQ(r["reported_at"], first_filing) << "the report was made when first filed";
  EXPECT_EQ(deadline(r, "report")["state"], "met") << "not late because of the correction";
  // Five hours of the test clock, and the real seconds the test took meanwhile.
  EXPECT_NEAR(seconds_between(first_filing, r["filed_at"]), 5 * kHour, 3);
  const auto review = deadline(r, "review");
  EXPECT_EQ(review["state"], "pending") << "the centre reviews the corrected report";
  EXPECT_EQ(seconds_between(r["filed_at"], review["due_at"]), 8 * kHour);
  EXPECT_NEAR(review["remaining_seconds"].get<double>(), 8 * kHour, 1.0) << "the countdown starts again";
  // The county's queue counts down from the same moment as the ticket.
  EXPECT_EQ(next_in_list(county, r["id"].get<long long>())["due_at"], review["due_at"]);
  EXPECT_EQ(county.post(path + "/review", json::object()).status, 200);
}

TEST_F(ReviewSteps, ListsRunOnTheStricterClockToo) {
  auto t = file(1, "core_late");  // chosen 1, the answers give 3
  const auto in_list = next_in_list(county, t["id"].get<long long>());
  EXPECT_EQ(in_list["key"], "review");
  EXPECT_EQ(in_list["due_at"], deadline(t, "review")["due_at"]) << "2 h as on the ticket, not the 8 h of level 1";
}
