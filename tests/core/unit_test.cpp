#include "core/unit.h"

#include <gtest/gtest.h>

#include "core/error.h"

using namespace tongbao::core;

namespace {
std::string field_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.field();
  }
  return "(no error)";
}
}  // namespace

TEST(UnitRules, Oid) {
  EXPECT_EQ(field_of([] { validate_oid("2.16.886.111.100008.2"); }), "(no error)");
  EXPECT_EQ(field_of([] { validate_oid("2..16"); }), "oid");
  EXPECT_EQ(field_of([] { validate_oid("216"); }), "oid");
  EXPECT_EQ(field_of([] { validate_oid("2.16."); }), "oid");
  EXPECT_EQ(field_of([] { validate_oid("2.a"); }), "oid");
}

TEST(UnitRules, ContactFields) {
  Contact c;
  c.slot = 3;
  c.account = "teacher3";
  c.name = "王小明";
  c.email = "wang@school.edu.tw";
  EXPECT_EQ(field_of([&] { validate_contact(c); }), "(no error)");
  auto bad = c;
  bad.email = "no-at-sign";
  EXPECT_EQ(field_of([&] { validate_contact(bad); }), "email");
  bad = c;
  bad.slot = 6;
  EXPECT_EQ(field_of([&] { validate_contact(bad); }), "slot");
  bad = c;
  bad.mobile = "call me";
  EXPECT_EQ(field_of([&] { validate_contact(bad); }), "mobile");
  bad = c;
  bad.account = "has space";
  EXPECT_EQ(field_of([&] { validate_contact(bad); }), "account");
  bad = c;
  bad.name = "";
  EXPECT_EQ(field_of([&] { validate_contact(bad); }), "name");
  bad = c;
  bad.locale = "fr";
  EXPECT_EQ(field_of([&] { validate_contact(bad); }), "locale");
}

TEST(UnitRules, SlotsOneAndTwoBelongToTheParent) {
  EXPECT_TRUE(slot_managed_by_parent(1));
  EXPECT_TRUE(slot_managed_by_parent(2));
  EXPECT_FALSE(slot_managed_by_parent(3));
  EXPECT_FALSE(slot_managed_by_parent(5));
}
