#include "core/ticket_search.h"

#include <gtest/gtest.h>

#include "core/error.h"

using namespace tongbao::core;

TEST(SearchTerms, SplitLowerAndDropWildcards) {
  EXPECT_EQ(search_terms("  Lab-PC   140.117 "), (std::vector<std::string>{"lab-pc", "140.117"}));
  EXPECT_EQ(search_terms("web%gate 100_"), (std::vector<std::string>{"webgate", "100"}));
  EXPECT_TRUE(search_terms("% _ ").empty());
  EXPECT_EQ(search_terms("a b c d e f g").size(), 5u);
}

TEST(SearchTerms, ALongTermIsCutBetweenCharactersAndBadTextRefused) {
  std::string chinese;
  for (int i = 0; i < 40; ++i) chinese += "殭";  // 3 bytes each: 120
  const auto terms = search_terms(chinese);
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].size(), 99u) << "33 whole characters, not 100 bytes ending inside one";
  EXPECT_THROW(search_terms("ab\xff"), Error);
}

TEST(TicketSearchText, HoldsNumberUnitAddressesAndReportLowerCased) {
  Incident t;
  t.number = "KHJH01-INT-202612-0001";
  t.report.subcategory = "botnet";
  t.report.hosts = {{"140.117.11.201", "WEB-GATE-3", "", "", "school"}};
  t.report.description = "中繼站 C2";
  const auto text = ticket_search_text(t, "KHJH01", "高雄市立示範國中");
  for (const char* part : {"khjh01-int-202612-0001", "高雄市立示範國中", "140.117.11.201", "web-gate-3", "中繼站 c2", "botnet"})
    EXPECT_NE(text.find(part), std::string::npos) << part << " in " << text;
}

TEST(SearchPairs, EveryCharacterAndNeighbouringPairOnceBrokenByPunctuation) {
  EXPECT_EQ(search_pairs("電腦 中毒"), "電 電腦 腦 中 中毒 毒");
  EXPECT_EQ(search_pairs("pc-12 pc"), "p pc c 1 12 2") << "a pair never spans a space or a hyphen, and repeats once";
  EXPECT_EQ(search_pairs("，已"), "， ，已 已") << "full-width punctuation is not ASCII: it pairs";
  EXPECT_EQ(search_pairs("- . /"), "");
}

TEST(SearchPairs, ATermOfOneOrTwoPairingCharactersIsAnsweredByThem) {
  for (const char* yes : {"電腦", "毒", "c2", "7", "x中"}) EXPECT_TRUE(answered_by_pairs(yes)) << yes;
  for (const char* no : {"電腦教", "c-", "-", "", "abc", ".1"}) EXPECT_FALSE(answered_by_pairs(no)) << no;
  // Answered means found exactly where the text holds it.
  const std::string text = "lab-pc-12 電腦教室主機 對外異常連線";
  const auto pairs = " " + search_pairs(text) + " ";
  for (const char* term : {"電腦", "12", "pc", "室主", "連"})
    EXPECT_NE(pairs.find(std::string(" ") + term + " "), std::string::npos) << term;
  for (const char* term : {"腦室", "p1", "21", "毒"})
    EXPECT_EQ(pairs.find(std::string(" ") + term + " "), std::string::npos) << term;
}
