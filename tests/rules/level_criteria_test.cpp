// The 2002 notice sets levels by its own criteria (A: public safety, B: systems halted, C:
// operations interrupted, D: a brief stop), not by the regulation's confidentiality/integrity/
// availability table: played through HTTP against a server running that profile, and against one
// running the default profile, where criteria are refused.
#include <gtest/gtest.h>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr long long kMinute = 60, kHour = 3600;

ServerFlags with_2002_profile() { return {.demo = true, .test_clock = true, .extra = {"--policy", "taiwan-2002"}}; }

// The school's tickets, drafts included: what is stored.
long long stored_tickets(HttpClient& c) {
  auto r = c.get("/api/v1/incidents?mine=true&scope=all");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json()["total"].get<long long>();
}

// A report marking these criteria; its impact answers alone would give level 3 under the table.
json marked(HttpClient& c, const json& criteria, int chosen) {
  auto report = botnet_report(now_of(c));
  report["impact"]["criteria"] = criteria;
  report["chosen_level"] = chosen;
  return report;
}

class LevelCriteria2002 : public ::testing::Test {
 protected:
  void SetUp() override {
    school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
    county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  }
  ServerProcess server{with_2002_profile()};
  HttpClient school = server.client(), county = server.client();
};

}  // namespace

TEST_F(LevelCriteria2002, TheProfileInForceListsItsCriteria) {
  auto r = school.get("/api/v1/policy");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto p = r.json();
  EXPECT_EQ(p["name"], "taiwan-2002");
  EXPECT_EQ(p["version"], "2002");
  EXPECT_EQ(p["level_labels"], json({"D", "C", "B", "A"}));
  ASSERT_EQ(p["level_criteria"].size(), 4u);
  EXPECT_EQ(p["level_criteria"][0],
            json({{"key", "public_safety"},
                  {"level", 4},
                  {"label_zh", "影響公共安全、社會秩序、人民生命財產"},
                  {"label_en", "Affects public safety, social order, or people's lives and property"}}));
  EXPECT_EQ(p["level_criteria"][1]["key"], "operations_halted");
  EXPECT_EQ(p["level_criteria"][1]["level"], 3);
  EXPECT_EQ(p["level_criteria"][1]["label_zh"], "系統停頓，業務無法運作");
  EXPECT_EQ(p["level_criteria"][3]["key"], "brief_stop");
  EXPECT_EQ(p["level_criteria"][3]["level"], 1);
  ASSERT_EQ(p["deadlines"].size(), 2u);
  EXPECT_EQ(p["deadlines"][0], json({{"key", "report"},
                                      {"label_zh", "通報"},
                                      {"label_en", "Report"},
                                      {"from", "aware"},
                                      {"within_minutes", {30, 30, 30, 30}}}));
  EXPECT_EQ(p["deadlines"][1]["within_minutes"], json({72 * 60, 72 * 60, 36 * 60, 36 * 60}));

  // At a time of awareness: the same profile (its only version), and a bad time is named.
  auto at = school.get("/api/v1/policy?aware_at=2026-11-23T09:30:00%2B08:00");
  ASSERT_EQ(at.status, 200) << at.body;
  EXPECT_EQ(at.json()["name"], "taiwan-2002");
  auto bad = school.get("/api/v1/policy?aware_at=yesterday");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "aware_at");
  EXPECT_EQ(server.client().get("/api/v1/policy").status, 401);
}

TEST_F(LevelCriteria2002, TheAssessmentNamesTheDecidingCriterion) {
  auto r = school.post("/api/v1/incidents/level-assessment",
                       {{"criteria", {"brief_stop", "operations_halted"}}, {"availability", "ci_late"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto a = r.json();
  EXPECT_EQ(a["level"], 3) << "the highest criterion marked; the availability answer counts for nothing";
  EXPECT_EQ(a["level_label"], "B");
  EXPECT_EQ(a["deciding"], "criteria");
  EXPECT_EQ(a["criterion"]["key"], "operations_halted");
  EXPECT_EQ(a["criterion"]["label_zh"], "系統停頓，業務無法運作");
  EXPECT_NE(a["reasoning"].get<std::string>().find("Systems halted, operations cannot run"), std::string::npos) << a.dump();
  ASSERT_EQ(a["criteria"].size(), 2u);
  EXPECT_EQ(a["criteria"][0]["key"], "operations_halted") << "in the profile's order";
  EXPECT_EQ(a["criteria"][1]["label_en"], "Operations briefly stopped, immediately repairable");

  // Nothing marked: the lowest level, D.
  r = school.post("/api/v1/incidents/level-assessment", {{"aware_at", now_of(school)}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["level"], 1);
  EXPECT_EQ(r.json()["level_label"], "D");
  EXPECT_TRUE(r.json()["criterion"].is_null());

  auto unknown = school.post("/api/v1/incidents/level-assessment", {{"criteria", {"meteor_strike"}}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.json()["error"]["field"], "criteria");
  EXPECT_NE(unknown.json()["error"]["message"].get<std::string>().find("meteor_strike"), std::string::npos);
  auto not_a_list = school.post("/api/v1/incidents/level-assessment", {{"criteria", "public_safety"}});
  EXPECT_EQ(not_a_list.status, 400);
  EXPECT_EQ(not_a_list.json()["error"]["field"], "criteria");
  auto too_long = school.post("/api/v1/incidents/level-assessment", {{"criteria", {std::string(65, 'a')}}});
  EXPECT_EQ(too_long.status, 400);
  json seventeen = json::array();
  for (int i = 0; i < 17; ++i) seventeen.push_back("brief_stop");
  EXPECT_EQ(school.post("/api/v1/incidents/level-assessment", {{"criteria", seventeen}}).status, 400);
}

TEST_F(LevelCriteria2002, AReportMarkingSystemsHaltedIsLevelBAndItsDeadlinesFollow) {
  auto filed = school.post("/api/v1/incidents", marked(school, {"operations_halted"}, 3));
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto t = filed.json();
  EXPECT_EQ(t["level"], 3);
  EXPECT_EQ(t["computed_level"], 3);
  EXPECT_FALSE(t["under_reported"].get<bool>());
  EXPECT_EQ(t["policy"]["name"], "taiwan-2002");
  EXPECT_EQ(t["policy"]["level_label"], "B");
  EXPECT_EQ(t["policy"]["level_labels"], json({"D", "C", "B", "A"}));
  EXPECT_EQ(t["assessment"]["deciding"], "criteria");
  EXPECT_EQ(t["assessment"]["criterion"]["key"], "operations_halted");
  EXPECT_EQ(t["report"]["impact"]["criteria"], json({"operations_halted"})) << "kept as marked";
  EXPECT_EQ(t["review"]["deadline_level"], 3);
  EXPECT_EQ(seconds_between(t["report"]["aware_at"], deadline(t, "report")["due_at"]), 30 * kMinute);
  EXPECT_EQ(seconds_between(t["report"]["aware_at"], deadline(t, "recovery")["due_at"]), 36 * kHour) << "B: 36 h, not 72 h";
  // Read back as stored.
  auto again = school.get("/api/v1/incidents/" + std::to_string(t["id"].get<long long>()));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json()["report"]["impact"]["criteria"], json({"operations_halted"}));
  EXPECT_EQ(again.json()["computed_level"], 3);
}

TEST_F(LevelCriteria2002, ALowerChosenLevelRunsOnTheCriterionsClockUntilTheCentreSaysWhy) {
  // The answers of the table would give 3; under the notice only the criteria count: C (2) is
  // operations interrupted, D chosen is below it.
  auto filed = school.post("/api/v1/incidents", marked(school, {"operations_interrupted"}, 1));
  ASSERT_EQ(filed.status, 201) << filed.body;
  auto t = filed.json();
  EXPECT_EQ(t["computed_level"], 2);
  EXPECT_TRUE(t["under_reported"].get<bool>());
  EXPECT_EQ(t["review"]["deadline_level"], 2);

  filed = school.post("/api/v1/incidents", marked(school, {"public_safety", "brief_stop"}, 2));
  ASSERT_EQ(filed.status, 201) << filed.body;
  t = filed.json();
  EXPECT_EQ(t["computed_level"], 4);
  EXPECT_EQ(t["assessment"]["level_label"], "A");
  EXPECT_EQ(t["review"]["deadline_level"], 4);
  EXPECT_EQ(seconds_between(t["report"]["aware_at"], deadline(t, "recovery")["due_at"]), 36 * kHour);
  const auto path = "/api/v1/incidents/" + std::to_string(t["id"].get<long long>());
  auto bare = county.post(path + "/review", json::object());
  EXPECT_EQ(bare.status, 400) << bare.body;
  EXPECT_EQ(bare.json()["error"]["field"], "reason");
  auto confirmed = county.post(path + "/review", {{"reason", "僅單一處室系統受影響"}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json()["review"]["deadline_level"], 2);
  EXPECT_EQ(seconds_between(t["report"]["aware_at"], deadline(confirmed.json(), "recovery")["due_at"]), 72 * kHour);
}

TEST_F(LevelCriteria2002, AnUnknownCriterionIsRefusedAndNothingIsStored) {
  const auto before = stored_tickets(school);
  for (bool submit : {true, false}) {
    auto report = marked(school, {"operations_halted", "meteor_strike"}, 3);
    report["submit"] = submit;
    auto r = school.post("/api/v1/incidents", report);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["error"]["field"], "impact.criteria");
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("meteor_strike"), std::string::npos) << r.body;
  }
  EXPECT_EQ(stored_tickets(school), before);

  // A draft edited with an unknown criterion keeps what it had.
  auto draft = marked(school, {"brief_stop"}, 1);
  draft["submit"] = false;
  auto saved = school.post("/api/v1/incidents", draft);
  ASSERT_EQ(saved.status, 201) << saved.body;
  const auto path = "/api/v1/incidents/" + std::to_string(saved.json()["id"].get<long long>());
  auto edited = marked(school, {"public_safety", "nope"}, 4);
  auto r = school.put(path + "/report", edited);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "impact.criteria");
  auto kept = school.get(path).json();
  EXPECT_EQ(kept["report"]["impact"]["criteria"], json({"brief_stop"}));
  EXPECT_EQ(kept["report"]["chosen_level"], 1);
  // Marked twice is refused too.
  r = school.put(path + "/report", marked(school, {"brief_stop", "brief_stop"}, 1));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "impact.criteria");
  // A known one is saved, and the draft files.
  r = school.put(path + "/report", marked(school, {"operations_halted"}, 3));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["computed_level"], 3);
  r = school.post(path + "/submit", json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["policy"]["level_label"], "B");
}

// Under the default profile (the regulation's table) there are no criteria to mark: every place a
// report or an assessment carries them refuses them alike, and the table decides.
TEST(LevelCriteriaDefaultProfile, CriteriaAreRefusedWhereTheTableApplies) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto policy = school.get("/api/v1/policy");
  ASSERT_EQ(policy.status, 200) << policy.body;
  EXPECT_EQ(policy.json()["name"], "taiwan");
  EXPECT_TRUE(policy.json()["level_criteria"].empty());
  EXPECT_EQ(policy.json()["level_labels"], json({"1", "2", "3", "4"}));
  // The 2018 version before 2026-01-05.
  EXPECT_EQ(school.get("/api/v1/policy?aware_at=2025-06-01T00:00:00Z").json()["version"], "2018-11-21");

  auto assessed = school.post("/api/v1/incidents/level-assessment", {{"criteria", {"operations_halted"}}});
  EXPECT_EQ(assessed.status, 400) << assessed.body;
  EXPECT_EQ(assessed.json()["error"]["field"], "criteria");
  EXPECT_NE(assessed.json()["error"]["message"].get<std::string>().find("no level criteria"), std::string::npos);
  auto empty = school.post("/api/v1/incidents/level-assessment", {{"criteria", json::array()}, {"availability", "core_late"}});
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.json()["level"], 3);
  EXPECT_EQ(empty.json()["deciding"], "availability");
  EXPECT_TRUE(empty.json()["criterion"].is_null());

  const auto before = stored_tickets(school);
  auto r = school.post("/api/v1/incidents", marked(school, {"operations_halted"}, 3));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "impact.criteria");
  EXPECT_EQ(stored_tickets(school), before);

  auto report = botnet_report(now_of(school));
  report["impact"]["criteria"] = json::array();
  r = school.post("/api/v1/incidents", report);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["computed_level"], 3) << "the table decides";
  EXPECT_FALSE(r.json()["report"]["impact"].contains("criteria")) << "an empty list is not kept";
}
