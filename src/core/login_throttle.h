#pragma once
// How failed sign-ins are slowed down. Pure rules: the caller keeps one state per (account,
// address) and one per address across all accounts, whether or not the account exists, so nothing
// is revealed. Each rule grants a few free failures, then growing waits (2 s, 4 s, 8 s, ... up to
// a cap) between attempts, and forgets after a quiet while. Nothing is ever locked, and nothing is
// kept per account alone: a guesser elsewhere cannot keep the real user out, who signs in from
// another address at once (see docs/security.md).
//
// An attempt whose check takes time (a password hash) is reserved first, in the same write as the
// check that allows it, and settled when the answer is known: parallel attempts then see each
// other, and no more of them are checked than the rules allow.
#include <string>
#include <string_view>

#include "core/clock.h"

namespace tongbao::core {

struct ThrottleRule {
  int free_failures = 3;                 // failures before any waiting is imposed
  TimeMs first_delay_ms = 2'000;         // then 2 s, 4 s, 8 s, ... between attempts
  TimeMs max_delay_ms = 60'000;
  TimeMs forget_after_ms = 15 * 60'000;  // no failure for this long: the state starts afresh
};

struct ThrottlePolicy {
  ThrottleRule account_address;                             // one account from one address
  ThrottleRule address = {10, 2'000, 60'000, 15 * 60'000};  // one address, all accounts together
};

// A reservation not settled within this time (the server stopped in between) no longer counts.
constexpr TimeMs kReservationLifetimeMs = 60'000;

struct ThrottleState {
  int failures = 0;  // since the state was cleared or forgotten
  TimeMs last_failure = 0;
  int reserved = 0;  // attempts being checked now
  TimeMs reserved_at = 0;  // the latest reservation
};

enum class ThrottleVerdict { allowed, wait };

struct ThrottleDecision {
  ThrottleVerdict verdict = ThrottleVerdict::allowed;
  TimeMs retry_after_ms = 0;
};

// May an attempt be made now under this rule? Attempts being checked count as failures already:
// once the free failures are used up, one attempt at a time, after the wait.
ThrottleDecision check_attempt(const ThrottleRule& rule, const ThrottleState& state, TimeMs now);
// Under both rules: allowed only if each allows it; otherwise the longer wait.
ThrottleDecision check_attempt(const ThrottlePolicy& policy, const ThrottleState& account_address,
                               const ThrottleState& address, TimeMs now);
// An allowed attempt whose answer is not known yet.
ThrottleState reserve_attempt(const ThrottleRule& rule, ThrottleState state, TimeMs now);
// A reserved attempt answered: a failure counts, a success only ends the reservation.
ThrottleState settle_attempt(const ThrottleRule& rule, ThrottleState state, bool failed, TimeMs now);
// A failure checked in the same write as check_attempt, without a reservation.
ThrottleState record_failure(const ThrottleRule& rule, ThrottleState state, TimeMs now);

// What an address is counted as: IPv4 as it is, IPv6 by its /64 (one machine may hold a whole
// /64), an IPv4-mapped IPv6 address as the IPv4 address. Text that is not an address is kept.
std::string throttle_address(std::string_view remote);

}  // namespace tongbao::core
