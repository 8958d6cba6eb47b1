#include "core/duration_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <stdexcept>
#include <vector>

using namespace tongbao::core;

namespace {
constexpr TimeMs kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;

std::optional<TimeMs> quantile(const DurationHistogram& h, double q) {
  HistogramSum sum;
  sum.add(h);
  return sum.quantile(q);
}
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
      EXPECT_EQ(quantile(h, q), values[rank]) << "n=" << n << " q=" << q;
    }
  }
  EXPECT_FALSE(quantile(DurationHistogram(), 0.5).has_value());
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
  c.decode_add("5,1,2,7:7");
  EXPECT_EQ(c.counts(), (std::map<int, long long>{{0, 5}, {1, 1}, {2, 2}, {9, 7}}));
  EXPECT_EQ(c.encode(), "5,1,2,7:7");
  for (const char* bad : {"5:", ":3", "5:3,", "x:1", "1:2;3:4", "-1:2", "0:2", "3,0", "2,-1"})
    EXPECT_THROW(DurationHistogram().decode_add(bad), std::invalid_argument) << bad;
}

TEST(DurationHistogram, ASumOfStoredHistogramsGivesTheSamePercentiles) {
  DurationHistogram a, b, both;
  for (TimeMs m : {3, 7, 7, 50, 119}) a.add(m * kMinute), both.add(m * kMinute);
  for (TimeMs h : {2, 5, 30, 200}) b.add(h * kHour), both.add(h * kHour);
  HistogramSum sum;
  sum.add_encoded(a.encode());
  sum.add(b);
  EXPECT_EQ(sum.total(), both.total());
  for (double q : {0.0, 0.5, 0.9, 1.0}) EXPECT_EQ(sum.quantile(q), quantile(both, q)) << q;
  EXPECT_FALSE(HistogramSum().quantile(0.5).has_value());
  EXPECT_THROW(sum.add_encoded("999999:1"), std::invalid_argument) << "beyond the last bucket";
  EXPECT_THROW(sum.add_encoded("3,4,x"), std::invalid_argument);
  EXPECT_EQ(sum.total(), both.total()) << "malformed text adds nothing, not even its first buckets";
  sum.clear();
  EXPECT_EQ(sum.total(), 0);
  EXPECT_FALSE(sum.quantile(0.5).has_value());
  sum.add(b);
  EXPECT_EQ(sum.quantile(0.0), 2 * kHour) << "cleared and used again for another sum";
  EXPECT_EQ(duration_bucket(100LL * 365 * kDay), duration_bucket(10LL * 365 * kDay)) << "longer counts as ten years";
}

TEST(DurationHistogram, SumsOfFewAndOfManyHistogramsAgreeWithTheDurationsThemselves) {
  // Sums of a few and of many stored histograms, single durations among them, must give the
  // nearest rank of the durations, also when stored histograms are taken away again.
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> minutes(0, 60 * 24 * 300);
  for (int histograms : {1, 3, 40}) {
    HistogramSum sum;
    std::vector<TimeMs> durations;
    for (int i = 0; i < histograms; ++i) {
      DurationHistogram kept, dropped;
      for (int j = 0; j < 30; ++j) {
        durations.push_back(minutes(rng) * kMinute);
        kept.add(durations.back());
        dropped.add(minutes(rng) * kMinute);
      }
      sum.add_encoded(kept.encode());
      sum.add_encoded(dropped.encode());
      sum.add_encoded(dropped.encode(), -1);
      durations.push_back(minutes(rng) * kMinute);
      sum.add(durations.back());
    }
    std::sort(durations.begin(), durations.end());
    ASSERT_EQ(sum.total(), static_cast<long long>(durations.size()));
    for (double q : {0.0, 0.1, 0.5, 0.9, 1.0}) {
      const auto rank = static_cast<size_t>(std::floor(q * static_cast<double>(durations.size() - 1) + 0.5));
      EXPECT_EQ(sum.quantile(q), bucket_start(duration_bucket(durations[rank]))) << histograms << " " << q;
    }
  }
}
