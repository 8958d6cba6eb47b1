#include "core/statistics_rollup.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "core/deadlines.h"
#include "core/ticket_number.h"
#include "core/time_format.h"

namespace tongbao::core {

std::optional<TimeMs> report_late_by(const PolicyProfile& profile, TimeMs aware_at, int level, TimeMs reported_at) {
  TicketMoments m;
  m.aware_at = aware_at;
  m.level = level;
  m.reported_at = reported_at;
  for (const auto& d : compute_deadlines(profile, m, reported_at))
    if (d.rule->met_by == Milestone::reported && d.state == DeadlineState::met_late) return d.late_by_ms;
  return std::nullopt;
}

std::optional<TicketTimeliness> timeliness_of(const TicketFigures& t) {
  if (t.draft || !t.aware_at || !t.reported_at) return std::nullopt;
  TicketTimeliness f;
  f.to_report = *t.reported_at - *t.aware_at;
  if (t.reviewed_at) f.to_review = *t.reviewed_at - *t.reported_at;
  if (t.resolved_at) f.to_recovery = *t.resolved_at - *t.aware_at;
  f.late_by = t.report_late_by;
  f.raised = t.chosen_level > 0 && t.level > t.chosen_level;
  f.under_reported = t.chosen_level > 0 && t.chosen_level < t.computed_level;
  f.support_requested = t.support_needed;
  f.accepted_below_computed = t.accepted_below_computed;
  f.entered_long_after = t.entered_long_after;
  return f;
}

std::vector<long long> ids_on_path(const std::string& path) {
  std::vector<long long> ids;
  long long id = 0;
  bool digits = false;
  for (char c : path) {
    if (c >= '0' && c <= '9') {
      id = id * 10 + (c - '0');
      digits = true;
    } else if (digits) {
      ids.push_back(id);
      id = 0;
      digits = false;
    }
  }
  if (digits) ids.push_back(id);
  return ids;
}

void TimelinessCell::merge(const TimelinessCell& o, long long sign) {
  incidents += sign * o.incidents;
  late_reports += sign * o.late_reports;
  late_ms += sign * o.late_ms;
  raised += sign * o.raised;
  under_reported += sign * o.under_reported;
  support_requested += sign * o.support_requested;
  accepted_below_computed += sign * o.accepted_below_computed;
  entered_long_after += sign * o.entered_long_after;
  to_report.merge(o.to_report, sign);
  to_review.merge(o.to_review, sign);
  to_recovery.merge(o.to_recovery, sign);
}

void TimelinessCell::clamp_at_zero() {
  for (long long* v : {&incidents, &late_reports, &late_ms, &raised, &under_reported, &support_requested,
                       &accepted_below_computed, &entered_long_after})
    *v = std::max(0LL, *v);
  to_report.drop_negative();
  to_review.drop_negative();
  to_recovery.drop_negative();
}

bool TimelinessCell::empty() const {
  return incidents == 0 && late_reports == 0 && late_ms == 0 && raised == 0 && under_reported == 0 &&
         support_requested == 0 && accepted_below_computed == 0 && entered_long_after == 0 && to_report.empty() && to_review.empty() && to_recovery.empty();
}

void StatisticsRollup::add(const TicketFigures& t, long long sign) {
  if (t.draft || !t.aware_at) return;
  const auto month = taipei_year_month(*t.aware_at);
  auto count = [&](long long unit, const char* dimension, std::string value) {
    auto it = counts.try_emplace(CountKey{unit, t.drill, month, dimension, std::move(value)}, 0).first;
    it->second += sign;
    if (it->second == 0) counts.erase(it);
  };
  for (long long unit : ids_on_path(t.unit_path)) {
    count(unit, "type", t.type);
    count(unit, "subcategory", t.subcategory);
    count(unit, "level", std::to_string(t.level));
  }
  const auto facts = timeliness_of(t);
  if (!facts) return;
  TimelinessCell c;
  c.incidents = 1;
  c.to_report.add(facts->to_report);
  if (facts->to_review) c.to_review.add(*facts->to_review);
  if (facts->to_recovery) c.to_recovery.add(*facts->to_recovery);
  if (facts->late_by) c.late_reports = 1, c.late_ms = *facts->late_by;
  c.raised = facts->raised;
  c.under_reported = facts->under_reported;
  c.support_requested = facts->support_requested;
  c.accepted_below_computed = facts->accepted_below_computed;
  c.entered_long_after = facts->entered_long_after;
  for (auto key : {TimelinessKey{t.unit_id, t.reviewer_unit_id, t.drill, "dekad", taipei_dekad(*t.aware_at)},
                   TimelinessKey{t.unit_id, t.reviewer_unit_id, t.drill, "month", month},
                   TimelinessKey{t.unit_id, t.reviewer_unit_id, t.drill, "year", month.substr(0, 4)},
                   TimelinessKey{t.unit_id, t.reviewer_unit_id, t.drill, "all", "all"}}) {
    auto it = timeliness.try_emplace(std::move(key)).first;
    it->second.merge(c, sign);
    if (it->second.empty()) timeliness.erase(it);
  }
}

void StatisticsRollup::merge(const StatisticsRollup& other) {
  for (const auto& [key, n] : other.counts) {
    auto it = counts.try_emplace(key, 0).first;
    it->second += n;
    if (it->second == 0) counts.erase(it);
  }
  for (const auto& [key, cell] : other.timeliness) {
    auto it = timeliness.try_emplace(key).first;
    it->second.merge(cell);
    if (it->second.empty()) timeliness.erase(it);
  }
}

TimeMs taipei_month_start(const std::string& ym) {
  const int year = std::stoi(ym.substr(0, 4));
  const auto month = static_cast<unsigned>(std::stoi(ym.substr(4, 2)));
  return (days_from_civil(year, month, 1) * 86'400LL - 8 * 3600) * 1000;
}

std::string next_month(const std::string& ym) {
  int year = std::stoi(ym.substr(0, 4)), month = std::stoi(ym.substr(4, 2)) + 1;
  if (month == 13) month = 1, ++year;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d", year, month);
  return buf;
}

PeriodSplit split_period(std::optional<TimeMs> from, std::optional<TimeMs> to) {
  // Months are named by four-digit years: ends beyond the accepted times are read as open ends
  // (no ticket lies there), so every walk over the months ends.
  if (from && *from < kEarliestTime) from.reset();
  if (to && *to >= kLatestTime) to.reset();
  PeriodSplit s;
  if ((to && *to < kEarliestTime) || (from && *from >= kLatestTime)) {  // wholly outside: nothing to read
    s.first_month = s.end_month = "000000";
    return s;
  }
  if (from && to && *from >= *to) {
    s.first_month = s.end_month = "000000";
    return s;
  }
  bool head = false, tail = false;
  if (from) {
    const auto m = taipei_year_month(*from);
    head = taipei_month_start(m) != *from;
    s.first_month = head ? next_month(m) : m;
  }
  if (to) {
    s.end_month = taipei_year_month(*to);
    tail = taipei_month_start(s.end_month) != *to;
  }
  if (s.first_month >= s.end_month) {  // no whole month to read
    // Both ends are set here: an open end reaches "000000" or "999999", never the same month.
    s.end_month = s.first_month;
    if (taipei_year_month(*from) == taipei_year_month(*to)) {  // inside one month
      s.edges.push_back({*from, *to, taipei_year_month(*from)});
      return s;
    }
    // The end of one month and the start of the next (10 Jan to 20 Feb): a part of each.
    if (head) s.edges.push_back({*from, taipei_month_start(s.first_month), taipei_year_month(*from)});
    if (tail) s.edges.push_back({taipei_month_start(s.first_month), *to, taipei_year_month(*to)});
    return s;
  }
  if (head) s.edges.push_back({*from, taipei_month_start(s.first_month), taipei_year_month(*from)});
  if (tail) s.edges.push_back({taipei_month_start(s.end_month), *to, s.end_month});
  return s;
}

namespace {

std::string year_after(const std::string& y) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", std::stoi(y) + 1);
  return buf;
}

// The months [from, to) of one year, directly or as the year less the rest of it.
void read_part_of_year(std::vector<SumRead>& out, const std::string& year, const std::string& from,
                       const std::string& to) {
  const std::string year_start = year + "01", next_start = year_after(year) + "01";
  const int inside = (std::stoi(to.substr(0, 4)) - std::stoi(year)) * 12 + std::stoi(to.substr(4)) - std::stoi(from.substr(4));
  const int outside = 12 - inside;
  if (outside + 2 < inside) {  // a year row holds about as much as two or three month rows
    out.push_back({"year", year, year_after(year), 1});
    if (year_start < from) out.push_back({"month", year_start, from, -1});
    if (to < next_start) out.push_back({"month", to, next_start, -1});
  } else {
    out.push_back({"month", from, to, 1});
  }
}

}  // namespace

namespace {

std::vector<SumRead> plan_months(const std::string& first, const std::string& end) {
  std::vector<SumRead> out;
  if (first >= end) return out;
  const bool open_start = first == "000000", open_end = end == "999999";
  const std::string fy = first.substr(0, 4), ey = end.substr(0, 4);
  if (!open_start && !open_end && fy == ey) {
    read_part_of_year(out, fy, first, end);
    return out;
  }
  std::string first_year = fy, end_year = ey;
  if (!open_start && first.substr(4) != "01") {
    first_year = year_after(fy);
    read_part_of_year(out, fy, first, first_year + "01");
  }
  if (open_end) end_year = "9999";
  if (first_year < end_year) out.push_back({"year", first_year, end_year, 1});
  if (!open_end && end.substr(4) != "01") read_part_of_year(out, ey, ey + "01", end);
  return out;
}

// Rows per unit a plan reads, weighted by their size: a year row holds about two months' worth of
// buckets, the all-time row about four.
int cost(const std::vector<SumRead>& reads) {
  int c = 0;
  for (const auto& r : reads) {
    if (r.grain == "all") c += 4;
    else if (r.grain == "year") c += 2 * (std::stoi(r.to) - std::stoi(r.from));
    else c += (std::stoi(r.to.substr(0, 4)) - std::stoi(r.from.substr(0, 4))) * 12 + std::stoi(r.to.substr(4)) -
              std::stoi(r.from.substr(4));
  }
  return c;
}

}  // namespace

std::vector<SumRead> plan_sum_reads(const std::string& first, const std::string& end,
                                    const std::optional<MonthSpan>& with_tickets) {
  if (!with_tickets) return plan_months(first, end);
  const std::string from = std::max(first, with_tickets->first), to = std::min(end, with_tickets->end);
  if (from >= to) return {};
  auto direct = plan_months(from, to);
  std::vector<SumRead> via_all{{"all", "all", "all", 1}};
  for (const auto& [a, b] : {std::pair{with_tickets->first, from}, std::pair{to, with_tickets->end}})
    for (auto r : plan_months(a, b)) via_all.push_back({r.grain, r.from, r.to, -r.sign});
  return cost(via_all) < cost(direct) ? via_all : direct;
}

std::string taipei_dekad(TimeMs t) {
  const std::time_t secs = static_cast<std::time_t>(t / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d%02d%d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday <= 10 ? 1 : tm.tm_mday <= 20 ? 2 : 3);
  return buf;
}

TimeMs dekad_start(const std::string& dekad) {
  const int year = std::stoi(dekad.substr(0, 4));
  const auto month = static_cast<unsigned>(std::stoi(dekad.substr(4, 2)));
  const auto day = static_cast<unsigned>(1 + 10 * (dekad.at(6) - '1'));
  return (days_from_civil(year, month, day) * 86'400LL - 8 * 3600) * 1000;
}

std::string next_dekad(const std::string& dekad) {
  if (dekad.at(6) < '3') return dekad.substr(0, 6) + static_cast<char>(dekad[6] + 1);
  return next_month(dekad.substr(0, 6)) + "1";
}

PartRead plan_part(TimeMs start, TimeMs end, TimeMs from, TimeMs to) {
  PartRead read;
  if (to - from <= (end - start) / 2) {
    read.tickets.push_back({from, to, 1});
    return read;
  }
  read.whole = true;
  if (start < from) read.tickets.push_back({start, from, -1});
  if (to < end) read.tickets.push_back({to, end, -1});
  return read;
}

PartRead plan_partial_month(const PartialMonth& part) {
  return plan_part(taipei_month_start(part.month), taipei_month_start(next_month(part.month)), part.from, part.to);
}

PartialMonthByDekads plan_partial_month_by_dekads(const PartialMonth& part) {
  PartialMonthByDekads read;
  for (std::string d = taipei_dekad(part.from);; d = next_dekad(d)) {
    const TimeMs start = dekad_start(d), end = dekad_start(next_dekad(d));
    if (start >= part.to) break;
    auto dekad = plan_part(start, end, std::max(part.from, start), std::min(part.to, end));
    if (dekad.whole) read.dekads.push_back(d);
    read.tickets.insert(read.tickets.end(), dekad.tickets.begin(), dekad.tickets.end());
  }
  return read;
}

}  // namespace tongbao::core
