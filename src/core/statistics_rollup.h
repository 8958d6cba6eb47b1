#pragma once
// What one ticket adds to the statistics, and the sums of many tickets per unit and month
// (Taiwan time). The same sums are kept in the database, updated in the transaction that changes a
// ticket (its old figures subtracted, its new ones added), so statistics over millions of tickets
// read a few thousand rows instead of every ticket.
#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/duration_histogram.h"
#include "core/policy.h"

namespace tongbao::core {

// The columns of a ticket that statistics read.
struct TicketFigures {
  long long unit_id = 0;
  std::string unit_path;  // "/1/5/23/": the unit and its ancestors, by id
  long long reviewer_unit_id = 0;
  bool draft = true, drill = false;
  std::string type, subcategory;
  int level = 1, chosen_level = 0, computed_level = 1;
  std::optional<TimeMs> aware_at, reported_at, reviewed_at, resolved_at;
  bool support_needed = false;
  // A reviewer accepted a level below the computed one (with the reason the rules ask for).
  bool accepted_below_computed = false;
  // A time the unit gave was entered long after the moment it claims (see times_entered_long_after).
  bool entered_long_after = false;
  std::optional<TimeMs> report_late_by;  // set when the report missed its deadline
};

// How late the report was by the profile's report deadline, if it was.
std::optional<TimeMs> report_late_by(const PolicyProfile& profile, TimeMs aware_at, int level, TimeMs reported_at);

// What a filed ticket adds to timeliness and honesty; nothing for a draft or one not yet reported.
struct TicketTimeliness {
  TimeMs to_report = 0;
  std::optional<TimeMs> to_review, to_recovery;
  std::optional<TimeMs> late_by;
  bool raised = false, under_reported = false, support_requested = false;
  bool accepted_below_computed = false, entered_long_after = false;
};
std::optional<TicketTimeliness> timeliness_of(const TicketFigures& ticket);

// The ids on a unit path, root first: "/1/5/23/" -> {1, 5, 23}.
std::vector<long long> ids_on_path(const std::string& path);

struct CountKey {
  long long unit_id;  // the subtree: a ticket counts in its unit's rows and every ancestor's
  bool drill;
  std::string month, dimension, value;  // dimension: type, subcategory or level
  auto operator<=>(const CountKey&) const = default;
};

struct TimelinessKey {
  long long unit_id, reviewer_unit_id;
  bool drill;
  // "dekad" and "2026113" (see taipei_dekad), "month" and "202611", "year" and "2026", or "all"
  // and "all" (all time)
  std::string grain, period;
  auto operator<=>(const TimelinessKey&) const = default;
};

struct TimelinessCell {
  long long incidents = 0, late_reports = 0, late_ms = 0, raised = 0, under_reported = 0, support_requested = 0;
  long long accepted_below_computed = 0, entered_long_after = 0;
  DurationHistogram to_report, to_review, to_recovery;
  void merge(const TimelinessCell& other, long long sign = 1);
  bool empty() const;
  // Stored sums are never negative (a delta may be): see DurationHistogram::drop_negative.
  void clamp_at_zero();
};

class StatisticsRollup {
 public:

  // Adds (sign 1) or takes away (sign -1) one ticket's figures. Drafts count nowhere.
  void add(const TicketFigures& ticket, long long sign = 1);
  bool empty() const { return counts.empty() && timeliness.empty(); }
  // Adds another change: the sums of both, with what cancels out left out.
  void merge(const StatisticsRollup& other);

  std::map<CountKey, long long> counts;
  std::map<TimelinessKey, TimelinessCell> timeliness;
};

// A period [from, to) read as whole months of the sums, [first_month, end_month) as "YYYYMM",
// plus the partial months at its edges, read from the tickets themselves.
struct PartialMonth {
  TimeMs from, to;    // [from, to), inside one month
  std::string month;  // "YYYYMM"
  bool operator==(const PartialMonth&) const = default;
};
struct PeriodSplit {
  std::string first_month = "000000", end_month = "999999";
  std::vector<PartialMonth> edges;
};
PeriodSplit split_period(std::optional<TimeMs> from, std::optional<TimeMs> to);

// Tickets of [from, to) added (sign 1) or taken away (sign -1).
struct TicketRange {
  TimeMs from, to;
  int sign;
  bool operator==(const TicketRange&) const = default;
};

// How to read the part [from, to) of a span of the sums [start, end) with the fewest tickets:
// the part's own tickets, or, when it is the larger share, the whole span from the sums less the
// tickets of the rest of it.
struct PartRead {
  bool whole = false;  // read the span's sums too
  std::vector<TicketRange> tickets;
  bool operator==(const PartRead&) const = default;
};
PartRead plan_part(TimeMs start, TimeMs end, TimeMs from, TimeMs to);

// A partial month's counts (kept per month only): the part of the month's span.
PartRead plan_partial_month(const PartialMonth& part);

// Ten-day periods of a Taiwan month, the finest grain of the timeliness sums: days 1 to 10
// ("YYYYMM1"), 11 to 20 ("YYYYMM2") and 21 to the month's end ("YYYYMM3").
std::string taipei_dekad(TimeMs t);
TimeMs dekad_start(const std::string& dekad);  // "2026113" -> 2026-11-21T00:00:00+08:00
std::string next_dekad(const std::string& dekad);

// A partial month's timeliness: each ten-day period it touches read as plan_part says (a whole one
// from the sums alone). At most five days of tickets at each end of a period.
struct PartialMonthByDekads {
  std::vector<std::string> dekads;
  std::vector<TicketRange> tickets;
  bool operator==(const PartialMonthByDekads&) const = default;
};
PartialMonthByDekads plan_partial_month_by_dekads(const PartialMonth& part);

// How to read whole months [first, end) from the sums with few rows: whole years where they fit,
// and for a partial year either its months, or the year less the months outside it when those
// are fewer (the sums are exact, so taking away is as good as adding). Given the months that hold
// any ticket at all, [first, end) is first narrowed to them, and read as all time less what lies
// outside when that is cheaper (a period covering every ticket is one row per unit).
struct SumRead {
  std::string grain;     // "month", "year" or "all" (from and to then "all")
  std::string from, to;  // periods [from, to)
  int sign = 1;          // 1: add, -1: take away
  auto operator<=>(const SumRead&) const = default;
};
struct MonthSpan {
  std::string first, end;  // "YYYYMM", [first, end)
};
std::vector<SumRead> plan_sum_reads(const std::string& first_month, const std::string& end_month,
                                    const std::optional<MonthSpan>& with_tickets = std::nullopt);

// "202612" -> "202701".
std::string next_month(const std::string& year_month);

// Midnight of the first of the month in Taiwan: "202611" -> 2026-10-31T16:00:00Z.
TimeMs taipei_month_start(const std::string& year_month);

}  // namespace tongbao::core
