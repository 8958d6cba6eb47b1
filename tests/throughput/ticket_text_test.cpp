// A ticket is written as text without a JSON tree: the text must be exactly what the JSON library
// would write for the same values (keys in its order, the same escapes), with nothing lost, at
// each step of a ticket's life and with text that needs escaping.
#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

std::string canonical(const std::string& text) {
  return json::parse(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

TEST(TicketText, ATicketIsTheTextTheJsonLibraryWouldWriteAtEachStep) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  auto report = botnet_report(now);
  report["description"] = "第一行\n\t\"引號\" back\\slash \x01 control";
  auto filed = school.post("/api/v1/incidents", report);
  ASSERT_EQ(filed.status, 201) << filed.body;
  EXPECT_EQ(filed.body, canonical(filed.body));
  const auto path = "/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>());

  auto read = school.get(path);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.body, canonical(read.body));
  const auto t = read.json();
  EXPECT_EQ(t["report"]["description"], report["description"]);
  EXPECT_TRUE(t["under_reported"].get<bool>());
  EXPECT_NE(t["under_reporting"].get<std::string>().find("level 3"), std::string::npos);
  EXPECT_EQ(t["unit"]["oid"], demo::kSchoolA1);
  EXPECT_FALSE(t["deadlines"].empty());
  EXPECT_FALSE(t["allowed_actions"].empty());
  EXPECT_TRUE(t["response"].is_null());

  auto responded = school.put(path + "/response", full_response(now));
  ASSERT_EQ(responded.status, 200) << responded.body;
  EXPECT_EQ(responded.body, canonical(responded.body));
  const auto r = responded.json();
  EXPECT_EQ(r["response"]["root_cause"]["attack_techniques"], json({"T1091", "T1021.002"}));
  ASSERT_EQ(r["attack_techniques"].size(), 2u);
  EXPECT_EQ(r["attack_techniques"][0]["id"], "T1091");
  EXPECT_FALSE(r["attack_techniques"][0]["name"].get<std::string>().empty());
  EXPECT_EQ(r["state"], "responded");
}
