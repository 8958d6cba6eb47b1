// A response's ATT&CK techniques are checked against MITRE's catalogue (not only their pattern),
// shown with their names, and picked by name or identifier.
#include <gtest/gtest.h>

#include "incidents/attack_catalogue.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

TEST(AttackCatalogue, TheShippedCatalogueIsWhole) {
  const auto& c = incidents::attack_catalogue();
  EXPECT_EQ(c.size(), 691u);
  ASSERT_NE(c.find("T1566.001"), nullptr);
  EXPECT_EQ(c.find("T1566.001")->name, "Spearphishing Attachment");
  EXPECT_EQ(c.find("T9999"), nullptr);
  ASSERT_NE(c.tactic("TA0001"), nullptr);
  EXPECT_EQ(c.tactic("TA0001")->name, "Initial Access");
  const auto found = c.search("t1566", 10);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front()->id, "T1566") << "identifiers first, case ignored";
}

TEST(AttackCatalogue, ResponsesNameRealTechniques) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto picked = school.get("/api/v1/attack/techniques?q=spearphishing").json();
  ASSERT_FALSE(picked["items"].empty());
  EXPECT_EQ(picked["version"], "2025-11-13");
  bool attachment = false;
  for (const auto& t : picked["items"]) attachment |= t["id"] == "T1566.001" && t["tactics"][0]["name"] == "Initial Access";
  EXPECT_TRUE(attachment) << picked.dump();
  EXPECT_EQ(school.get("/api/v1/attack/techniques?q=" + std::string(101, 'x')).status, 400);

  const auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  auto t = school.post("/api/v1/incidents", botnet_report(now)).json();
  const std::string path = "/api/v1/incidents/" + std::to_string(t["id"].get<long long>());
  auto response = full_response(now);
  response["root_cause"]["attack_techniques"] = {"T1566.001", "T9999"};
  auto refused = school.put(path + "/response", response);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "root_cause.attack_techniques");
  EXPECT_NE(refused.json()["error"]["message"].get<std::string>().find("T9999"), std::string::npos);
  response["root_cause"]["attack_techniques"] = {"T1566.001", "T1021.002"};
  auto filed = school.put(path + "/response", response);
  ASSERT_EQ(filed.status, 200) << filed.body;
  EXPECT_EQ(filed.json()["attack_techniques"],
            (json::array({{{"id", "T1566.001"}, {"name", "Spearphishing Attachment"}}, {{"id", "T1021.002"}, {"name", "SMB/Windows Admin Shares"}}})));
}
