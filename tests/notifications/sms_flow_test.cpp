// New incidents also go out by SMS through the HTTP gateway, with an idempotency key.
#include <gtest/gtest.h>

#include <set>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/sms_gateway.h"

using namespace tongbao::test_support;
using nlohmann::json;


TEST(SmsFlow, NewIncidentTextsTheUnitAndItsCentre) {
  SmsGateway gateway;
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--sms-gateway-url", gateway.url(), "--smtp-port", "1"}});
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto report = botnet_report(school.get("/api/v1/health").json()["time"].get<std::string>());
  report["impact"]["availability"] = "non_core_late";  // level 2: the unit and its centre, not the CERT
  auto t = school.post("/api/v1/incidents", report).json();
  auto got = gateway.received(2);
  ASSERT_EQ(got.size(), 2u);
  std::set<std::string> to, keys;
  for (const auto& m : got) {
    to.insert(m["body"]["to"].get<std::string>());
    keys.insert(m["idempotency_key"].get<std::string>());
    EXPECT_EQ(m["path"], "/sms");
    EXPECT_NE(m["body"]["text"].get<std::string>().find(t["number"].get<std::string>()), std::string::npos);
    EXPECT_EQ(m["body"]["id"], m["idempotency_key"]);
  }
  EXPECT_EQ(to, (std::set<std::string>{"0912-000-005", "0912-000-003"})) << "the school's and the county's mobiles";
  EXPECT_EQ(keys.size(), 2u);
}
