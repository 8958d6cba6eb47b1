#include "core/time_format.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <random>

using namespace tongbao::core;

TEST(TimeFormat, FormatsUtc) {
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(1795398836000), "2026-11-23T01:53:56Z");
}

// The C library's own formatting, as format_utc did before it was written by hand.
std::string as_the_c_library_writes(TimeMs t) {
  std::time_t secs = static_cast<std::time_t>(t >= 0 ? t / 1000 : (t - 999) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

TEST(TimeFormat, WritesEveryTimeAsTheCLibraryDoes) {
  // Leap days, the ends of years and centuries, before 1970, a millisecond either side of midnight.
  for (const TimeMs t : {0LL, -1LL, 999LL, -1000LL, -1001LL, 951782400000LL, 951868799999LL, 4107542400000LL,
                         253402300799000LL, 1795398836000LL, -2208988800000LL, -62135596800000LL})
    EXPECT_EQ(format_utc(t), as_the_c_library_writes(t)) << t;
  std::mt19937_64 random(20261203);
  std::uniform_int_distribution<long long> any_time(-62135596800000LL, 253402300799999LL);  // years 1 to 9999
  for (int i = 0; i < 200000; ++i) {
    const TimeMs t = any_time(random);
    ASSERT_EQ(format_utc(t), as_the_c_library_writes(t)) << t;
  }
}

TEST(TimeFormat, ParsesZonesAndRefusesAmbiguity) {
  EXPECT_EQ(parse_iso8601("2026-11-23T01:53:56Z"), 1795398836000);
  EXPECT_EQ(parse_iso8601("2026-11-23T09:53:56+08:00"), 1795398836000);
  // Kept to the whole second, as times are written back: the same time reads the same everywhere.
  EXPECT_EQ(parse_iso8601("2026-11-23T01:53:56.250Z"), 1795398836000);
  EXPECT_EQ(parse_iso8601("2026-11-23T01:53:56.999999+00:00"), 1795398836000);
  EXPECT_FALSE(parse_iso8601("2026-11-23T01:53:56.Z"));
  EXPECT_FALSE(parse_iso8601("2026-11-23T01:53:56"));
  EXPECT_FALSE(parse_iso8601("2026-02-29T00:00:00Z"));
  EXPECT_TRUE(parse_iso8601("2028-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2026-13-01T00:00:00Z"));
}
