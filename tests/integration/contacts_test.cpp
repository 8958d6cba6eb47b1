#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;

namespace {
const std::string kSchool = std::string("/api/v1/units/") + demo::kSchoolA1;
}

TEST(Contacts, AccountManagerOpensContactThreeButCannotChangeContactOne) {
  ServerProcess server;
  // The county centre (the parent) opens contact 2 of its school and names it account manager.
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto opened = county.put(kSchool + "/contacts/2", {{"account", "manager"},
                                                     {"name", "陳組長"},
                                                     {"email", "manager@school.example.edu.tw"},
                                                     {"mobile", "0912-345-678"},
                                                     {"account_manager", true}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  EXPECT_TRUE(opened.json()["must_change_password"].get<bool>());
  const auto otp = opened.json()["one_time_password"].get<std::string>();

  auto manager = server.client();
  manager.set_token(sign_in(manager, demo::kSchoolA1, "manager", otp));
  ASSERT_EQ(manager.post("/api/v1/auth/password", {{"current_password", otp}, {"new_password", "manager keeps the harbour lamp"}}).status, 200);

  // Opening contact 3 is the account manager's job.
  auto third = manager.put(kSchool + "/contacts/3", {{"account", "assistant"}, {"name", "助理"}, {"email", "assistant@school.example.edu.tw"}});
  ASSERT_EQ(third.status, 201) << third.body;
  EXPECT_EQ(third.json()["slot"], 3);
  EXPECT_FALSE(third.json()["one_time_password"].get<std::string>().empty());

  // Contact 1 belongs to the parent: the manager may not change it, and it stays as it was.
  auto before = manager.get(kSchool + "/contacts").json()["items"][0];
  ASSERT_EQ(before["slot"], 1);
  auto refused = manager.patch(kSchool + "/contacts/1", {{"email", "changed@school.example.edu.tw"}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "forbidden");
  EXPECT_EQ(manager.del(kSchool + "/contacts/1").status, 403);
  EXPECT_EQ(manager.get(kSchool + "/contacts").json()["items"][0], before);

  // The manager cannot name another manager, nor open slot 1.
  EXPECT_EQ(manager.put(kSchool + "/contacts/4", {{"account", "x4"}, {"name", "x"}, {"email", "x4@s.edu.tw"}, {"account_manager", true}}).status, 403);

  // Closing contact 3 ends its sign-in.
  auto assistant = server.client();
  const auto assistant_otp = third.json()["one_time_password"].get<std::string>();
  assistant.set_token(sign_in(assistant, demo::kSchoolA1, "assistant", assistant_otp));
  ASSERT_EQ(manager.del(kSchool + "/contacts/3").status, 200);
  EXPECT_EQ(assistant.get("/api/v1/auth/me").status, 401);
  auto again = assistant.post("/api/v1/auth/login", {{"oid", demo::kSchoolA1}, {"account", "assistant"}, {"password", assistant_otp}});
  EXPECT_EQ(again.status, 401);
}

TEST(Contacts, ParentCannotOpenSlotsThreeToFive) {
  ServerProcess server;
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  EXPECT_EQ(county.put(kSchool + "/contacts/3", {{"account", "x"}, {"name", "x"}, {"email", "x@s.edu.tw"}}).status, 403);
}

TEST(Contacts, EveryoneMayEditTheirOwnDetails) {
  ServerProcess server;
  auto teacher = server.client();
  teacher.set_token(sign_in(teacher, demo::kSchoolA1, "teacher"));
  auto r = teacher.patch(kSchool + "/contacts/1", {{"mobile", "0987-654-321"}, {"locale", "en"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["mobile"], "0987-654-321");
  // But not their account name or manager flag.
  EXPECT_EQ(teacher.patch(kSchool + "/contacts/1", {{"account", "renamed"}}).status, 403);
  EXPECT_EQ(teacher.patch(kSchool + "/contacts/1", {{"account_manager", false}}).status, 403);
}

TEST(Contacts, OpenSlotCannotBeOpenedTwice) {
  ServerProcess server;
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto r = county.put(kSchool + "/contacts/1", {{"account", "other"}, {"name", "x"}, {"email", "x@s.edu.tw"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json()["error"]["field"], "slot");
}
