// A warning answered after its week keeps a visible mark once answered.
#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

TEST(WarningReplies, AnsweredAfterTheWeekKeepsTheMark) {
  ServerProcess server;
  auto cert = server.client(), school = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  const auto now = cert.get("/api/v1/health").json()["time"].get<std::string>();
  auto warning = [&](const char* ip) {
    return json::array({{{"addresses", {{{"ip", ip}, {"role", "source"}}}}, {"observed_at", now},
                         {"subcategory", "suspicious_connection"}, {"description", "scanning"}}});
  };
  const auto on_time = cert.post("/api/v1/warnings", warning("198.51.100.7")).json()["items"][0]["id"].get<long long>();
  const auto late = cert.post("/api/v1/warnings", warning("198.51.100.9")).json()["items"][0]["id"].get<long long>();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(school.post("/api/v1/warnings/replies", {{"ids", {on_time}}, {"reply", "false_positive"}, {"reason", "內部弱點掃描"}}).status, 200);
  ASSERT_EQ(cert.post("/api/v1/_test/clock", {{"advance_seconds", 8 * 86400}}).status, 200);
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  EXPECT_TRUE(school.get("/api/v1/warnings/" + std::to_string(late)).json()["overdue"].get<bool>());
  auto answered = school.post("/api/v1/warnings/replies", {{"ids", {late}}, {"reply", "undetermined"}, {"reason", "紀錄已輪替"}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  const auto w = school.get("/api/v1/warnings/" + std::to_string(late)).json();
  EXPECT_FALSE(w["overdue"].get<bool>()) << "answered, no longer waiting";
  EXPECT_TRUE(w["answered_late"].get<bool>()) << "but answered after its week";
  EXPECT_FALSE(school.get("/api/v1/warnings/" + std::to_string(on_time)).json()["answered_late"].get<bool>());
}
