#include "core/period.h"

#include <charconv>

#include "core/error.h"
#include "core/time_format.h"

namespace tongbao::core {

TimeMs parse_query_time(const std::string& name, std::string_view text) {
  auto t = parse_iso8601(text);
  if (!t) throw invalid(name, name + " must be a time like 2026-11-01T00:00:00+08:00");
  if (!in_accepted_range(*t)) throw invalid(name, name + " must lie between 2000-01-01 and 2099-12-31");
  return *t;
}

Period parse_period(std::string_view from, std::string_view to) {
  Period p;
  if (!from.empty()) p.from = parse_query_time("from", from);
  if (!to.empty()) p.to = parse_query_time("to", to);
  if (p.from && p.to && *p.from >= *p.to) throw invalid("to", "to must come after from");
  return p;
}

Period parse_month(std::string_view month) {
  int year = 0, m = 0;
  const bool shaped = month.size() == 7 && month[4] == '-' &&
                      std::from_chars(month.data(), month.data() + 4, year).ptr == month.data() + 4 &&
                      std::from_chars(month.data() + 5, month.data() + 7, m).ptr == month.data() + 7;
  if (!shaped || m < 1 || m > 12) throw invalid("month", "month must be like 2026-11");
  if (year < 2000 || year > 2099) throw invalid("month", "month must lie between 2000-01 and 2099-12");
  auto start = [](int y, int mo) {
    return (days_from_civil(y, static_cast<unsigned>(mo), 1) * 86'400LL - 8 * 3600) * 1000;  // Taipei is UTC+8
  };
  return {start(year, m), m == 12 ? start(year + 1, 1) : start(year, m + 1)};
}

}  // namespace tongbao::core
