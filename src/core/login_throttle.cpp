#include "core/login_throttle.h"

#include <algorithm>

namespace tongbao::core {
namespace {

TimeMs delay_after(const ThrottlePolicy& policy, int failures) {
  if (failures < policy.free_failures) return 0;
  TimeMs delay = policy.first_delay_ms;
  for (int i = policy.free_failures; i < failures && delay < policy.max_delay_ms; ++i) delay *= 2;
  return std::min(delay, policy.max_delay_ms);
}

}  // namespace

ThrottleDecision check_attempt(const ThrottlePolicy& policy, const ThrottleState& state, TimeMs now) {
  if (state.locked_until > now) return {ThrottleVerdict::locked, state.locked_until - now};
  if (state.locked_until != 0) return {};  // a lock that has run out starts afresh
  const TimeMs ready_at = state.last_failure + delay_after(policy, state.failures);
  if (state.failures >= policy.free_failures && ready_at > now) return {ThrottleVerdict::wait, ready_at - now};
  return {};
}

ThrottleState record_failure(const ThrottlePolicy& policy, ThrottleState state, TimeMs now) {
  if (state.locked_until != 0 && state.locked_until <= now) state = {};
  state.failures += 1;
  state.last_failure = now;
  if (state.failures >= policy.lock_after_failures) state.locked_until = now + policy.lock_ms;
  return state;
}

}  // namespace tongbao::core
