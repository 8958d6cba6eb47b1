#include <gtest/gtest.h>

#include "support/server_process.h"
#include "support/test_database.h"

using namespace tongbao::test_support;

TEST(ServerBasics, HealthReportsVersionAndDatabase) {
  ServerProcess server;
  auto client = server.client();
  auto r = client.get("/api/v1/health");
  ASSERT_EQ(r.status, 200);
  auto j = r.json();
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["version"], TONGBAO_VERSION);
  EXPECT_EQ(j["database"]["backend"], testing_postgres() ? "postgresql" : "sqlite");
  EXPECT_EQ(j["database"]["state"], "ok");
  EXPECT_GE(j["database"]["schema_version"].get<int>(), 1);
}

TEST(ServerBasics, KeepAliveServesManyRequestsOnOneConnection) {
  ServerProcess server;
  auto client = server.client();
  for (int i = 0; i < 50; ++i) {
    auto r = client.get("/api/v1/health");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.header("connection"), "close");
  }
}

TEST(ServerBasics, ServesItsOpenApiDocument) {
  ServerProcess server;
  auto client = server.client();
  auto r = client.get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.json().contains("paths"));
  EXPECT_TRUE(r.json()["paths"].contains("/api/v1/health"));
}

TEST(ServerBasics, UnknownApiRouteIsAJsonError) {
  ServerProcess server;
  auto client = server.client();
  auto r = client.get("/api/v1/no-such-thing");
  ASSERT_EQ(r.status, 404);
  EXPECT_EQ(r.json()["error"]["code"], "not_found");
  r = client.request("DELETE", "/api/v1/health");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.json()["error"]["code"], "method_not_allowed");
}

TEST(ServerBasics, TestClockExistsOnlyWithItsFlag) {
  {
    ServerProcess server({.demo = true, .test_clock = false});
    auto client = server.client();
    auto r = client.post("/api/v1/_test/clock", {{"advance_seconds", 60}});
    EXPECT_EQ(r.status, 404);
  }
  ServerProcess server;
  auto client = server.client();
  auto before = client.get("/api/v1/health").json()["time"].get<std::string>();
  auto r = client.post("/api/v1/_test/clock", {{"advance_seconds", 86400 * 3}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto after = client.get("/api/v1/health").json()["time"].get<std::string>();
  EXPECT_GT(after, before);
  EXPECT_EQ(after.substr(0, 10) > before.substr(0, 10), true) << before << " -> " << after;
}

TEST(ServerBasics, StopsCleanlyOnSigterm) {
  ServerProcess server;
  auto client = server.client();
  ASSERT_EQ(client.get("/api/v1/health").status, 200);
  EXPECT_EQ(server.stop(), 0);
  EXPECT_NE(server.output().find("Tongbao stopped."), std::string::npos) << server.output();
}

TEST(ServerBasics, EmptyInstallPrintsAOneTimeAdministratorPassword) {
  ServerProcess server({.demo = false, .test_clock = false});
  const auto out = server.output();
  const auto marker = std::string("one-time password ");
  auto pos = out.find(marker);
  ASSERT_NE(pos, std::string::npos) << out;
  const auto password = out.substr(pos + marker.size(), out.find('\n', pos) - pos - marker.size());
  auto client = server.client();
  auto token = sign_in(client, "2.16.886.111.90000.1", "admin", password);
  client.set_token(token);
  auto r = client.get("/api/v1/units");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["error"]["code"], "password_change_required");
  r = client.post("/api/v1/auth/password", {{"current_password", password}, {"new_password", "a much longer secret"}});
  ASSERT_EQ(r.status, 200) << r.body;
  r = client.get("/api/v1/units");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["total"], 1);
  // Restarting does not print a password again.
  server.stop();
  server.start();
  EXPECT_EQ(server.output().find(marker, pos + 1), std::string::npos);
}
