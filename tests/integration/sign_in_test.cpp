#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;

namespace {
HttpResult attempt(HttpClient& c, const std::string& password) {
  return c.post("/api/v1/auth/login", {{"oid", demo::kSchoolA1}, {"account", "teacher"}, {"password", password}});
}
}  // namespace

TEST(SignIn, BearerTokenAndCookieBothWork) {
  ServerProcess server;
  auto client = server.client();
  auto r = attempt(client, "tongbao-demo");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto cookie = r.header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  const auto token = r.json()["token"].get<std::string>();

  auto by_cookie = client.request("GET", "/api/v1/auth/me", "", {{"Cookie", "tongbao_session=" + token}});
  ASSERT_EQ(by_cookie.status, 200);
  EXPECT_EQ(by_cookie.json()["unit"]["oid"], demo::kSchoolA1);
  client.set_token(token);
  EXPECT_EQ(client.get("/api/v1/auth/me").json()["contact"]["account"], "teacher");

  EXPECT_EQ(client.post("/api/v1/auth/logout", nlohmann::json::object()).status, 200);
  EXPECT_EQ(client.get("/api/v1/auth/me").status, 401);
}

TEST(SignIn, NoCredentialsMeansUnauthorised) {
  ServerProcess server;
  auto client = server.client();
  auto r = client.get("/api/v1/units");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json()["error"]["code"], "unauthenticated");
  client.set_token("made-up-token");
  EXPECT_EQ(client.get("/api/v1/units").status, 401);
}

TEST(SignIn, WrongPasswordsAreSlowedNeverLockedAndRecorded) {
  ServerProcess server;
  auto client = server.client();
  // The first failures are plain refusals.
  for (int i = 0; i < 3; ++i) {
    auto r = attempt(client, "wrong-password");
    ASSERT_EQ(r.status, 401) << "attempt " << i + 1;
    EXPECT_EQ(r.json()["error"]["code"], "invalid_credentials");
  }
  // Now the next attempt must wait, even with the right password.
  auto slowed = attempt(client, "tongbao-demo");
  ASSERT_EQ(slowed.status, 429) << slowed.body;
  EXPECT_EQ(slowed.json()["error"]["code"], "too_many_attempts");
  EXPECT_GT(std::stoi(slowed.header("retry-after")), 0);

  // Another account is not affected.
  sign_in(client, demo::kSchoolA2, "teacher");

  // Keep failing, waiting out each delay on the test clock: slowed down, never locked.
  for (int i = 0; i < 12; ++i) {
    client.post("/api/v1/_test/clock", {{"advance_seconds", 61}});
    auto r = attempt(client, "wrong-password");
    ASSERT_EQ(r.status, 401) << "attempt " << i + 4 << ": " << r.body;
  }
  // Past the delay the right password works.
  client.post("/api/v1/_test/clock", {{"advance_seconds", 61}});
  EXPECT_EQ(attempt(client, "tongbao-demo").status, 200);

  // Every attempt is on record, for the CERT to read.
  client.set_token(sign_in(client, demo::kCert, "cert"));
  auto events = client.get("/api/v1/login-events?limit=200");
  ASSERT_EQ(events.status, 200);
  std::map<std::string, int> outcomes;
  const auto body = events.json();
  for (auto& e : body["items"])
    if (e["oid"] == demo::kSchoolA1) outcomes[e["outcome"].get<std::string>()]++;
  EXPECT_EQ(outcomes["wrong_password"], 15);
  EXPECT_GE(outcomes["throttled"], 1);
  EXPECT_EQ(outcomes["locked"], 0);
  EXPECT_EQ(outcomes["success"], 1);
}

TEST(SignIn, UnknownAccountLooksLikeAWrongPassword) {
  ServerProcess server;
  auto client = server.client();
  auto r = client.post("/api/v1/auth/login", {{"oid", demo::kSchoolA1}, {"account", "nobody"}, {"password", "x"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json()["error"]["code"], "invalid_credentials");
}
