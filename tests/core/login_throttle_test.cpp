#include "core/login_throttle.h"

#include <gtest/gtest.h>

using namespace tongbao::core;

TEST(LoginThrottle, FirstFailuresAreFree) {
  ThrottleRule rule;
  ThrottleState s;
  for (int i = 0; i < rule.free_failures - 1; ++i) {
    s = record_failure(rule, s, 1000);
    EXPECT_EQ(check_attempt(rule, s, 1000).verdict, ThrottleVerdict::allowed) << "after failure " << i + 1;
  }
}

TEST(LoginThrottle, WaitGrowsToTheCapAndNeverLocks) {
  ThrottleRule rule;
  ThrottleState s;
  TimeMs now = 1'000'000;
  TimeMs previous_wait = 0;
  for (int i = 1; i <= 40; ++i) {
    s = record_failure(rule, s, now);
    auto d = check_attempt(rule, s, now);
    if (i < rule.free_failures) {
      EXPECT_EQ(d.verdict, ThrottleVerdict::allowed);
      continue;
    }
    ASSERT_EQ(d.verdict, ThrottleVerdict::wait) << "failure " << i;
    EXPECT_GE(d.retry_after_ms, previous_wait);
    EXPECT_LE(d.retry_after_ms, rule.max_delay_ms);
    if (i == rule.free_failures) EXPECT_EQ(d.retry_after_ms, rule.first_delay_ms);
    if (i == rule.free_failures + 1) EXPECT_EQ(d.retry_after_ms, 2 * rule.first_delay_ms);
    previous_wait = d.retry_after_ms;
    // Waiting the time out allows the next attempt, however many failures came before.
    EXPECT_EQ(check_attempt(rule, s, now + d.retry_after_ms - 1).verdict, ThrottleVerdict::wait);
    now += d.retry_after_ms;
    EXPECT_EQ(check_attempt(rule, s, now).verdict, ThrottleVerdict::allowed);
  }
  EXPECT_EQ(previous_wait, rule.max_delay_ms);
}

TEST(LoginThrottle, ForgetsAfterAQuietWhile) {
  ThrottleRule rule;
  ThrottleState s;
  for (int i = 0; i < 10; ++i) s = record_failure(rule, s, 5000);
  EXPECT_EQ(check_attempt(rule, s, 5000 + rule.forget_after_ms - 1).verdict, ThrottleVerdict::allowed);
  s = record_failure(rule, s, 5000 + rule.forget_after_ms);
  EXPECT_EQ(s.failures, 1);
}

TEST(LoginThrottle, ReservationsCountSoParallelAttemptsCannotSlipThrough) {
  ThrottleRule rule;
  ThrottleState s;
  const TimeMs now = 1'000'000;
  int reserved = 0;
  for (int i = 0; i < 40; ++i) {
    if (check_attempt(rule, s, now).verdict != ThrottleVerdict::allowed) continue;
    s = reserve_attempt(rule, s, now);
    ++reserved;
  }
  EXPECT_EQ(reserved, rule.free_failures);
  EXPECT_GE(check_attempt(rule, s, now).retry_after_ms, rule.first_delay_ms);
  for (int i = 0; i < reserved; ++i) s = settle_attempt(rule, s, true, now + 100);
  EXPECT_EQ(s.failures, rule.free_failures);
  EXPECT_EQ(s.reserved, 0);
  EXPECT_EQ(check_attempt(rule, s, now + 100).retry_after_ms, rule.first_delay_ms);
}

TEST(LoginThrottle, ARightAttemptGivesItsReservationBack) {
  ThrottleRule rule;
  ThrottleState s;
  for (int i = 0; i < rule.free_failures - 1; ++i) s = record_failure(rule, s, 0);
  s = reserve_attempt(rule, s, 10'000);
  EXPECT_EQ(check_attempt(rule, s, 10'000).verdict, ThrottleVerdict::wait) << "one at a time once the free ones are used";
  s = settle_attempt(rule, s, false, 10'050);
  EXPECT_EQ(s.failures, rule.free_failures - 1);
  EXPECT_EQ(s.reserved, 0);
  EXPECT_EQ(check_attempt(rule, s, 10'050).verdict, ThrottleVerdict::allowed);
}

TEST(LoginThrottle, AReservationNeverSettledRunsOut) {
  ThrottleRule rule;
  ThrottleState s;
  for (int i = 0; i < rule.free_failures; ++i) s = reserve_attempt(rule, s, 0);
  EXPECT_EQ(check_attempt(rule, s, kReservationLifetimeMs - 1).verdict, ThrottleVerdict::wait);
  EXPECT_EQ(check_attempt(rule, s, kReservationLifetimeMs).verdict, ThrottleVerdict::allowed);
}

TEST(LoginThrottle, BothRulesMustAllowAndTheLongerWaitIsGiven) {
  ThrottlePolicy policy;
  ThrottleState pair, address;
  const TimeMs now = 1'000'000;
  for (int i = 0; i < policy.account_address.free_failures + 1; ++i) pair = record_failure(policy.account_address, pair, now);
  EXPECT_EQ(check_attempt(policy, pair, address, now).retry_after_ms, 2 * policy.account_address.first_delay_ms);
  EXPECT_EQ(check_attempt(policy, ThrottleState{}, address, now).verdict, ThrottleVerdict::allowed)
      << "another account from the same address";
  for (int i = 0; i < policy.address.free_failures + 3; ++i) address = record_failure(policy.address, address, now);
  EXPECT_EQ(check_attempt(policy, ThrottleState{}, address, now).retry_after_ms, 8 * policy.address.first_delay_ms);
  EXPECT_EQ(check_attempt(policy, pair, address, now).retry_after_ms, 8 * policy.address.first_delay_ms);
}

TEST(LoginThrottle, AddressesAreCountedByMachineNotByText) {
  EXPECT_EQ(throttle_address("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(throttle_address("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(throttle_address("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_address("2001:DB8:1:2::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_address("not an address"), "not an address");
}
