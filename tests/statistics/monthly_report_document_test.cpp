// The monthly report's content, without a server: words of the period and durations, and a
// document whose tables name what they count.
#include <gtest/gtest.h>

#include "core/time_words.h"
#include "statistics/monthly_report_document.h"

using namespace tongbao;
using core::Language;

TEST(MonthlyReportWords, TheMonthInTheMinguoCalendarOrInEnglish) {
  EXPECT_EQ(core::month_in_words("2026-11", Language::zh_tw), "中華民國 115 年 11 月");
  EXPECT_EQ(core::month_in_words("2026-01", Language::zh_tw), "中華民國 115 年 1 月");
  EXPECT_EQ(core::month_in_words("2012-12", Language::zh_tw), "中華民國 101 年 12 月");
  EXPECT_EQ(core::month_in_words("2026-11", Language::en), "November 2026");
  EXPECT_EQ(core::month_in_words("2027-01", Language::en), "January 2027");
  EXPECT_EQ(core::month_in_words("2026-13", Language::en), "2026-13") << "not a month: as given";
  EXPECT_EQ(core::month_in_words("November", Language::zh_tw), "November");
}

TEST(MonthlyReportWords, DurationsInHoursAndMinutes) {
  EXPECT_EQ(core::hours_and_minutes(3 + 5.0 / 60, Language::zh_tw), "3 小時 5 分");
  EXPECT_EQ(core::hours_and_minutes(3 + 5.0 / 60, Language::en), "3 h 5 min");
  EXPECT_EQ(core::hours_and_minutes(0.02, Language::zh_tw), "1 分") << "rounded to the minute";
  EXPECT_EQ(core::hours_and_minutes(2, Language::zh_tw), "2 小時");
  EXPECT_EQ(core::hours_and_minutes(0, Language::en), "0 min");
  EXPECT_EQ(core::hours_and_minutes(-1, Language::en), "0 min");
  EXPECT_EQ(core::hours_and_minutes(49.5, Language::en), "49 h 30 min");
}

TEST(MonthlyReportWords, PageFooters) {
  EXPECT_EQ(statistics::page_footer(Language::zh_tw, 1, 3), "第 1 頁，共 3 頁");
  EXPECT_EQ(statistics::page_footer(Language::en, 2, 3), "Page 2 of 3");
}

namespace {

statistics::MonthlyReportInput input(Language lang) {
  statistics::MonthlyReportInput in;
  in.month = "2026-11";
  in.language = lang;
  in.scope_name = "高雄市教育網路中心";
  in.counts.total = 3;
  in.counts.by_type = {{"INT", 2}, {"DEF", 1}};
  in.counts.by_subcategory = {{"botnet", 2}, {"defacement", 1}};
  in.counts.by_level = {{"1", 1}, {"3", 2}};
  in.counts.by_unit = {{"2.16.886.111.90000.31", 3}, {"2.16.886.111.90000.99", 0}};
  in.counts.warnings = 1;
  in.counts.warnings_by_reply = {{"unanswered", 1}};
  statistics::Timeliness t;
  t.unit_name = "高雄市立港都國民中學";
  t.incidents = 3;
  t.awareness_to_report.median_hours = 3 + 5.0 / 60;
  in.timeliness = {t};
  in.blocks.median_to_unblock_ms = 90 * 60'000;
  in.blocks.units = {{31, 1, 0, 0}};
  in.improvements.by_status = {{"planned", 2}};
  in.unit_names_by_oid = {{"2.16.886.111.90000.31", "高雄市立港都國民中學"}};
  in.unit_names_by_id = {{31, "高雄市立港都國民中學"}};
  return in;
}

const statistics::MonthlyReportDocument::Table* find_table(const statistics::MonthlyReportDocument& doc,
                                                           const std::string& caption) {
  for (const auto& s : doc.sections)
    for (const auto& t : s.tables)
      if (t.caption == caption) return &t;
  return nullptr;
}

}  // namespace

TEST(MonthlyReportDocument, NamesWhatItCountsMostFirst) {
  const auto doc = statistics::monthly_report_document(input(Language::zh_tw));
  EXPECT_EQ(doc.title, "資安事件月報");
  EXPECT_EQ(doc.period, "中華民國 115 年 11 月");
  EXPECT_EQ(doc.file_name, "monthly-report-2026-11");
  const auto* types = find_table(doc, "依類型");
  ASSERT_NE(types, nullptr);
  EXPECT_EQ(types->columns, (std::vector<std::string>{"類型", "件數"}));
  EXPECT_EQ(types->rows, (std::vector<std::vector<std::string>>{{"入侵攻擊（INT）", "2"}, {"網頁攻擊（DEF）", "1"}}));
  EXPECT_EQ(find_table(doc, "依細分類")->rows.front(), (std::vector<std::string>{"殭屍電腦(BOT)", "2"}));
  EXPECT_EQ(find_table(doc, "依等級")->rows.front(), (std::vector<std::string>{"3 級", "2"}));
  EXPECT_EQ(find_table(doc, "依下轄單位（含其下單位）")->rows,
            (std::vector<std::vector<std::string>>{{"高雄市立港都國民中學", "3"}}))
      << "units by name; none counted, none listed";
  EXPECT_EQ(find_table(doc, "依回覆結果")->rows.front().front(), "未回覆");
  EXPECT_EQ(find_table(doc, "依辦理狀態")->rows.front().front(), "待辦理");
  const auto* timeliness = find_table(doc, "各單位的時效，及等級低報、時間事後補登的次數");
  ASSERT_NE(timeliness, nullptr);
  EXPECT_EQ(timeliness->rows.front()[2], "3 小時 5 分");
  for (const auto& s : doc.sections)
    for (const auto& t : s.tables) {
      EXPECT_FALSE(t.caption.empty());
      EXPECT_FALSE(t.empty.empty()) << t.caption;
      for (const auto& r : t.rows) EXPECT_EQ(r.size(), t.columns.size()) << t.caption;
    }
}

TEST(MonthlyReportDocument, InEnglish) {
  const auto doc = statistics::monthly_report_document(input(Language::en));
  EXPECT_EQ(doc.title, "Monthly incident report");
  EXPECT_EQ(doc.period, "November 2026");
  EXPECT_EQ(find_table(doc, "By sub-category")->rows.front(), (std::vector<std::string>{"Botnet member (BOT)", "2"}));
  EXPECT_EQ(find_table(doc, "By level")->rows.front().front(), "Level 3");
  EXPECT_EQ(doc.sections[3].facts[3].value, "1 h 30 min") << doc.sections[3].facts[3].label;
}
