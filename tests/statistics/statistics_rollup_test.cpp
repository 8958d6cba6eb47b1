#include "core/statistics_rollup.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "core/time_format.h"

using namespace tongbao::core;

namespace {

constexpr TimeMs kHour = 3'600'000;

TimeMs at(const char* iso) { return *parse_iso8601(iso); }

std::optional<TimeMs> median(const DurationHistogram& h) {
  HistogramSum sum;
  sum.add(h);
  return sum.quantile(0.5);
}

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
  ASSERT_EQ(r.timeliness.size(), 4u) << "a ten-day period's row, a month's, a year's and all time's";
  EXPECT_EQ(r.timeliness.count({23, 5, false, "dekad", "2026111"}), 1u);
  EXPECT_EQ(r.timeliness.count({23, 5, false, "year", "2026"}), 1u);
  EXPECT_EQ(r.timeliness.count({23, 5, false, "all", "all"}), 1u);
  const auto& cell = r.timeliness.at({23, 5, false, "month", "202611"});
  EXPECT_EQ(cell.incidents, 1);
  EXPECT_EQ(cell.late_reports, 1);
  EXPECT_EQ(cell.late_ms, 2 * kHour);
  EXPECT_EQ(cell.raised, 1);
  EXPECT_EQ(cell.under_reported, 1);
  EXPECT_EQ(cell.support_requested, 1);
  EXPECT_EQ(median(cell.to_report), 3 * kHour);
  EXPECT_TRUE(cell.to_review.empty());
}

TEST(StatisticsRollup, MonthsAreTaiwanMonths) {
  auto t = ticket();
  t.aware_at = at("2026-10-31T17:00:00Z");  // 1 November, 01:00 in Taipei
  StatisticsRollup r;
  r.add(t);
  EXPECT_EQ((r.counts.count({1, false, "202611", "type", "INT"})), 1u);
  EXPECT_EQ((r.timeliness.count({23, 5, false, "dekad", "2026111"})), 1u);
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
  ASSERT_EQ(stored.timeliness.size(), 4u);
  const auto& cell = stored.timeliness.at({23, 5, false, "month", "202611"});
  EXPECT_EQ(cell.incidents, 1);
  EXPECT_EQ(median(cell.to_review), kHour);
  EXPECT_EQ((stored.counts.count({1, false, "202611", "level", "3"})), 0u) << "rows that reach zero are gone";
  stored.add(after, -1);
  EXPECT_TRUE(stored.empty());
}

TEST(StatisticsRollup, ChangesMergedAreTheChangesAddedOneByOne) {
  auto before = ticket();
  auto after = before;
  after.level = 4;
  auto other = ticket();
  other.unit_id = 24;
  other.unit_path = "/1/5/24/";
  StatisticsRollup first, second, one_by_one;
  first.add(before);
  second.add(before, -1);
  second.add(after);
  second.add(other);
  for (auto [t, sign] : {std::pair{before, 1}, {before, -1}, {after, 1}, {other, 1}}) one_by_one.add(t, sign);
  first.merge(second);
  EXPECT_EQ(first.counts, one_by_one.counts);
  EXPECT_EQ(first.counts.count({23, false, "202611", "level", "3"}), 0u) << "what cancels out is left out";
  EXPECT_EQ((first.counts[{5, false, "202611", "type", "INT"}]), 2);
  ASSERT_EQ(first.timeliness.size(), 8u) << "four cells of each unit";
  EXPECT_EQ(first.timeliness.at({23, 5, false, "all", "all"}).incidents, 1);
  StatisticsRollup undo;
  undo.add(after, -1);
  undo.add(other, -1);
  first.merge(undo);
  EXPECT_TRUE(first.empty());
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
  EXPECT_EQ(ragged.edges[0], (PartialMonth{mid_oct, nov, "202610"}));
  EXPECT_EQ(ragged.edges[1], (PartialMonth{dec, mid_dec, "202612"}));

  auto inside = split_period(nov + kHour, nov + 2 * kHour);
  EXPECT_EQ(inside.first_month, inside.end_month) << "no whole month";
  ASSERT_EQ(inside.edges.size(), 1u);
  EXPECT_EQ(inside.edges[0], (PartialMonth{nov + kHour, nov + 2 * kHour, "202611"}));

  auto year_end = split_period(at("2026-12-20T00:00:00+08:00"), at("2027-01-01T00:00:00+08:00"));
  EXPECT_EQ(year_end.first_month, year_end.end_month);
  ASSERT_EQ(year_end.edges.size(), 1u);
  EXPECT_EQ(year_end.edges[0].month, "202612");

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

TEST(PeriodSplit, SumReadsAddUpToExactlyTheMonthsAsked) {
  // Any plan must count each month in [first, end) once and nothing else: check against numbered
  // months, a year counting as its twelve.
  auto months_between = [](int from, int to) {  // as year*12 + month-1
    std::map<int, int> m;
    for (int i = from; i < to; ++i) m[i] = 1;
    return m;
  };
  auto index = [](const std::string& ym) { return std::stoi(ym.substr(0, 4)) * 12 + std::stoi(ym.substr(4)) - 1; };
  auto ym = [](int i) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04d%02d", i / 12, i % 12 + 1);
    return std::string(buf);
  };
  for (int first = 2020 * 12; first < 2023 * 12; ++first)
    for (int end = first; end < 2024 * 12; end += 1) {
      std::map<int, int> got;
      for (const auto& r : plan_sum_reads(ym(first), ym(end))) {
        const int from = r.grain == "year" ? std::stoi(r.from) * 12 : index(r.from);
        const int to = r.grain == "year" ? std::stoi(r.to) * 12 : index(r.to);
        for (int i = from; i < to; ++i) got[i] += r.sign;
      }
      std::erase_if(got, [](auto& e) { return e.second == 0; });
      ASSERT_EQ(got, months_between(first, end)) << ym(first) << " to " << ym(end);
    }
}

TEST(PeriodSplit, SumReadsPreferFewRows) {
  EXPECT_EQ(plan_sum_reads("000000", "999999"), (std::vector<SumRead>{{"year", "0000", "9999", 1}}));
  EXPECT_EQ(plan_sum_reads("202201", "202401"), (std::vector<SumRead>{{"year", "2022", "2024", 1}}));
  EXPECT_EQ(plan_sum_reads("202111", "202611"),
            (std::vector<SumRead>{{"month", "202111", "202201", 1},
                                  {"year", "2022", "2026", 1},
                                  {"year", "2026", "2027", 1},
                                  {"month", "202611", "202701", -1}}))
      << "two months, four years, then the year 2026 less its last two months";
  EXPECT_EQ(plan_sum_reads("202603", "202605"), (std::vector<SumRead>{{"month", "202603", "202605", 1}}));
  EXPECT_TRUE(plan_sum_reads("202605", "202605").empty());
}

TEST(PeriodSplit, SumReadsKeepToTheMonthsWithTickets) {
  const MonthSpan tickets{"202111", "202611"};
  EXPECT_EQ(plan_sum_reads("000000", "999999", tickets), (std::vector<SumRead>{{"all", "all", "all", 1}}));
  EXPECT_EQ(plan_sum_reads("201001", "203001", tickets), (std::vector<SumRead>{{"all", "all", "all", 1}}))
      << "a period reaching past every ticket is all time";
  EXPECT_EQ(plan_sum_reads("202201", "203001", tickets),
            (std::vector<SumRead>{{"all", "all", "all", 1}, {"month", "202111", "202201", -1}}))
      << "all time less the two months before";
  EXPECT_EQ(plan_sum_reads("202201", "202401", tickets), (std::vector<SumRead>{{"year", "2022", "2024", 1}}));
  EXPECT_EQ(plan_sum_reads("202603", "202605", tickets), (std::vector<SumRead>{{"month", "202603", "202605", 1}}));
  EXPECT_TRUE(plan_sum_reads("201001", "202001", tickets).empty()) << "no tickets then";
}

TEST(PeriodSplit, TenDayPeriodsOfATaiwanMonth) {
  EXPECT_EQ(taipei_dekad(at("2026-11-10T23:59:59+08:00")), "2026111");
  EXPECT_EQ(taipei_dekad(at("2026-11-11T00:00:00+08:00")), "2026112");
  EXPECT_EQ(taipei_dekad(at("2026-11-30T16:00:00Z")), "2026121") << "1 December in Taipei";
  EXPECT_EQ(taipei_dekad(at("2026-02-28T12:00:00+08:00")), "2026023");
  EXPECT_EQ(dekad_start("2026113"), at("2026-11-21T00:00:00+08:00"));
  EXPECT_EQ(next_dekad("2026112"), "2026113");
  EXPECT_EQ(next_dekad("2026123"), "2027011");
}

TEST(PeriodSplit, APartialMonthsTimelinessReadsWholeTenDaysAndAtMostFiveDaysOfTickets) {
  const auto day = 24 * kHour;
  const auto nov = at("2026-11-01T00:00:00+08:00"), dec = at("2026-12-01T00:00:00+08:00");
  // 16 November to the end: 16-20 (five days of tickets), then 21-30 whole.
  EXPECT_EQ(plan_partial_month_by_dekads({nov + 15 * day, dec, "202611"}),
            (PartialMonthByDekads{{"2026113"}, {{nov + 15 * day, nov + 20 * day, 1}}}));
  // 3 November to the end: 1-10 less the first two days' tickets, then 11-20 and 21-30 whole.
  EXPECT_EQ(plan_partial_month_by_dekads({nov + 2 * day, dec, "202611"}),
            (PartialMonthByDekads{{"2026111", "2026112", "2026113"}, {{nov, nov + 2 * day, -1}}}));
  // 2 to 29 November: both ends inside a ten-day period, each the larger share of it.
  EXPECT_EQ(plan_partial_month_by_dekads({nov + day, nov + 28 * day, "202611"}),
            (PartialMonthByDekads{{"2026111", "2026112", "2026113"},
                                  {{nov, nov + day, -1}, {nov + 28 * day, dec, -1}}}));
  // An hour: its own tickets.
  EXPECT_EQ(plan_partial_month_by_dekads({nov + kHour, nov + 2 * kHour, "202611"}),
            (PartialMonthByDekads{{}, {{nov + kHour, nov + 2 * kHour, 1}}}));
}

TEST(PeriodSplit, APartialMonthReadsTheFewerTickets) {
  const auto nov = at("2026-11-01T00:00:00+08:00"), dec = at("2026-12-01T00:00:00+08:00");
  const auto day = 24 * kHour;
  EXPECT_EQ(plan_partial_month({nov + 20 * day, dec, "202611"}), (PartRead{false, {{nov + 20 * day, dec, 1}}}))
      << "the last ten days: their own tickets";
  EXPECT_EQ(plan_partial_month({nov + 5 * day, dec, "202611"}), (PartRead{true, {{nov, nov + 5 * day, -1}}}))
      << "all but the first five days: the month less those days' tickets";
  EXPECT_EQ(plan_partial_month({nov + day, nov + 29 * day, "202611"}),
            (PartRead{true, {{nov, nov + day, -1}, {nov + 29 * day, dec, -1}}}));
  EXPECT_EQ(next_month("202612"), "202701");
}
