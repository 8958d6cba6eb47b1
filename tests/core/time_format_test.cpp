#include "core/time_format.h"

#include <gtest/gtest.h>

using namespace tongbao::core;

TEST(TimeFormat, FormatsUtc) {
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(1795398836000), "2026-11-23T01:53:56Z");
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
