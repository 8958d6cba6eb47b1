#pragma once
// Times and periods given as query parameters (`from`, `to`, `month`): parsed and bounded in one
// place, so no list or statistic is asked about the year 10000 or a period that ends before it starts.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace tongbao::core {

struct Period {
  std::optional<TimeMs> from, to;  // [from, to); either end may be open
};

// An ISO 8601 time with a zone between 2000-01-01 and 2099-12-31; throws a 400 Error naming `name`.
TimeMs parse_query_time(const std::string& name, std::string_view text);
// Both ends, each optional (empty text), `from` before `to`.
Period parse_period(std::string_view from, std::string_view to);
// A calendar month "2026-11" in Taipei time, as a period.
Period parse_month(std::string_view month);

}  // namespace tongbao::core
