#include "core/duration_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <vector>

using namespace tongbao::core;

namespace {
constexpr TimeMs kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;
}

TEST(DurationHistogram, BucketsStartWhereTheirRangeSaysAndHoldTheirWidth) {
  EXPECT_EQ(bucket_start(duration_bucket(0)), 0);
  EXPECT_EQ(bucket_start(duration_bucket(59'999)), 0);
  EXPECT_EQ(bucket_start(duration_bucket(10 * kMinute + 30'000)), 10 * kMinute);
  EXPECT_EQ(bucket_start(duration_bucket(2 * kHour + 9 * kMinute)), 2 * kHour);
  EXPECT_EQ(bucket_start(duration_bucket(3 * kHour)), 3 * kHour);
  EXPECT_EQ(bucket_start(duration_bucket(2 * kDay + 59 * kMinute)), 2 * kDay);
  EXPECT_EQ(bucket_start(duration_bucket(19 * kDay + 3 * kHour + 5 * kMinute)), 19 * kDay + 3 * kHour);
  EXPECT_EQ(bucket_start(duration_bucket(400 * kDay + kHour)), 400 * kDay);
  EXPECT_EQ(duration_bucket(-kHour), 0) << "a report timed before awareness counts as immediate";
  for (int b = 0; b < 2000; ++b) EXPECT_EQ(duration_bucket(bucket_start(b)), b);
}

TEST(DurationHistogram, QuantilesMatchTheNearestRankOfTheSortedDurations) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> minutes(0, 60 * 24 * 90);
  for (int n : {1, 2, 5, 10, 101, 1000}) {
    std::vector<TimeMs> values;
    DurationHistogram h;
    for (int i = 0; i < n; ++i) {
      // Whole hours beyond two days, tens of minutes beyond two hours: what the buckets hold exactly.
      TimeMs v = minutes(rng) * kMinute;
      if (v >= 60 * kDay) v -= v % kDay;
      else if (v >= 2 * kDay) v -= v % kHour;
      else if (v >= 2 * kHour) v -= v % (10 * kMinute);
      values.push_back(v);
      h.add(v);
    }
    std::sort(values.begin(), values.end());
    for (double q : {0.0, 0.5, 0.9, 1.0}) {
      const auto rank = static_cast<size_t>(q * (n - 1) + 0.5);
      EXPECT_EQ(h.quantile(q), values[rank]) << "n=" << n << " q=" << q;
    }
  }
  EXPECT_FALSE(DurationHistogram().quantile(0.5).has_value());
}

TEST(DurationHistogram, EncodesAsTextAndTakesAwayWhatWasAdded) {
  DurationHistogram a;
  a.add(5 * kMinute, 3);
  a.add(30 * kDay);
  DurationHistogram b;
  b.decode_add(a.encode());
  EXPECT_EQ(a, b);
  EXPECT_EQ(b.total(), 4);
  b.merge(a, -1);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.total(), 0);
  EXPECT_EQ(b.encode(), "");
  DurationHistogram c;
  c.decode_add("");
  EXPECT_TRUE(c.empty());
  for (const char* bad : {"5", "5:", ":3", "5:3,", "x:1", "1:2;3:4", "-1:2"})
    EXPECT_THROW(c.decode_add(bad), std::invalid_argument) << bad;
}
