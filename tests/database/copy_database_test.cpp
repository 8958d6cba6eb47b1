// `tongbao copy-database`: an installation grown out of its SQLite file moves to PostgreSQL whole,
// checked by counts and by the audit chain, and carries on there.
#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;
using namespace tongbao::test_support;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(CopyDatabase, MovesASqliteInstallationToPostgresqlWhereItCarriesOn) {
  if (!testing_postgres()) GTEST_SKIP() << "PostgreSQL only: the copy's target";
  TempDir dir;
  const auto sqlite_file = dir.file("tongbao.db");
  ServerProcess before({.demo = true, .test_clock = true, .database = sqlite_file});
  auto school = before.client();
  const auto token = sign_in(school, demo::kSchoolA1, "teacher");
  school.set_token(token);
  std::string last_number;
  for (int i = 0; i < 3; ++i) {
    auto filed = school.post("/api/v1/incidents", botnet_report(now_of(school)));
    ASSERT_EQ(filed.status, 201) << filed.body;
    last_number = filed.json()["number"].get<std::string>();
  }
  before.stop();

  const auto target = new_postgres_database();
  const std::vector<std::string> args = {"copy-database", "--from", "sqlite:" + sqlite_file, "--to", target,
                                         "--data", before.data_dir()};
  auto copied = run_tongbao(args);
  ASSERT_EQ(copied.exit_code, 0) << copied.output;
  EXPECT_TRUE(contains(copied.output, "Every table's count matches")) << copied.output;
  EXPECT_TRUE(contains(copied.output, "Audit chain intact")) << copied.output;
  EXPECT_TRUE(contains(copied.output, "incidents: 3 rows")) << copied.output;

  auto again = run_tongbao(args);
  EXPECT_NE(again.exit_code, 0) << "a copy goes into an empty database only";
  EXPECT_TRUE(contains(again.output, "already holds data")) << again.output;

  ServerProcess after({.demo = true, .test_clock = true, .database = target, .data_dir = before.data_dir()});
  auto same = after.client();
  same.set_token(token);  // the session came along
  const auto list = same.get("/api/v1/incidents?scope=all").json();
  EXPECT_EQ(list["total"].get<int>(), 3) << list.dump();
  auto next = same.post("/api/v1/incidents", botnet_report(now_of(same)));
  ASSERT_EQ(next.status, 201) << next.body << "\n" << after.output();
  const auto number = next.json()["number"].get<std::string>();
  EXPECT_EQ(std::stoi(number.substr(number.rfind('-') + 1)), std::stoi(last_number.substr(last_number.rfind('-') + 1)) + 1)
      << "numbering continues: " << last_number << " then " << number;
  auto cert = after.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  const auto verified = cert.get("/api/v1/audit/verify").json();
  EXPECT_TRUE(verified["ok"].get<bool>()) << verified.dump();
}
