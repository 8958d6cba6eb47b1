#include "core/access.h"

#include <gtest/gtest.h>

using namespace tongbao::core;

namespace {
// CERT /1/ > region /1/2/ > county A /1/2/3/ > school A1 /1/2/3/5/ ; county B /1/2/4/ > school B1 /1/2/4/6/
Principal person(UnitKind kind, long long unit_id, std::string path, bool manager = false) {
  Principal p;
  p.unit_kind = kind;
  p.unit_id = unit_id;
  p.unit_path = std::move(path);
  p.contact_id = 100 + unit_id;
  p.account_manager = manager;
  return p;
}
const TreePosition cert{1, "/1/"}, region{2, "/1/2/"}, county_a{3, "/1/2/3/"}, county_b{4, "/1/2/4/"},
    school_a{5, "/1/2/3/5/"}, school_b{6, "/1/2/4/6/"};
}  // namespace

TEST(Access, ReadFollowsTheTree) {
  auto a_teacher = person(UnitKind::school, 5, "/1/2/3/5/");
  EXPECT_TRUE(can_read_unit(a_teacher, school_a));
  EXPECT_FALSE(can_read_unit(a_teacher, school_b));
  EXPECT_FALSE(can_read_unit(a_teacher, county_a));

  auto county = person(UnitKind::county_centre, 3, "/1/2/3/");
  EXPECT_TRUE(can_read_unit(county, county_a));
  EXPECT_TRUE(can_read_unit(county, school_a));
  EXPECT_FALSE(can_read_unit(county, school_b));
  EXPECT_FALSE(can_read_unit(county, region));

  auto tacert = person(UnitKind::cert, 1, "/1/");
  auto ministry = person(UnitKind::ministry, 9, "/1/9/");
  for (auto t : {cert, region, county_a, county_b, school_a, school_b}) {
    EXPECT_TRUE(can_read_unit(tacert, t));
    EXPECT_TRUE(can_read_unit(ministry, t));
  }
}

TEST(Access, PathPrefixIsNotConfusedBySimilarIds) {
  auto county = person(UnitKind::county_centre, 3, "/1/2/3/");
  EXPECT_FALSE(can_read_unit(county, {33, "/1/2/33/"}));
}

TEST(Access, ManagingUnits) {
  auto county = person(UnitKind::county_centre, 3, "/1/2/3/");
  EXPECT_TRUE(can_manage_unit(county, school_a));
  EXPECT_FALSE(can_manage_unit(county, county_a)) << "a centre does not edit itself";
  EXPECT_FALSE(can_manage_unit(county, school_b));
  EXPECT_FALSE(can_manage_unit(person(UnitKind::ministry, 9, "/1/9/"), school_a)) << "the ministry only reads";
  EXPECT_FALSE(can_manage_unit(person(UnitKind::school, 5, "/1/2/3/5/", true), school_a));
  EXPECT_TRUE(can_manage_unit(person(UnitKind::cert, 1, "/1/"), school_b));
  Principal key = person(UnitKind::cert, 1, "/1/");
  key.contact_id = 0;
  key.api_key_id = 7;
  EXPECT_FALSE(can_manage_unit(key, school_a)) << "machine clients do not edit the tree";
}

TEST(Access, ContactSlots) {
  auto county = person(UnitKind::county_centre, 3, "/1/2/3/");
  auto manager = person(UnitKind::school, 5, "/1/2/3/5/", true);
  auto plain = person(UnitKind::school, 5, "/1/2/3/5/", false);
  for (int slot : {1, 2}) {
    EXPECT_TRUE(can_manage_contact_slot(county, school_a, slot));
    EXPECT_FALSE(can_manage_contact_slot(manager, school_a, slot));
    EXPECT_FALSE(can_manage_contact_slot(county, school_b, slot));
  }
  for (int slot : {3, 4, 5}) {
    EXPECT_TRUE(can_manage_contact_slot(manager, school_a, slot));
    EXPECT_FALSE(can_manage_contact_slot(plain, school_a, slot));
    EXPECT_FALSE(can_manage_contact_slot(county, school_a, slot));
    EXPECT_FALSE(can_manage_contact_slot(manager, school_b, slot));
  }
  auto tacert = person(UnitKind::cert, 1, "/1/");
  for (int slot = 1; slot <= 5; ++slot) EXPECT_TRUE(can_manage_contact_slot(tacert, school_b, slot));
}

TEST(Access, ContactsOneAndTwoBelongToTheParentNotToEveryAncestor) {
  auto region_centre = person(UnitKind::regional_centre, 2, "/1/2/");
  for (int slot : {1, 2}) {
    EXPECT_TRUE(can_manage_contact_slot(region_centre, county_a, slot));
    EXPECT_FALSE(can_manage_contact_slot(region_centre, school_a, slot)) << "a grandparent is not the parent";
  }
  auto county = person(UnitKind::county_centre, 3, "/1/2/3/");
  EXPECT_FALSE(can_manage_contact_slot(county, {7, "/1/2/33/7/"}, 1)) << "unit 33 is not unit 3";
}

TEST(Access, AuditIsForCertAndMinistry) {
  EXPECT_TRUE(can_read_audit(person(UnitKind::cert, 1, "/1/")));
  EXPECT_TRUE(can_read_audit(person(UnitKind::ministry, 9, "/1/9/")));
  EXPECT_FALSE(can_read_audit(person(UnitKind::county_centre, 3, "/1/2/3/")));
}
