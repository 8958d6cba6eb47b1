#include "core/statistics_rollup.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

using namespace tongbao::core;

namespace {

constexpr TimeMs kHour = 3'600'000;

TimeMs at(const char* iso) { return *parse_iso8601(iso); }

TicketFigures ticket() {
  TicketFigures t;
  t.unit_id = 23;
  t.unit_path = "/1/5/23/";
  t.reviewer_unit_id = 5;
  t.draft = false;
  t.type = "INT";
  t.subcategory = "botnet";
  t.level = 3;
  t.chosen_level = 2;
  t.computed_level = 3;
  t.aware_at = at("2026-11-03T09:00:00+08:00");
  t.reported_at = *t.aware_at + 3 * kHour;
  t.report_late_by = 2 * kHour;
  t.support_needed = true;
  return t;
}

}  // namespace

TEST(StatisticsRollup, ATicketCountsInItsUnitAndEveryAncestor) {
  StatisticsRollup r;
  r.add(ticket());
  for (long long unit : {1, 5, 23}) {
    EXPECT_EQ((r.counts[{unit, false, "202611", "type", "INT"}]), 1);
    EXPECT_EQ((r.counts[{unit, false, "202611", "level", "3"}]), 1);
    EXPECT_EQ((r.counts[{unit, false, "202611", "subcategory", "botnet"}]), 1);
  }
  ASSERT_EQ(r.timeliness.size(), 3u) << "a month's row, a year's and all time's";
  EXPECT_EQ(r.timeliness.count({23, 5, false, "year", "2026"}), 1u);
  EXPECT_EQ(r.timeliness.count({23, 5, false, "all", "all"}), 1u);
  const auto& cell = r.timeliness.at({23, 5, false, "month", "202611"});
  EXPECT_EQ(cell.incidents, 1);
  EXPECT_EQ(cell.late_reports, 1);
  EXPECT_EQ(cell.late_ms, 2 * kHour);
  EXPECT_EQ(cell.raised, 1);
  EXPECT_EQ(cell.under_reported, 1);
  EXPECT_EQ(cell.support_requested, 1);
  EXPECT_EQ(cell.to_report.quantile(0.5), 3 * kHour);
  EXPECT_TRUE(cell.to_review.empty());
}

TEST(StatisticsRollup, MonthsAreTaiwanMonths) {
  auto t = ticket();
  t.aware_at = at("2026-10-31T17:00:00Z");  // 1 November, 01:00 in Taipei
  StatisticsRollup r;
  r.add(t);
  EXPECT_EQ((r.counts.count({1, false, "202611", "type", "INT"})), 1u);
}

TEST(StatisticsRollup, AChangeIsItsOldFiguresOutAndItsNewIn) {
  auto before = ticket();
  auto after = before;
  after.level = 4;
  after.reviewed_at = *after.reported_at + kHour;
  StatisticsRollup stored;
  stored.add(before);
  stored.add(before, -1);
  stored.add(after);
  StatisticsRollup fresh;
  fresh.add(after);
  EXPECT_EQ(stored.counts, fresh.counts);
  ASSERT_EQ(stored.timeliness.size(), 3u);
  const auto& cell = stored.timeliness.at({23, 5, false, "month", "202611"});
  EXPECT_EQ(cell.incidents, 1);
  EXPECT_EQ(cell.to_review.quantile(0.5), kHour);
  EXPECT_EQ((stored.counts.count({1, false, "202611", "level", "3"})), 0u) << "rows that reach zero are gone";
  stored.add(after, -1);
  EXPECT_TRUE(stored.empty());
}

TEST(StatisticsRollup, DraftsAndDrillsKeepApart) {
  auto draft = ticket();
  draft.draft = true;
  StatisticsRollup r;
  r.add(draft);
  EXPECT_TRUE(r.empty());
  auto drill = ticket();
  drill.drill = true;
  r.add(drill);
  EXPECT_EQ((r.counts[{1, true, "202611", "type", "INT"}]), 1);
  EXPECT_EQ((r.counts.count({1, false, "202611", "type", "INT"})), 0u);
}

TEST(StatisticsRollup, IdsOnAPath) {
  EXPECT_EQ(ids_on_path("/1/5/23/"), (std::vector<long long>{1, 5, 23}));
  EXPECT_TRUE(ids_on_path("/").empty());
}

TEST(PeriodSplit, WholeMonthsFromTheSumsAndPartialMonthsFromTheTickets) {
  const auto nov = at("2026-11-01T00:00:00+08:00"), dec = at("2026-12-01T00:00:00+08:00");
  EXPECT_EQ(taipei_month_start("202611"), nov);
  EXPECT_EQ(taipei_month_start("202612"), dec);

  auto all = split_period(std::nullopt, std::nullopt);
  EXPECT_EQ(all.first_month, "000000");
  EXPECT_EQ(all.end_month, "999999");
  EXPECT_TRUE(all.edges.empty());

  auto month = split_period(nov, dec);
  EXPECT_EQ(month.first_month, "202611");
  EXPECT_EQ(month.end_month, "202612");
  EXPECT_TRUE(month.edges.empty());

  const auto mid_oct = at("2026-10-15T12:00:00+08:00"), mid_dec = at("2026-12-15T00:00:00+08:00");
  auto ragged = split_period(mid_oct, mid_dec);
  EXPECT_EQ(ragged.first_month, "202611");
  EXPECT_EQ(ragged.end_month, "202612");
  ASSERT_EQ(ragged.edges.size(), 2u);
  EXPECT_EQ(ragged.edges[0], std::make_pair(std::optional(mid_oct), std::optional(nov)));
  EXPECT_EQ(ragged.edges[1], std::make_pair(std::optional(dec), std::optional(mid_dec)));

  auto inside = split_period(nov + kHour, nov + 2 * kHour);
  EXPECT_EQ(inside.first_month, inside.end_month) << "no whole month";
  ASSERT_EQ(inside.edges.size(), 1u);
  EXPECT_EQ(inside.edges[0], std::make_pair(std::optional(nov + kHour), std::optional(nov + 2 * kHour)));

  auto year_end = split_period(at("2026-12-20T00:00:00+08:00"), at("2027-01-01T00:00:00+08:00"));
  EXPECT_EQ(year_end.first_month, year_end.end_month);
  ASSERT_EQ(year_end.edges.size(), 1u);

  auto empty = split_period(dec, nov);
  EXPECT_EQ(empty.first_month, empty.end_month);
  EXPECT_TRUE(empty.edges.empty());
}

TEST(StatisticsRollup, TimelinessOfAFiledTicket) {
  auto t = ticket();
  t.reviewed_at = *t.reported_at + kHour;
  auto f = timeliness_of(t);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->to_report, 3 * kHour);
  EXPECT_EQ(f->to_review, kHour);
  EXPECT_FALSE(f->to_recovery.has_value());
  EXPECT_EQ(f->late_by, 2 * kHour);
  EXPECT_TRUE(f->raised);
  EXPECT_TRUE(f->under_reported);
  t.reported_at.reset();
  EXPECT_FALSE(timeliness_of(t).has_value()) << "not reported yet";
}

TEST(PeriodSplit, WholeYearsWhereMonthsMakeThem) {
  auto all = by_years_and_months("000000", "999999");
  EXPECT_EQ(all.first_year, "0000");
  EXPECT_EQ(all.end_year, "9999");

  auto span = by_years_and_months("202103", "202605");
  EXPECT_EQ(span.first_year, "2022");
  EXPECT_EQ(span.end_year, "2026");
  EXPECT_EQ(span.month_ranges, (std::vector<std::pair<std::string, std::string>>{{"202103", "202201"}, {"202601", "202605"}}));

  auto years = by_years_and_months("202201", "202401");
  EXPECT_EQ(years.first_year, "2022");
  EXPECT_EQ(years.end_year, "2024");
  EXPECT_TRUE(years.month_ranges.empty());

  auto within = by_years_and_months("202603", "202607");
  EXPECT_TRUE(within.first_year.empty());
  EXPECT_EQ(within.month_ranges, (std::vector<std::pair<std::string, std::string>>{{"202603", "202607"}}));

  auto across = by_years_and_months("202111", "202203");
  EXPECT_TRUE(across.first_year.empty()) << "no whole year in between";
  EXPECT_EQ(across.month_ranges, (std::vector<std::pair<std::string, std::string>>{{"202111", "202201"}, {"202201", "202203"}}));

  EXPECT_TRUE(by_years_and_months("202605", "202605").month_ranges.empty());
}
