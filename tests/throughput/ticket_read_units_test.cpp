// A ticket is read with its unit and its reviewing centre in one statement: the answer names
// both as they stand, a centre renamed a moment ago included, and an outsider still gets 404.
#include <gtest/gtest.h>

#include <string>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;

TEST(TicketRead, NamesItsUnitAndItsReviewingCentreAsTheyStand) {
  ServerProcess server;
  auto teacher = server.client();
  teacher.set_token(sign_in(teacher, demo::kSchoolA1, "teacher"));
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto outsider = server.client();
  outsider.set_token(sign_in(outsider, demo::kSchoolB1, "teacher"));

  const auto filed = teacher.post("/api/v1/incidents", botnet_report(now_of(teacher)));
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto ticket = "/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>());
  const auto school = cert.get(std::string("/api/v1/units/") + demo::kSchoolA1).json();
  const auto centre = cert.get(std::string("/api/v1/units/") + demo::kCountyA).json();

  auto read = teacher.get(ticket);
  ASSERT_EQ(read.status, 200) << read.body;
  auto t = read.json();
  EXPECT_EQ(t["unit"]["oid"], demo::kSchoolA1);
  EXPECT_EQ(t["unit"]["name"], school["name"]);
  EXPECT_EQ(t["unit"]["code"], school["code"]);
  EXPECT_EQ(t["reviewer"]["oid"], demo::kCountyA) << t["reviewer"].dump();
  EXPECT_EQ(t["reviewer"]["name"], centre["name"]);
  EXPECT_EQ(t["reviewer"]["code"], centre["code"]);

  ASSERT_EQ(cert.patch(std::string("/api/v1/units/") + demo::kCountyA, {{"name", "高雄市教育網路中心（新）"}}).status, 200);
  t = teacher.get(ticket).json();
  EXPECT_EQ(t["reviewer"]["name"], "高雄市教育網路中心（新）") << "the centre's name as it stands";
  EXPECT_EQ(t["unit"]["name"], school["name"]);

  EXPECT_EQ(outsider.get(ticket).status, 404);
}
