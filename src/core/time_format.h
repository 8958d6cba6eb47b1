#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace tongbao::core {

// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm): no time zone database needed.
long long days_from_civil(int year, unsigned month, unsigned day);

// "2026-11-23T01:53:56Z": how every time leaves the API (UTC; the web shows Asia/Taipei).
std::string format_utc(TimeMs t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)"; nothing else.
std::optional<TimeMs> parse_iso8601(std::string_view text);

}  // namespace tongbao::core
