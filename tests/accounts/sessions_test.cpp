// A person's sessions: a password change ends every other one, each can be seen (where, on what,
// last used) and ended, and signing in tells of the previous sign-in and the failures since.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "tongbao-demo";

json login_as(HttpClient& c, const std::string& user_agent, const std::string& password = kPassword) {
  json body = {{"oid", demo::kSchoolA1}, {"account", "teacher"}, {"password", password}};
  auto r = c.request("POST", "/api/v1/auth/login", body.dump(), {{"User-Agent", user_agent}});
  return r.status == 200 ? r.json() : json{{"status", r.status}};
}

}  // namespace

TEST(Sessions, ChangingThePasswordEndsEveryOtherSession) {
  ServerProcess server;
  auto phone = server.client(), office = server.client();
  phone.set_token(login_as(phone, "phone")["token"].get<std::string>());
  office.set_token(login_as(office, "office")["token"].get<std::string>());
  auto changed = office.post("/api/v1/auth/password",
                             {{"current_password", kPassword}, {"new_password", "Lantern orchid tidal basalt 47"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(office.get("/api/v1/auth/me").status, 200) << "the person stays signed in where they changed it";
  EXPECT_EQ(phone.get("/api/v1/auth/me").status, 401) << "a session opened with the old password ends";
}

TEST(Sessions, ListedWithWhereAndOnWhatAndEndedOneByOneOrAllButThis) {
  ServerProcess server;
  auto phone = server.client(), office = server.client(), home = server.client();
  phone.set_token(login_as(phone, "Mozilla/5.0 (Linux; Android 14) Mobile Safari")["token"].get<std::string>());
  office.set_token(login_as(office, "Mozilla/5.0 (Windows NT 10.0) Chrome/130")["token"].get<std::string>());
  home.set_token(login_as(home, "Mozilla/5.0 (Macintosh) Safari")["token"].get<std::string>());

  auto listed = office.get("/api/v1/auth/sessions");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto items = listed.json()["items"];
  ASSERT_EQ(items.size(), 3u) << items.dump();
  std::string phone_id;
  int current = 0;
  for (const auto& s : items) {
    EXPECT_EQ(s["remote"], "127.0.0.1");
    current += s["current"].get<bool>();
    if (s["current"].get<bool>()) EXPECT_NE(s["user_agent"].get<std::string>().find("Windows"), std::string::npos);
    if (s["user_agent"].get<std::string>().find("Android") != std::string::npos) phone_id = s["id"];
  }
  EXPECT_EQ(current, 1);
  ASSERT_FALSE(phone_id.empty());

  // "Sign out there": the phone's session ends, nothing else.
  EXPECT_EQ(office.del("/api/v1/auth/sessions/" + phone_id).status, 200);
  EXPECT_EQ(phone.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(home.get("/api/v1/auth/me").status, 200);
  EXPECT_EQ(office.del("/api/v1/auth/sessions/" + phone_id).status, 404) << "already ended";

  // Another person's session cannot be named.
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  const auto home_id = [&] {
    const auto now_listed = office.get("/api/v1/auth/sessions").json();
    for (const auto& s : now_listed["items"])
      if (!s["current"].get<bool>()) return s["id"].get<std::string>();
    return std::string();
  }();
  ASSERT_EQ(home_id.size(), 16u);
  EXPECT_EQ(county.del("/api/v1/auth/sessions/" + home_id).status, 404);
  EXPECT_EQ(home.get("/api/v1/auth/me").status, 200);

  // "Sign out everywhere else".
  auto others = office.post("/api/v1/auth/sessions/sign-out-others", json::object());
  ASSERT_EQ(others.status, 200) << others.body;
  EXPECT_EQ(others.json()["ended"], 1);
  EXPECT_EQ(home.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(office.get("/api/v1/auth/sessions").json()["items"].size(), 1u);
}

TEST(Sessions, LastUseIsKeptToTheMinute) {
  ServerProcess server;
  auto c = server.client();
  c.set_token(login_as(c, "one")["token"].get<std::string>());
  const auto first = c.get("/api/v1/auth/sessions").json()["items"][0]["last_used_at"].get<std::string>();
  ASSERT_EQ(c.post("/api/v1/_test/clock", {{"advance_seconds", 120}}).status, 200);
  c.get("/api/v1/auth/me");
  // The last use is queued, not waited for: it is written within moments of the request.
  std::string later = first;
  for (int i = 0; i < 100 && later <= first; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    later = c.get("/api/v1/auth/sessions").json()["items"][0]["last_used_at"].get<std::string>();
  }
  EXPECT_GT(later, first);
}

TEST(Sessions, SigningInTellsOfThePreviousSignInAndTheFailuresSince) {
  ServerProcess server;
  auto c = server.client();
  auto first = login_as(c, "one");
  EXPECT_TRUE(first["previous_sign_in"].is_null()) << "the demo account's first sign-in";
  EXPECT_EQ(first["failures_since"]["count"], 0);
  EXPECT_EQ(login_as(c, "attacker", "guess-one")["status"], 401);
  EXPECT_EQ(login_as(c, "attacker", "guess-two")["status"], 401);
  auto second = login_as(c, "two");
  ASSERT_TRUE(second["previous_sign_in"].is_object()) << second.dump();
  EXPECT_EQ(second["previous_sign_in"]["remote"], "127.0.0.1");
  EXPECT_EQ(second["failures_since"]["count"], 2);
  EXPECT_TRUE(second["failures_since"]["last"].is_object());
  EXPECT_EQ(login_as(c, "three")["failures_since"]["count"], 0);
}
