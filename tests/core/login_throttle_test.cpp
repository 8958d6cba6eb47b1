#include "core/login_throttle.h"

#include <gtest/gtest.h>

using namespace tongbao::core;

TEST(LoginThrottle, FirstFailuresAreFree) {
  ThrottlePolicy policy;
  ThrottleState s;
  for (int i = 0; i < policy.free_failures - 1; ++i) {
    s = record_failure(policy, s, 1000);
    EXPECT_EQ(check_attempt(policy, s, 1000).verdict, ThrottleVerdict::allowed) << "after failure " << i + 1;
  }
}

TEST(LoginThrottle, WaitGrowsThenLocks) {
  ThrottlePolicy policy;
  ThrottleState s;
  TimeMs now = 0;
  TimeMs previous_wait = 0;
  for (int i = 1; i < policy.lock_after_failures; ++i) {
    s = record_failure(policy, s, now);
    auto d = check_attempt(policy, s, now);
    if (i < policy.free_failures) {
      EXPECT_EQ(d.verdict, ThrottleVerdict::allowed);
      continue;
    }
    ASSERT_EQ(d.verdict, ThrottleVerdict::wait) << "failure " << i;
    EXPECT_GE(d.retry_after_ms, previous_wait);
    EXPECT_LE(d.retry_after_ms, policy.max_delay_ms);
    previous_wait = d.retry_after_ms;
    // Waiting the time out allows the next attempt.
    now += d.retry_after_ms;
    EXPECT_EQ(check_attempt(policy, s, now).verdict, ThrottleVerdict::allowed);
  }
  s = record_failure(policy, s, now);
  auto d = check_attempt(policy, s, now);
  EXPECT_EQ(d.verdict, ThrottleVerdict::locked);
  EXPECT_EQ(d.retry_after_ms, policy.lock_ms);
}

TEST(LoginThrottle, LockRunsOutAndStartsAfresh) {
  ThrottlePolicy policy;
  ThrottleState s;
  for (int i = 0; i < policy.lock_after_failures; ++i) s = record_failure(policy, s, 0);
  EXPECT_EQ(check_attempt(policy, s, policy.lock_ms - 1).verdict, ThrottleVerdict::locked);
  EXPECT_EQ(check_attempt(policy, s, policy.lock_ms).verdict, ThrottleVerdict::allowed);
  s = record_failure(policy, s, policy.lock_ms);
  EXPECT_EQ(s.failures, 1);
  EXPECT_EQ(s.locked_until, 0);
}
