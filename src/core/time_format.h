#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace tongbao::core {

// "2026-11-23T01:53:56Z": how every time leaves the API (UTC; the web shows Asia/Taipei).
std::string format_utc(TimeMs t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)"; nothing else.
std::optional<TimeMs> parse_iso8601(std::string_view text);

}  // namespace tongbao::core
