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
// The date in Taipei (UTC+8, no daylight saving) of a time, as YYYY-MM-DD.
std::string taipei_date(TimeMs t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)"; nothing else. A fraction of a second is
// dropped: every time is kept to the whole second, as format_utc writes it, so a time read back
// from what was stored equals the time first given (sums kept from it add and take away alike).
std::optional<TimeMs> parse_iso8601(std::string_view text);

// The times the platform accepts from outside: 2000-01-01T00:00:00Z up to, not including,
// 2100-01-01T00:00:00Z. Earlier or later is a typo or an attack, never an incident.
constexpr TimeMs kEarliestTime = 946'684'800'000;
constexpr TimeMs kLatestTime = 4'102'444'800'000;
constexpr bool in_accepted_range(TimeMs t) { return t >= kEarliestTime && t < kLatestTime; }

}  // namespace tongbao::core
