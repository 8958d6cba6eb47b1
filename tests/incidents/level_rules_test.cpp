// Every cell of the level rules: each answer of each dimension, and the overall maximum; and the
// levels of a profile with criteria of its own (the 2002 notice).
#include "core/level.h"

#include <gtest/gtest.h>

#include <tuple>

#include "core/deadlines.h"
#include "core/error.h"
#include "core/policy_set.h"
#include "store/embedded.h"

using namespace tongbao::core;

namespace {
const PolicyProfile kTable;  // no criteria: the regulation's table

const std::vector<std::pair<InformationImpact, int>> kInformationCells = {
    {InformationImpact::none, 0},
    {InformationImpact::non_core_slight, 1},
    {InformationImpact::non_core_serious, 2},
    {InformationImpact::core_slight, 2},
    {InformationImpact::core_serious, 3},
    {InformationImpact::sensitive_slight, 3},
    {InformationImpact::sensitive_serious, 4},
    {InformationImpact::state_secret, 4},
};
const std::vector<std::pair<AvailabilityImpact, int>> kAvailabilityCells = {
    {AvailabilityImpact::none, 0},
    {AvailabilityImpact::non_core_in_time, 1},
    {AvailabilityImpact::non_core_late, 2},
    {AvailabilityImpact::core_in_time, 2},
    {AvailabilityImpact::core_late, 3},
    {AvailabilityImpact::ci_in_time, 3},
    {AvailabilityImpact::ci_late, 4},
};
}  // namespace

TEST(LevelRules, ConfidentialityCells) {
  for (auto [answer, level] : kInformationCells) {
    auto d = confidentiality_level(answer);
    EXPECT_EQ(d.level, level) << to_string(answer);
    EXPECT_EQ(d.rule.substr(0, 2), "C" + std::to_string(level)) << d.rule;
    EXPECT_NE(d.rule.find("leaked"), std::string::npos) << d.rule;
  }
}

TEST(LevelRules, IntegrityCells) {
  for (auto [answer, level] : kInformationCells) {
    auto d = integrity_level(answer);
    EXPECT_EQ(d.level, level) << to_string(answer);
    EXPECT_EQ(d.rule.substr(0, 2), "I" + std::to_string(level)) << d.rule;
    EXPECT_NE(d.rule.find("altered"), std::string::npos) << d.rule;
  }
}

TEST(LevelRules, AvailabilityCells) {
  for (auto [answer, level] : kAvailabilityCells) {
    auto d = availability_level(answer);
    EXPECT_EQ(d.level, level) << to_string(answer);
    EXPECT_EQ(d.rule.substr(0, 2), "A" + std::to_string(level)) << d.rule;
  }
}

TEST(LevelRules, OverallIsTheHighestDimensionAndNamesIt) {
  for (auto [c, cl] : kInformationCells)
    for (auto [i, il] : kInformationCells)
      for (auto [a, al] : kAvailabilityCells) {
        auto r = assess_level({c, i, a}, kTable);
        const int expected = std::max({cl, il, al, 1});
        ASSERT_EQ(r.level, expected) << to_string(c) << " " << to_string(i) << " " << to_string(a);
        if (std::max({cl, il, al}) == 0) {
          EXPECT_EQ(r.deciding, "none");
        } else {
          const int deciding = r.deciding == "confidentiality" ? cl : r.deciding == "integrity" ? il : al;
          EXPECT_EQ(deciding, expected) << r.deciding;
        }
        EXPECT_NE(r.reasoning.find(std::to_string(r.level)), std::string::npos);
      }
}

TEST(LevelRules, TheTwoInvestigatedCases) {
  // A botnet took down a county's network, a core service, beyond its tolerable downtime.
  auto botnet = assess_level({InformationImpact::none, InformationImpact::none, AvailabilityImpact::core_late}, kTable);
  EXPECT_EQ(botnet.level, 3);
  EXPECT_EQ(botnet.deciding, "availability");
  EXPECT_TRUE(is_under_reported(2, botnet));
  // Mail accounts holding personal data leaked: sensitive information, slightly.
  auto leak = assess_level({InformationImpact::sensitive_slight, InformationImpact::none, AvailabilityImpact::none}, kTable);
  EXPECT_EQ(leak.level, 3);
  EXPECT_EQ(leak.deciding, "confidentiality");
  EXPECT_TRUE(is_under_reported(2, leak));
  EXPECT_FALSE(is_under_reported(3, leak));
  EXPECT_FALSE(is_under_reported(4, leak));
}

namespace {

// The 2002 notice as shipped (policies/taiwan-2002.profile).
const PolicyProfile& notice_2002() {
  static const PolicySet set = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : tongbao::embedded::policy_files()) files.emplace_back(std::string(f.name), std::string(f.text));
    auto s = PolicySet::from_files(files);
    s.choose("taiwan-2002");
    return s;
  }();
  return set.for_ticket(UnitKind::school, 0);
}

ImpactAnswers marking(std::vector<std::string> criteria) {
  ImpactAnswers a;
  a.criteria = std::move(criteria);
  return a;
}

std::string error_field(const ImpactAnswers& a, const PolicyProfile& p) {
  try {
    check_criteria(a, p);
  } catch (const Error& e) {
    return e.field() + " | " + e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST(LevelCriteria, TheNoticesFourLevels) {
  const auto& p = notice_2002();
  ASSERT_EQ(p.level_criteria.size(), 4u);
  const std::vector<std::tuple<std::string, int, std::string>> cells = {
      {"public_safety", 4, "A"}, {"operations_halted", 3, "B"}, {"operations_interrupted", 2, "C"}, {"brief_stop", 1, "D"}};
  for (const auto& [key, level, label] : cells) {
    const auto a = assess_level(marking({key}), p);
    EXPECT_EQ(a.level, level) << key;
    EXPECT_EQ(a.level_label, label) << key;
    EXPECT_EQ(a.deciding, "criteria");
    ASSERT_TRUE(a.criterion.has_value()) << key;
    EXPECT_EQ(a.criterion->key, key);
    EXPECT_NE(a.reasoning.find(a.criterion->label_en), std::string::npos) << a.reasoning;
    EXPECT_NE(a.reasoning.find(a.criterion->label_zh), std::string::npos) << a.reasoning;
  }
  EXPECT_EQ(find_criterion(p, "operations_halted")->label_zh, "系統停頓，業務無法運作");
}

TEST(LevelCriteria, TheHighestMarkedDecidesAndNoneGivesTheLowest) {
  const auto& p = notice_2002();
  auto a = assess_level(marking({"brief_stop", "operations_halted", "operations_interrupted"}), p);
  EXPECT_EQ(a.level, 3);
  EXPECT_EQ(a.criterion->key, "operations_halted");
  EXPECT_NE(a.reasoning.find("Level 3 (B)"), std::string::npos) << a.reasoning;
  std::vector<std::string> marked;
  for (const auto& c : a.marked) marked.push_back(c.key);
  EXPECT_EQ(marked, (std::vector<std::string>{"operations_halted", "operations_interrupted", "brief_stop"}))
      << "in the profile's order";

  a = assess_level(marking({}), p);
  EXPECT_EQ(a.level, 1);
  EXPECT_EQ(a.level_label, "D");
  EXPECT_EQ(a.deciding, "criteria");
  EXPECT_FALSE(a.criterion.has_value());
  EXPECT_TRUE(a.marked.empty());
  EXPECT_NE(a.reasoning.find("No criterion"), std::string::npos) << a.reasoning;
}

TEST(LevelCriteria, ImpactAnswersCountForNothingUnderCriteria) {
  const auto& p = notice_2002();
  ImpactAnswers a{InformationImpact::state_secret, InformationImpact::state_secret, AvailabilityImpact::ci_late};
  a.personal_data.leaked = true;
  a.criteria = {"brief_stop"};
  const auto r = assess_level(a, p);
  EXPECT_EQ(r.level, 1);
  EXPECT_EQ(r.confidentiality.level, 0);
  EXPECT_EQ(r.availability.level, 0);
  // The same answers under the table: level 4; the criteria count for nothing there.
  const auto table = assess_level(a, kTable);
  EXPECT_EQ(table.level, 4);
  EXPECT_NE(table.deciding, "criteria");
  EXPECT_FALSE(table.criterion.has_value());
  EXPECT_EQ(table.level_label, "4");
}

TEST(LevelCriteria, DeadlinesFollowTheMarkedLevel) {
  const auto& p = notice_2002();
  Incident t;
  t.level = 1;
  t.report.aware_at = 1'800'000'000'000;
  t.report.impact.criteria = {"public_safety"};
  EXPECT_EQ(moments_of(t, p).level, 4) << "until a reviewer decides, the stricter level runs";
  EXPECT_EQ(moments_of(t, kTable).level, 1) << "the table ignores the criteria";
  t.reviewed_at = t.report.aware_at + 1;
  EXPECT_EQ(moments_of(t, p).level, 1) << "a reviewer's level stands";
}

TEST(LevelCriteria, OnlyTheProfilesOwnCriteriaMayBeMarked) {
  const auto& p = notice_2002();
  EXPECT_EQ(error_field(marking({"operations_halted", "public_safety"}), p), "(accepted)");
  EXPECT_EQ(error_field(marking({}), kTable), "(accepted)");
  const auto unknown = error_field(marking({"operations_halted", "meteor_strike"}), p);
  EXPECT_EQ(unknown.rfind("impact.criteria | ", 0), 0u) << unknown;
  EXPECT_NE(unknown.find("meteor_strike"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("public_safety"), std::string::npos) << "names those it has: " << unknown;
  EXPECT_NE(error_field(marking({"brief_stop", "brief_stop"}), p).find("twice"), std::string::npos);
  const auto none = error_field(marking({"operations_halted"}), kTable);
  EXPECT_EQ(none.rfind("impact.criteria | ", 0), 0u) << none;
  EXPECT_NE(none.find("no level criteria"), std::string::npos) << none;
}
