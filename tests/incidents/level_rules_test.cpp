// Every cell of the level rules: each answer of each dimension, and the overall maximum.
#include "core/level.h"

#include <gtest/gtest.h>

using namespace tongbao::core;

namespace {
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
        auto r = assess_level({c, i, a});
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
  auto botnet = assess_level({InformationImpact::none, InformationImpact::none, AvailabilityImpact::core_late});
  EXPECT_EQ(botnet.level, 3);
  EXPECT_EQ(botnet.deciding, "availability");
  EXPECT_TRUE(is_under_reported(2, botnet));
  // Mail accounts holding personal data leaked: sensitive information, slightly.
  auto leak = assess_level({InformationImpact::sensitive_slight, InformationImpact::none, AvailabilityImpact::none});
  EXPECT_EQ(leak.level, 3);
  EXPECT_EQ(leak.deciding, "confidentiality");
  EXPECT_TRUE(is_under_reported(2, leak));
  EXPECT_FALSE(is_under_reported(3, leak));
  EXPECT_FALSE(is_under_reported(4, leak));
}
