#pragma once
// Figures of blocked addresses over a period: how many were in force at the end of each day (the
// curve a centre watches fall as schools clean up), how long blocks took to be lifted, and which
// units have blocks older than the centre's limit.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace tongbao::core {

struct BlockSpan {
  long long unit_id = 0;
  TimeMs blocked_at = 0;
  std::optional<TimeMs> ended_at;  // unblocked or expired, whichever came first
  bool unblocked = false;          // ended by an unblock (not an expiry)
};

struct BlockCurvePoint {
  std::string day;  // Taipei date, YYYY-MM-DD
  long long in_force = 0;
};

struct UnitBlockFigures {
  long long unit_id = 0;
  long long in_force = 0;
  long long longer_than_limit = 0;  // in force and blocked for longer than the limit
  TimeMs oldest_blocked_at = 0;
};

struct BlockFigures {
  std::vector<BlockCurvePoint> curve;
  long long in_force_now = 0, blocked_in_period = 0, unblocked_in_period = 0, longer_than_limit = 0;
  std::optional<TimeMs> median_to_unblock_ms;  // of the blocks lifted within the period
  std::vector<UnitBlockFigures> units;         // units with blocks in force now, most first
  long long limit_days = 30;                   // the limit `longer_than_limit` counts against
};

constexpr long long kDefaultBlockLimitDays = 30, kMaxBlockLimitDays = 3650;

constexpr int kMaxBlockCurveDays = 400;

// The end of each Taipei day from `from` up to `to` is a point of the curve (at most
// kMaxBlockCurveDays; throws core::Error beyond).
BlockFigures block_figures(const std::vector<BlockSpan>& spans, TimeMs from, TimeMs to, TimeMs now, TimeMs limit_ms);

}  // namespace tongbao::core
