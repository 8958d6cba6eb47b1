// Who is calling is kept a moment, never past a change: an entry read before a change is not
// kept after it, entries end with their lifetime, and a sign-out or a closed contact holds at once.
#include "auth/session_cache.h"

#include <gtest/gtest.h>

#include <thread>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao;
using namespace tongbao::test_support;

TEST(SessionCache, AnEntryReadBeforeAChangeIsNotKeptAfterIt) {
  auth::SessionCache cache(std::chrono::seconds(10));
  core::Principal p;
  p.unit_oid = "1.2";
  const auto before = cache.generation();
  cache.forget_all();  // a change lands while the session was being read
  cache.keep("h", {p, 1000, 0}, before);
  EXPECT_FALSE(cache.find("h"));
  cache.keep("h", {p, 1000, 0}, cache.generation());
  ASSERT_TRUE(cache.find("h"));
  EXPECT_EQ(cache.find("h")->principal.unit_oid, "1.2");
  cache.forget_all();
  EXPECT_FALSE(cache.find("h"));
}

TEST(SessionCache, EntriesEndWithTheirLifetime) {
  auth::SessionCache cache(std::chrono::milliseconds(50));
  cache.keep("h", {core::Principal{}, 1000, 0}, cache.generation());
  EXPECT_TRUE(cache.find("h"));
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  EXPECT_FALSE(cache.find("h"));
}

TEST(SessionCache, SignOutAndAClosedContactHoldAtOnceThoughTheSessionWasJustUsed) {
  ServerProcess server;
  auto teacher = server.client();
  teacher.set_token(sign_in(teacher, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(teacher.get("/api/v1/auth/me").status, 200);  // now kept
  auto other = server.client();
  const auto other_token = sign_in(other, demo::kSchoolA1, "teacher");
  other.set_token(other_token);
  ASSERT_EQ(other.get("/api/v1/auth/me").status, 200);
  ASSERT_EQ(teacher.post("/api/v1/auth/logout", nlohmann::json::object()).status / 100, 2);
  EXPECT_EQ(teacher.get("/api/v1/auth/me").status, 401) << "signed out: refused at once";
  EXPECT_EQ(other.get("/api/v1/auth/me").status, 200) << "another session of the same person goes on";

  // The centre closes the school's contact 1: the session still kept is refused at once.
  auto centre = server.client();
  centre.set_token(sign_in(centre, demo::kCountyA, "kaohsiung"));
  const auto closed = centre.del(std::string("/api/v1/units/") + demo::kSchoolA1 + "/contacts/1");
  ASSERT_EQ(closed.status / 100, 2) << closed.body;
  EXPECT_EQ(other.get("/api/v1/auth/me").status, 401);
}
