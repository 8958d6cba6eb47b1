// `tongbao migrate` and the schema version guard, on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include "store/embedded.h"
#include "store/migrations.h"
#include "support/server_process.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;
using namespace tongbao::test_support;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}
}  // namespace

TEST(Migrate, ListsWhatIsPendingAppliesItOnceAndTheServerStartsOnIt) {
  TempDir dir;
  const std::vector<std::string> where = {"--data", dir.file("data"), "--database",
                                          test_database_location(dir.file("data/tongbao.db"))};
  const std::string first(embedded::migrations().front().name), last(embedded::migrations().back().name);

  auto dry = run_tongbao(with({"migrate", "--dry-run"}, where));
  EXPECT_EQ(dry.exit_code, 1) << dry.output;
  EXPECT_TRUE(contains(dry.output, "pending: " + first)) << dry.output;
  EXPECT_TRUE(contains(dry.output, "pending: " + last)) << dry.output;
  EXPECT_TRUE(contains(dry.output, "schema version 0")) << dry.output;

  auto applied = run_tongbao(with({"migrate"}, where));
  EXPECT_EQ(applied.exit_code, 0) << applied.output;
  EXPECT_TRUE(contains(applied.output, "applying: " + last)) << applied.output;

  auto again = run_tongbao(with({"migrate", "--dry-run"}, where));
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_TRUE(contains(again.output, "Nothing to apply")) << again.output;
  EXPECT_FALSE(contains(again.output, "pending:")) << again.output;

  ServerProcess server({.demo = true, .database = where[3], .data_dir = where[1]});
  auto health = server.client().get("/api/v1/health/ready").json();
  EXPECT_EQ(health["database"]["schema_version"].get<int>(), store::known_schema_version());
  EXPECT_TRUE(health["database"]["migrations_applied"].get<bool>());
}

TEST(Migrate, AServerRefusesADatabaseANewerVersionMigrated) {
  ServerProcess server;
  server.stop();
  run_sql(server.database(), "INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_later.sql')");

  auto serve = run_tongbao({"serve", "--listen", "127.0.0.1:0"}, server);
  EXPECT_NE(serve.exit_code, 0);
  EXPECT_TRUE(contains(serve.output, "schema version 9999")) << serve.output;
  EXPECT_TRUE(contains(serve.output, "newer")) << serve.output;

  auto migrate = run_tongbao({"migrate"}, server);
  EXPECT_EQ(migrate.exit_code, 2) << migrate.output;
  EXPECT_TRUE(contains(migrate.output, "newer")) << migrate.output;
}
