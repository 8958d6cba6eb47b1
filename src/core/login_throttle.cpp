#include "core/login_throttle.h"

#include <algorithm>

#include "core/ip_range.h"

namespace tongbao::core {
namespace {

TimeMs delay_after(const ThrottleRule& rule, int failures) {
  if (failures < rule.free_failures) return 0;
  TimeMs delay = rule.first_delay_ms;
  for (int i = rule.free_failures; i < failures && delay < rule.max_delay_ms; ++i) delay *= 2;
  return std::min(delay, rule.max_delay_ms);
}

// The state as it counts now: failures forgotten after a quiet while, stale reservations dropped.
ThrottleState current(const ThrottleRule& rule, ThrottleState s, TimeMs now) {
  if (s.reserved > 0 && now - s.reserved_at >= kReservationLifetimeMs) s.reserved = 0;
  if (s.reserved == 0) s.reserved_at = 0;
  if (s.failures > 0 && now - s.last_failure >= rule.forget_after_ms) s.failures = 0;
  if (s.failures == 0) s.last_failure = 0;
  return s;
}

}  // namespace

ThrottleDecision check_attempt(const ThrottleRule& rule, const ThrottleState& state, TimeMs now) {
  const auto s = current(rule, state, now);
  const int counted = s.failures + s.reserved;
  if (counted < rule.free_failures) return {};
  if (s.reserved > 0) {
    // Attempts are being checked: the wait is as if they had failed just now.
    return {ThrottleVerdict::wait, std::max(delay_after(rule, counted), TimeMs{1000})};
  }
  const TimeMs ready_at = s.last_failure + delay_after(rule, counted);
  if (ready_at > now) return {ThrottleVerdict::wait, ready_at - now};
  return {};
}

ThrottleDecision check_attempt(const ThrottlePolicy& policy, const ThrottleState& account_address,
                               const ThrottleState& address, TimeMs now) {
  const auto a = check_attempt(policy.account_address, account_address, now);
  const auto b = check_attempt(policy.address, address, now);
  if (a.verdict == ThrottleVerdict::allowed) return b;
  if (b.verdict == ThrottleVerdict::allowed) return a;
  return a.retry_after_ms >= b.retry_after_ms ? a : b;
}

ThrottleState reserve_attempt(const ThrottleRule& rule, ThrottleState state, TimeMs now) {
  state = current(rule, state, now);
  state.reserved += 1;
  state.reserved_at = now;
  return state;
}

ThrottleState settle_attempt(const ThrottleRule& rule, ThrottleState state, bool failed, TimeMs now) {
  state = current(rule, state, now);
  if (state.reserved > 0) state.reserved -= 1;
  if (state.reserved == 0) state.reserved_at = 0;
  if (failed) {
    state.failures += 1;
    state.last_failure = now;
  }
  return state;
}

ThrottleState record_failure(const ThrottleRule& rule, ThrottleState state, TimeMs now) {
  state = current(rule, state, now);
  state.failures += 1;
  state.last_failure = now;
  return state;
}

std::string throttle_address(std::string_view remote) {
  auto parsed = parse_ip_range(remote);
  if (!parsed || remote.find('/') != std::string_view::npos) return std::string(remote);
  auto r = *parsed;
  if (r.v6) {
    const bool mapped = std::all_of(r.address.begin(), r.address.begin() + 10, [](auto b) { return b == 0; }) &&
                        r.address[10] == 0xff && r.address[11] == 0xff;
    if (mapped) {
      IpRange v4;
      std::copy(r.address.begin() + 12, r.address.end(), v4.address.begin());
      v4.prefix_length = 32;
      r = v4;
    } else {
      std::fill(r.address.begin() + 8, r.address.end(), 0);
      r.prefix_length = 64;
      return r.to_string();
    }
  }
  auto text = r.to_string();
  return text.substr(0, text.find('/'));
}

}  // namespace tongbao::core
