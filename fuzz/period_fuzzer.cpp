// The period of the statistics endpoints: `from` and `to` (the two lines of the input, each
// empty or an ISO 8601 time) as GET /statistics/* reads them, and the plans the statistics
// service makes of that period — whole months from the sums, partial months and ten-day periods
// from the tickets. Also `month` of GET /reports/monthly (a first line of seven characters).
// Every plan must stay inside the period, read each partial month inside its month, and end.
#include <cstdio>
#include <string>

#include "core/error.h"
#include "core/statistics_rollup.h"
#include "core/time_format.h"
#include "fuzz_support.h"

namespace {

using namespace tongbao::core;

std::optional<TimeMs> parameter(std::string_view text, bool& refused) {
  if (text.empty()) return std::nullopt;
  auto t = parse_iso8601(text);
  if (!t) refused = true;
  return t;
}

void plan(std::optional<TimeMs> from, std::optional<TimeMs> to) {
  const auto split = split_period(from, to);
  FUZZ_CHECK(split.first_month.size() == 6 && split.end_month.size() == 6);
  FUZZ_CHECK(split.edges.size() <= 2);
  (void)plan_sum_reads(split.first_month, split.end_month);
  (void)plan_sum_reads(split.first_month, split.end_month, MonthSpan{"201501", "202701"});
  for (const auto& edge : split.edges) {
    FUZZ_CHECK(edge.from < edge.to);
    FUZZ_CHECK(!from || edge.from >= *from);
    FUZZ_CHECK(!to || edge.to <= *to);
    // A partial month lies inside its month: it is read as that month's sums less the rest.
    FUZZ_CHECK(taipei_month_start(edge.month) <= edge.from && edge.to <= taipei_month_start(next_month(edge.month)));
    const auto month = plan_partial_month(edge);
    for (const auto& r : month.tickets) FUZZ_CHECK(r.from <= r.to);
    const auto dekads = plan_partial_month_by_dekads(edge);
    FUZZ_CHECK(dekads.dekads.size() <= 3 && dekads.tickets.size() <= 6);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = tongbao::fuzz::text_of(data, size);
  const auto [first, second] = tongbao::fuzz::split_line(text);
  bool refused = false;
  const auto from = parameter(first, refused), to = parameter(second, refused);
  if (!refused) plan(from, to);
  // GET /reports/monthly?month=YYYY-MM: from the month's first day to the next month's, read as
  // the handler reads them (src/api/statistics_routes.cpp).
  if (first.size() == 7) {
    const std::string month(first);
    if (const auto start = parse_iso8601(month + "-01T00:00:00+08:00")) {
      const int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2));
      char next[48];
      std::snprintf(next, sizeof next, "%04d-%02d-01T00:00:00+08:00", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
      plan(start, parse_iso8601(next));
    }
  }
  return 0;
}
