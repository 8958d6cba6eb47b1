#pragma once
// How repeated failed sign-ins are slowed down and then locked. Pure rules: the caller keeps the
// state per (unit OID, account), whether or not that account exists, so nothing is revealed.
#include "core/clock.h"

namespace tongbao::core {

struct ThrottlePolicy {
  int free_failures = 3;            // failures before any waiting is imposed
  TimeMs first_delay_ms = 2'000;    // then 2 s, 4 s, 8 s, ... between attempts
  TimeMs max_delay_ms = 60'000;
  int lock_after_failures = 10;     // then locked outright
  TimeMs lock_ms = 15 * 60'000;
};

struct ThrottleState {
  int failures = 0;          // consecutive failures since the last success or lock expiry
  TimeMs last_failure = 0;
  TimeMs locked_until = 0;
};

enum class ThrottleVerdict { allowed, wait, locked };

struct ThrottleDecision {
  ThrottleVerdict verdict = ThrottleVerdict::allowed;
  TimeMs retry_after_ms = 0;
};

// May an attempt be made now?
ThrottleDecision check_attempt(const ThrottlePolicy& policy, const ThrottleState& state, TimeMs now);
// The state after a failed attempt (locks once the limit is reached).
ThrottleState record_failure(const ThrottlePolicy& policy, ThrottleState state, TimeMs now);

}  // namespace tongbao::core
