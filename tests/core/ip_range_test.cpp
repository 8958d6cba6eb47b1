#include "core/ip_range.h"

#include <gtest/gtest.h>

using namespace tongbao::core;

TEST(IpRange, ParsesIPv4AndIPv6) {
  auto a = parse_ip_range("140.117.0.0/16");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->v6);
  EXPECT_EQ(a->prefix_length, 16);
  EXPECT_EQ(a->to_string(), "140.117.0.0/16");
  auto b = parse_ip_range("2001:0288:4001:0000::/48");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->v6);
  EXPECT_EQ(b->to_string(), "2001:288:4001::/48");
  EXPECT_EQ(parse_ip_range("192.0.2.7")->to_string(), "192.0.2.7/32");
  EXPECT_EQ(parse_ip_range("2001:db8::1")->to_string(), "2001:db8::1/128");
}

TEST(IpRange, RefusesBadInput) {
  std::string why;
  EXPECT_FALSE(parse_ip_range("140.117.1.0/16", &why));
  EXPECT_NE(why.find("host bits"), std::string::npos);
  EXPECT_FALSE(parse_ip_range("300.1.1.1/32", &why));
  EXPECT_FALSE(parse_ip_range("10.0.0.0/33", &why));
  EXPECT_FALSE(parse_ip_range("2001:db8::/129", &why));
  EXPECT_FALSE(parse_ip_range("10.0.0.0/x", &why));
  EXPECT_FALSE(parse_ip_range("", &why));
}
