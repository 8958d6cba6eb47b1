// The pure rules of improvement items: who may do what, in which status, and when reminders fall.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/improvement.h"
#include "core/policy_file.h"
#include "core/time_format.h"

using namespace tongbao::core;

namespace {

Principal person(long long unit_id, const std::string& path, UnitKind kind) {
  Principal p;
  p.unit_id = unit_id;
  p.unit_path = path;
  p.unit_kind = kind;
  p.contact_id = 7;
  return p;
}

const TreePosition kSchool{31, "/1/2/3/31/"};

}  // namespace

TEST(ImprovementRules, EachPlaceInTheTreeHasItsRole) {
  const auto school = improvement_roles(person(31, "/1/2/3/31/", UnitKind::school), kSchool, std::nullopt);
  EXPECT_TRUE(school.reader && school.owner && !school.verifier);
  const auto county = improvement_roles(person(3, "/1/2/3/", UnitKind::county_centre), kSchool, std::nullopt);
  EXPECT_TRUE(county.reader && !county.owner && county.verifier) << "the parent verifies";
  const auto region = improvement_roles(person(2, "/1/2/", UnitKind::regional_centre), kSchool, std::nullopt);
  EXPECT_TRUE(region.reader && !region.verifier) << "the grandparent reads, does not verify";
  const auto region_audited = improvement_roles(person(2, "/1/2/", UnitKind::regional_centre), kSchool, 2);
  EXPECT_TRUE(region_audited.verifier) << "unless it audited the school";
  const auto cert = improvement_roles(person(1, "/1/", UnitKind::cert), kSchool, std::nullopt);
  EXPECT_TRUE(cert.verifier);
  const auto ministry = improvement_roles(person(9, "/9/", UnitKind::ministry), kSchool, std::nullopt);
  EXPECT_TRUE(ministry.reader && !ministry.owner && !ministry.verifier) << "the ministry reads";
  const auto other_county = improvement_roles(person(4, "/1/2/4/", UnitKind::county_centre), kSchool, std::nullopt);
  EXPECT_FALSE(other_county.reader || other_county.verifier || other_county.owner);
  const auto sibling = improvement_roles(person(32, "/1/2/3/32/", UnitKind::school), kSchool, std::nullopt);
  EXPECT_FALSE(sibling.reader);
  // A CERT's own item: it is the owner, so nobody but... its own unit never verifies it.
  const auto cert_own = improvement_roles(person(1, "/1/", UnitKind::cert), TreePosition{1, "/1/"}, std::nullopt);
  EXPECT_TRUE(cert_own.owner && !cert_own.verifier);
}

TEST(ImprovementRules, CreatingFollowsTheTree) {
  EXPECT_TRUE(may_create_improvement(person(31, "/1/2/3/31/", UnitKind::school), kSchool));
  EXPECT_TRUE(may_create_improvement(person(3, "/1/2/3/", UnitKind::county_centre), kSchool));
  EXPECT_FALSE(may_create_improvement(person(32, "/1/2/3/32/", UnitKind::school), kSchool));
  EXPECT_FALSE(may_create_improvement(person(4, "/1/2/4/", UnitKind::county_centre), kSchool));
  EXPECT_FALSE(may_create_improvement(person(9, "/9/", UnitKind::ministry), kSchool));
  EXPECT_FALSE(may_create_improvement(person(31, "/1/2/3/31/", UnitKind::school), TreePosition{3, "/1/2/3/"}))
      << "a school opens nothing for its centre";
}

TEST(ImprovementRules, StatusesMoveOnlyAsTheRulesSay) {
  using S = ImprovementStatus;
  using A = ImprovementAction;
  const ImprovementRoles owner{true, true, false}, verifier{true, false, true}, reader{true, false, false};
  EXPECT_EQ(next_improvement_status(A::progress, S::planned, owner), S::in_progress);
  EXPECT_EQ(next_improvement_status(A::progress, S::not_accepted, owner), S::in_progress);
  EXPECT_EQ(next_improvement_status(A::mark_done, S::planned, owner), S::done);
  EXPECT_EQ(next_improvement_status(A::verify, S::done, verifier), S::verified);
  EXPECT_EQ(next_improvement_status(A::not_accept, S::done, verifier), S::not_accepted);
  EXPECT_EQ(next_improvement_status(A::edit, S::in_progress, verifier), S::in_progress);
  auto kind_of = [](A a, S s, const ImprovementRoles& r) {
    try {
      next_improvement_status(a, s, r);
      return std::string("allowed");
    } catch (const Error& e) {
      return std::string(e.kind() == ErrorKind::forbidden ? "forbidden" : e.kind() == ErrorKind::conflict ? "conflict" : "other");
    }
  };
  EXPECT_EQ(kind_of(A::verify, S::done, owner), "forbidden") << "nobody verifies their own";
  EXPECT_EQ(kind_of(A::progress, S::in_progress, verifier), "forbidden");
  EXPECT_EQ(kind_of(A::edit, S::planned, reader), "forbidden");
  EXPECT_EQ(kind_of(A::verify, S::in_progress, verifier), "conflict") << "nothing to verify before done";
  EXPECT_EQ(kind_of(A::progress, S::done, owner), "conflict");
  EXPECT_EQ(kind_of(A::edit, S::verified, owner), "conflict");
  EXPECT_EQ(kind_of(A::mark_done, S::verified, owner), "conflict");
}

TEST(ImprovementRules, RemindersFallAWeekBeforeAndWeeklyFromThePlannedDate) {
  const auto due = taipei_day_end("2026-03-31");
  EXPECT_EQ(format_utc(due), "2026-03-31T16:00:00Z") << "midnight after the 31st in Taipei";
  constexpr TimeMs kWeek = kImprovementReminderEvery;
  const auto early = *parse_iso8601("2026-03-01T00:00:00Z");
  EXPECT_EQ(next_improvement_reminder(due, early), due - kWeek);
  EXPECT_EQ(next_improvement_reminder(due, due - kWeek), due);
  EXPECT_EQ(next_improvement_reminder(due, due), due + kWeek);
  EXPECT_EQ(next_improvement_reminder(due, due + 3 * kWeek + 1), due + 4 * kWeek) << "one at a time, never a burst";
  EXPECT_TRUE(is_valid_date("2028-02-29"));
  EXPECT_FALSE(is_valid_date("2026-02-29"));
  EXPECT_FALSE(is_valid_date("2026-13-01"));
  EXPECT_FALSE(is_valid_date("1999-12-31"));
  EXPECT_FALSE(is_valid_date("2026-3-1"));
  EXPECT_EQ(taipei_date(*parse_iso8601("2026-03-31T16:30:00Z")), "2026-04-01");
}

TEST(ImprovementRules, AProfileListsItsOwnCategories) {
  const auto p = parse_policy_profile(
      "name = x\nversion = 1\neffective_from = 2026-01-05T00:00:00+08:00\n"
      "[improvement_category people]\nlabel_zh = 人員\nlabel_en = People\n"
      "[improvement_category tech]\nlabel_zh = 技術\nlabel_en = Technical\n",
      "x.profile");
  ASSERT_EQ(p.improvement_categories.size(), 2u);
  EXPECT_EQ(p.improvement_categories[1].key, "tech");
  EXPECT_EQ(p.improvement_categories[0].label_zh, "人員");
  EXPECT_THROW(parse_policy_profile("name = x\nversion = 1\neffective_from = 2026-01-05T00:00:00+08:00\n"
                                    "[improvement_category people]\nlabel_zh = 人員\n",
                                    "x.profile"),
               Error)
      << "a category needs both labels";
  EXPECT_THROW(parse_policy_profile("name = x\nversion = 1\neffective_from = 2026-01-05T00:00:00+08:00\n"
                                    "[improvement_category Bad-Key]\nlabel_zh = a\nlabel_en = b\n",
                                    "x.profile"),
               Error);
  ImprovementInput in;
  in.category = "to_improve";
  in.severity = "major";
  in.finding = "未留存稽核紀錄";
  in.planned_on = "2026-03-31";
  in.source = ImprovementSource::drill;
  in.reference = "社交工程演練 2026 上半年";
  EXPECT_NO_THROW(check_improvement(in, default_improvement_categories()));
  EXPECT_THROW(check_improvement(in, p.improvement_categories), Error) << "not a category of that profile";
}
