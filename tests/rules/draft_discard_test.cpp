// A unit may discard a draft it will not file, with a reason: on record for its centre, no clock.
#include <gtest/gtest.h>

#include <thread>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

TEST(DraftDiscard, WithAReasonOnRecordAndNoClock) {
  ServerProcess server;
  auto school = server.client(), county = server.client(), other = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  other.set_token(sign_in(other, demo::kCountyB, "pingtung"));
  auto draft = school.post("/api/v1/incidents", {{"type", "INT"}, {"subcategory", "botnet"}, {"submit", false}}).json();
  const std::string path = "/api/v1/incidents/" + std::to_string(draft["id"].get<long long>());
  EXPECT_EQ(county.get(path).status, 404) << "a draft is its unit's own";

  EXPECT_EQ(school.post(path + "/discard", json::object()).status, 400) << "a reason is needed";
  EXPECT_EQ(county.post(path + "/discard", {{"reason", "x"}}).status, 404);
  auto discarded = school.post(path + "/discard", {{"reason", "誤觸，與資安事件無關"}});
  ASSERT_EQ(discarded.status, 200) << discarded.body;
  EXPECT_EQ(discarded.json()["state"], "discarded");
  EXPECT_TRUE(discarded.json()["allowed_actions"].empty());
  EXPECT_EQ(school.post(path + "/submit", json::object()).status, 409);

  // On record: the centre reads it and why; the neighbouring county does not.
  auto seen = county.get(path);
  ASSERT_EQ(seen.status, 200) << seen.body;
  auto timeline = county.get(path + "/timeline").json()["items"];
  EXPECT_EQ(timeline.back()["kind"], "discarded");
  EXPECT_EQ(timeline.back()["detail"]["reason"], "誤觸，與資安事件無關");
  EXPECT_EQ(other.get(path).status, 404);
  EXPECT_EQ(county.get("/api/v1/incidents?scope=history").json()["total"], 1);
  EXPECT_EQ(county.get("/api/v1/incidents?scope=open").json()["total"], 0);
  // A filed report is never discarded.
  auto filed = school.post("/api/v1/incidents", {{"type", "INT"}, {"subcategory", "botnet"}, {"aware_at", seen.json()["created_at"]},
                                                 {"hosts", {{{"ip", "198.51.100.7"}}}}, {"description", "lab PC"},
                                                 {"chosen_level", 1}, {"contact", {{"name", "黃美玲"}, {"phone", "07-555-0005"}}}});
  ASSERT_EQ(filed.status, 201) << filed.body;
  EXPECT_EQ(school.post("/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>()) + "/discard",
                        {{"reason", "x"}}).status, 409);

  // No clock: a day on, no reminder was owed for it.
  ASSERT_EQ(school.post("/api/v1/_test/clock", {{"advance_seconds", 86400}}).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  const auto messages = county.get(path + "/timeline").json();
  ASSERT_TRUE(messages.contains("messages")) << messages.dump();
  for (const auto& m : messages["messages"]) EXPECT_NE(m["kind"], "reminder");
}
