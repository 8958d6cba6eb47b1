#include "core/report_changes.h"

#include <gtest/gtest.h>

using nlohmann::json;
using tongbao::core::report_changes;

TEST(ReportChanges, NamesEachChangedFieldByItsPathWithItsTextBeforeAndAfter) {
  const json before = {{"description", "old"}, {"impact", {{"availability", "none"}, {"integrity", "none"}}}, {"chosen_level", 1}};
  const json after = {{"description", "new"}, {"impact", {{"availability", "core_late"}, {"integrity", "none"}}}, {"chosen_level", 1}};
  const auto changes = report_changes(before, after);
  ASSERT_EQ(changes.size(), 2u) << changes.dump();
  EXPECT_EQ(changes[0], (json{{"field", "description"}, {"from", "old"}, {"to", "new"}}));
  EXPECT_EQ(changes[1], (json{{"field", "impact.availability"}, {"from", "none"}, {"to", "core_late"}}));
}

TEST(ReportChanges, NothingChangedIsAnEmptyList) {
  const json same = {{"description", "x"}, {"hosts", json::array({{{"ip", "192.0.2.1"}}})}};
  EXPECT_TRUE(report_changes(same, same).empty());
}

TEST(ReportChanges, ListsAreShownWholeAndLongTextsAreCutOnACharacterBoundary) {
  const json before = {{"hosts", json::array({{{"ip", "192.0.2.1"}, {"hostname", ""}}})}, {"description", ""}};
  std::string long_text;
  for (int i = 0; i < 300; ++i) long_text += "資";  // 3 bytes each: 900 bytes
  const json after = {{"hosts", json::array({{{"ip", "192.0.2.1"}, {"hostname", ""}}, {{"ip", "192.0.2.2"}, {"hostname", "pc"}}})},
                      {"description", long_text}};
  const auto changes = report_changes(before, after);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1]["field"], "hosts");
  EXPECT_EQ(changes[1]["from"], "192.0.2.1");
  EXPECT_EQ(changes[1]["to"], "192.0.2.1; 192.0.2.2 · pc");
  EXPECT_EQ(changes[0]["field"], "description");
  const auto cut = changes[0]["to"].get<std::string>();
  EXPECT_LT(cut.size(), 410u);
  EXPECT_EQ(cut.substr(cut.size() - 3), "…");
  EXPECT_EQ((cut.size() - 3) % 3, 0u) << "cut between characters, never inside one";
  EXPECT_TRUE(json::parse(json(cut).dump()).is_string()) << "still valid UTF-8";
}
