#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/server_process.h"
#include "support/test_database.h"

using namespace tongbao::test_support;

TEST(AuditChain, EveryChangeIsRecordedWithBeforeAndAfter) {
  ServerProcess server;
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  ASSERT_EQ(county.patch(std::string("/api/v1/units/") + demo::kSchoolA1, {{"name", "高雄市立港都國中"}}).status, 200);

  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto r = cert.get(std::string("/api/v1/audit?entity=unit&entity_id=") + demo::kSchoolA1);
  ASSERT_EQ(r.status, 200);
  auto latest = r.json()["items"][0];
  EXPECT_EQ(latest["action"], "unit.update");
  EXPECT_EQ(latest["actor"], std::string(demo::kCountyA) + "/kaohsiung");
  EXPECT_EQ(latest["before"]["name"], "高雄市立港都國民中學");
  EXPECT_EQ(latest["after"]["name"], "高雄市立港都國中");

  // Only the CERT and the ministry read the trail.
  EXPECT_EQ(county.get("/api/v1/audit").status, 403);
}

TEST(AuditChain, VerifiesAndNamesATamperedRow) {
  ServerProcess server;
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(cert.patch(std::string("/api/v1/units/") + demo::kSchoolB1, {{"name", "name " + std::to_string(i)}}).status, 200);
  auto ok = cert.get("/api/v1/audit/verify").json();
  ASSERT_TRUE(ok["ok"].get<bool>()) << ok.dump();
  const long long entries = ok["entries"].get<long long>();
  ASSERT_GE(entries, 19);

  auto cli = run_tongbao({"audit", "verify"}, server);
  EXPECT_EQ(cli.exit_code, 0) << cli.output;
  EXPECT_NE(cli.output.find("intact"), std::string::npos);

  // Someone edits a row behind the platform's back.
  server.stop();
  const long long victim = entries - 1;
  run_sql(server.database(), "UPDATE audit_log SET actor = 'someone-else' WHERE id = " + std::to_string(victim));
  cli = run_tongbao({"audit", "verify"}, server);
  EXPECT_EQ(cli.exit_code, 1) << cli.output;
  EXPECT_NE(cli.output.find("entry " + std::to_string(victim)), std::string::npos) << cli.output;

  server.start();
  cert = server.client();  // the restarted server listens on a new port
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto broken = cert.get("/api/v1/audit/verify").json();
  EXPECT_FALSE(broken["ok"].get<bool>());
  EXPECT_EQ(broken["first_broken_id"].get<long long>(), victim);
}
