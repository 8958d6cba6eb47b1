#include "core/tree_rules.h"

#include <gtest/gtest.h>

#include <functional>

#include "core/error.h"

using namespace tongbao::core;

namespace {

IpRange range(const char* text) { return *parse_ip_range(text); }

Principal person(UnitKind kind) {
  Principal p;
  p.unit_kind = kind;
  p.contact_id = 1;
  return p;
}

ErrorKind refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  ADD_FAILURE() << "not refused";
  return ErrorKind::invalid;
}

}  // namespace

TEST(TreeRules, OnlyTheCertGivesKindsThatCarryPowers) {
  const auto county = person(UnitKind::county_centre), region = person(UnitKind::regional_centre);
  for (auto kind : {UnitKind::cert, UnitKind::ministry, UnitKind::soc}) {
    EXPECT_EQ(refusal([&] { check_may_give_kind(county, kind, UnitKind::county_centre); }), ErrorKind::forbidden);
    EXPECT_EQ(refusal([&] { check_may_give_kind(region, kind, UnitKind::regional_centre); }), ErrorKind::forbidden);
    EXPECT_NO_THROW(check_may_give_kind(person(UnitKind::cert), kind, UnitKind::county_centre));
  }
  EXPECT_NO_THROW(check_may_give_kind(county, UnitKind::school, UnitKind::county_centre));
  EXPECT_NO_THROW(check_may_give_kind(county, UnitKind::other, UnitKind::county_centre));
  EXPECT_NO_THROW(check_may_give_kind(region, UnitKind::county_centre, UnitKind::regional_centre));
  EXPECT_EQ(refusal([&] { check_may_give_kind(county, UnitKind::county_centre, UnitKind::county_centre); }), ErrorKind::forbidden);
  EXPECT_EQ(refusal([&] { check_may_give_kind(region, UnitKind::county_centre, UnitKind::school); }), ErrorKind::forbidden);
  EXPECT_EQ(refusal([&] { check_may_give_kind(region, UnitKind::regional_centre, std::nullopt); }), ErrorKind::forbidden);
}

TEST(TreeRules, ContainmentAndOverlapOfRanges) {
  EXPECT_TRUE(range_contains(range("198.51.100.0/24"), range("198.51.100.128/25")));
  EXPECT_TRUE(range_contains(range("198.51.100.0/24"), range("198.51.100.0/24")));
  EXPECT_FALSE(range_contains(range("198.51.100.128/25"), range("198.51.100.0/24")));
  EXPECT_FALSE(range_contains(range("198.51.100.0/25"), range("198.51.100.130/32")));
  EXPECT_FALSE(range_contains(range("0.0.0.0/0"), range("2001:db8::/32"))) << "families never contain each other";
  EXPECT_TRUE(range_contains(range("::/0"), range("2001:db8::1")));
  EXPECT_TRUE(range_contains(range("2001:db8:100::/40"), range("2001:db8:1ff::/48")));
  EXPECT_FALSE(range_contains(range("2001:db8:100::/40"), range("2001:db8:200::/48")));
  EXPECT_TRUE(ranges_overlap(range("198.51.100.0/25"), range("198.51.100.0/24")));
  EXPECT_FALSE(ranges_overlap(range("198.51.100.0/25"), range("198.51.100.128/25")));
}

TEST(TreeRules, RegistryChecksParentChildrenAndOtherBranches) {
  RangeRegistry registry;
  const RangeRegistry::Owner cert{1, "c", "/1/", UnitKind::cert}, county_a{3, "a", "/1/3/", UnitKind::county_centre},
      county_b{4, "b", "/1/4/", UnitKind::county_centre}, school_a{5, "a1", "/1/3/5/", UnitKind::school};
  registry.set(county_a, {range("198.51.100.0/25")});
  registry.set(county_b, {range("198.51.100.128/25")});
  registry.set(school_a, {range("198.51.100.0/27")});

  Unit school;
  school.id = 0;
  school.kind = UnitKind::school;
  school.path = "/1/3/new/";
  school.ip_ranges = {range("198.51.100.64/27")};
  EXPECT_NO_THROW(registry.check(school, county_a));
  school.ip_ranges = {range("198.51.100.130/32")};
  EXPECT_EQ(refusal([&] { registry.check(school, county_a); }), ErrorKind::invalid) << "outside the parent";
  school.ip_ranges = {range("198.51.100.8/29")};
  EXPECT_EQ(refusal([&] { registry.check(school, county_a); }), ErrorKind::conflict) << "over a sibling";

  // Below the CERT ranges are free, but still not over another branch.
  Unit centre;
  centre.kind = UnitKind::county_centre;
  centre.path = "/1/new/";
  centre.ip_ranges = {range("203.0.113.0/24")};
  EXPECT_NO_THROW(registry.check(centre, cert));
  centre.ip_ranges = {range("198.51.100.0/24")};
  EXPECT_EQ(refusal([&] { registry.check(centre, cert); }), ErrorKind::conflict);

  // A county may not shrink below its school's range; its own ranges do not clash with themselves.
  Unit a;
  a.id = 3;
  a.kind = UnitKind::county_centre;
  a.path = "/1/3/";
  a.ip_ranges = {range("198.51.100.0/26")};
  EXPECT_NO_THROW(registry.check(a, cert));
  a.ip_ranges = {range("198.51.100.64/26")};
  EXPECT_EQ(refusal([&] { registry.check(a, cert); }), ErrorKind::invalid);

  // After a move, the subtree's paths follow, so a unit's descendants are still its own.
  registry.move_subtree("/1/3/", "/1/4/3/");
  a.path = "/1/4/3/";
  a.ip_ranges = {range("198.51.100.0/25")};
  EXPECT_EQ(refusal([&] { registry.check(a, county_b); }), ErrorKind::invalid) << "outside the new parent";
}
