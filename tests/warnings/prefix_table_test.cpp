#include "core/prefix_table.h"

#include <gtest/gtest.h>

#include <random>

using namespace tongbao::core;

namespace {
IpRange range(const char* text) { return *parse_ip_range(text); }
}  // namespace

TEST(PrefixTable, NestedAndOverlappingPrefixesPickTheMostSpecific) {
  PrefixTable t;
  t.insert(range("140.117.0.0/16"), 1);      // a university network
  t.insert(range("140.117.32.0/19"), 2);     // a county centre within it
  t.insert(range("140.117.40.0/24"), 3);     // a school within that
  t.insert(range("140.117.40.128/25"), 4);   // a branch campus within that
  EXPECT_EQ(t.lookup("140.117.40.200"), 4);
  EXPECT_EQ(t.lookup("140.117.40.12"), 3);
  EXPECT_EQ(t.lookup("140.117.33.1"), 2);
  EXPECT_EQ(t.lookup("140.117.1.1"), 1);
  EXPECT_EQ(t.lookup("140.118.0.1"), std::nullopt);
  EXPECT_EQ(t.lookup("not an address"), std::nullopt);
}

TEST(PrefixTable, IPv6AndIPv4AreSeparate) {
  PrefixTable t;
  t.insert(range("2001:288::/32"), 10);
  t.insert(range("2001:288:4001::/48"), 11);
  t.insert(range("2001:288:4001:12::/64"), 12);
  t.insert(range("0.0.0.0/0"), 99);  // a catch-all for IPv4 only
  EXPECT_EQ(t.lookup("2001:288:4001:12::7"), 12);
  EXPECT_EQ(t.lookup("2001:288:4001:ff::1"), 11);
  EXPECT_EQ(t.lookup("2001:288:9999::1"), 10);
  EXPECT_EQ(t.lookup("2001:db8::1"), std::nullopt);
  EXPECT_EQ(t.lookup("192.0.2.1"), 99);
}

TEST(PrefixTable, AgreesWithALinearScanOnRandomPrefixes) {
  std::mt19937 rng(42);
  std::vector<std::pair<IpRange, long long>> all;
  PrefixTable t;
  for (int i = 0; i < 2000; ++i) {
    IpRange r;
    r.prefix_length = 8 + static_cast<int>(rng() % 25);
    std::uint32_t a = rng() & (r.prefix_length == 32 ? ~0u : ~(~0u >> r.prefix_length));
    r.address = {static_cast<std::uint8_t>(a >> 24), static_cast<std::uint8_t>(a >> 16), static_cast<std::uint8_t>(a >> 8),
                 static_cast<std::uint8_t>(a)};
    t.insert(r, i);
    std::erase_if(all, [&](auto& p) { return p.first == r; });
    all.push_back({r, i});
  }
  for (int i = 0; i < 20000; ++i) {
    std::uint32_t a = rng();
    std::array<std::uint8_t, 16> addr{static_cast<std::uint8_t>(a >> 24), static_cast<std::uint8_t>(a >> 16),
                                      static_cast<std::uint8_t>(a >> 8), static_cast<std::uint8_t>(a)};
    std::optional<long long> best;
    int best_len = -1;
    for (auto& [r, owner] : all) {
      std::uint32_t net = (r.address[0] << 24) | (r.address[1] << 16) | (r.address[2] << 8) | r.address[3];
      std::uint32_t mask = r.prefix_length == 0 ? 0 : ~0u << (32 - r.prefix_length);
      if ((a & mask) == net && r.prefix_length > best_len) best = owner, best_len = r.prefix_length;
    }
    ASSERT_EQ(t.lookup(addr, false), best);
  }
}

TEST(PrefixTable, APrefixBelongsToTheMostSpecificRangeHoldingAllOfIt) {
  PrefixTable t;
  t.insert(*parse_ip_range("198.51.100.0/24"), 1);
  t.insert(*parse_ip_range("198.51.100.0/25"), 2);
  t.insert(*parse_ip_range("198.51.100.0/27"), 3);
  t.insert(*parse_ip_range("2001:db8::/32"), 4);
  EXPECT_EQ(t.owner_of(*parse_ip_range("198.51.100.7/32")), 3);
  EXPECT_EQ(t.owner_of(*parse_ip_range("198.51.100.0/27")), 3);
  EXPECT_EQ(t.owner_of(*parse_ip_range("198.51.100.0/26")), 2) << "wider than the /27: only the /25 holds all of it";
  EXPECT_EQ(t.owner_of(*parse_ip_range("198.51.100.128/25")), 1);
  EXPECT_EQ(t.owner_of(*parse_ip_range("198.51.100.0/23")), std::nullopt) << "wider than every range";
  EXPECT_EQ(t.owner_of(*parse_ip_range("2001:db8:1::/48")), 4);
  EXPECT_EQ(t.owner_of(*parse_ip_range("203.0.113.0/24")), std::nullopt);
}
