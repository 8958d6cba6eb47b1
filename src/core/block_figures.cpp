#include "core/block_figures.h"

#include <algorithm>
#include <map>

#include "core/error.h"
#include "core/time_format.h"

namespace tongbao::core {
namespace {

constexpr TimeMs kDay = 86'400'000, kTaipei = 8 * 3'600'000;

bool in_force_at(const BlockSpan& s, TimeMs t) { return s.blocked_at <= t && (!s.ended_at || *s.ended_at > t); }

}  // namespace

BlockFigures block_figures(const std::vector<BlockSpan>& spans, TimeMs from, TimeMs to, TimeMs now, TimeMs limit_ms) {
  if (to <= from) throw invalid("to", "to must come after from");
  // The first Taipei midnight after `from`, then each day's end up to `to`.
  const TimeMs first_end = ((from + kTaipei) / kDay + 1) * kDay - kTaipei;
  if ((to - first_end) / kDay + 1 > kMaxBlockCurveDays)
    throw invalid("from", "a period of at most " + std::to_string(kMaxBlockCurveDays) + " days");
  BlockFigures f;
  // Each day's count by a sweep over starts and ends, not a pass over the blocks per day.
  std::vector<std::pair<TimeMs, int>> changes;
  changes.reserve(spans.size() * 2);
  for (const auto& s : spans) {
    changes.emplace_back(s.blocked_at, +1);
    if (s.ended_at) changes.emplace_back(*s.ended_at, -1);
  }
  std::sort(changes.begin(), changes.end());
  size_t next = 0;
  long long count = 0;
  for (TimeMs end = first_end; end <= to; end += kDay) {
    // In force at `end`: started at or before it, not ended at or before it.
    while (next < changes.size() && changes[next].first <= end) count += changes[next++].second;
    f.curve.push_back({taipei_date(end - 1), count});
  }
  std::vector<TimeMs> to_unblock;
  std::map<long long, UnitBlockFigures> units;
  for (const auto& s : spans) {
    if (s.blocked_at >= from && s.blocked_at < to) ++f.blocked_in_period;
    if (s.unblocked && s.ended_at && *s.ended_at >= from && *s.ended_at < to) {
      ++f.unblocked_in_period;
      to_unblock.push_back(*s.ended_at - s.blocked_at);
    }
    if (!in_force_at(s, now)) continue;
    ++f.in_force_now;
    auto& u = units[s.unit_id];
    u.unit_id = s.unit_id;
    ++u.in_force;
    if (now - s.blocked_at > limit_ms) ++u.longer_than_limit, ++f.longer_than_limit;
    if (u.oldest_blocked_at == 0 || s.blocked_at < u.oldest_blocked_at) u.oldest_blocked_at = s.blocked_at;
  }
  if (!to_unblock.empty()) {
    std::sort(to_unblock.begin(), to_unblock.end());
    const auto n = to_unblock.size();
    f.median_to_unblock_ms = n % 2 ? to_unblock[n / 2] : (to_unblock[n / 2 - 1] + to_unblock[n / 2]) / 2;
  }
  for (auto& [id, u] : units) f.units.push_back(u);
  std::sort(f.units.begin(), f.units.end(), [](const auto& a, const auto& b) {
    return a.longer_than_limit != b.longer_than_limit ? a.longer_than_limit > b.longer_than_limit
           : a.in_force != b.in_force                 ? a.in_force > b.in_force
                                                      : a.unit_id < b.unit_id;
  });
  return f;
}

}  // namespace tongbao::core
