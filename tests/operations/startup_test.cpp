// Start-up never waits for the statistics: a large installation answers at once while its sums are
// filled in the background (statistics 503 with the progress, readiness 503), and every ticket,
// those filed meanwhile included, is counted exactly once when ready.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/test_database.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr long long kCopies = 300'000;

// Copies of the one ticket (numbers left empty), as many as a large installation holds.
void copy_ticket(const std::string& location) {
  DirectDatabase db(location);
  std::string columns;
  db.db().read([&](store::Transaction& tx) {
    const char* sql = testing_postgres() ? "SELECT column_name FROM information_schema.columns "
                                           "WHERE table_name = 'incidents' ORDER BY ordinal_position"
                                         : "SELECT name FROM pragma_table_info('incidents')";
    for (const auto& row : tx.query(sql)) {
      const std::string name = row.text(0);
      if (name == "id" || name == "number") continue;
      columns += (columns.empty() ? "" : ", ") + name;
    }
  });
  db.exec("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " + std::to_string(kCopies) +
          ") INSERT INTO incidents (" + columns + ") SELECT " + columns + " FROM incidents, n");
  // Sums of an older layout: the next start fills them again.
  db.exec("UPDATE statistics_state SET value = '3 policy=taiwan' WHERE name = 'rollup_basis'");
}

}  // namespace

TEST(Startup, AnswersAtOnceWhileTheSumsFillAndCountsEveryTicketOnce) {
  // Start-up spends no time summing here, so the filling is seen at any size.
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--statistics-at-start-ms", "0"}});
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  ASSERT_EQ(school.post("/api/v1/incidents", botnet_report(now)).status, 201);
  const auto token = sign_in(school, demo::kCert, "cert");  // sessions outlive a restart
  server.stop();
  copy_ticket(server.database());

  const auto started = std::chrono::steady_clock::now();
  server.start();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10)) << "the server answers at once";
  auto cert = server.client();
  cert.set_token(token);
  EXPECT_EQ(cert.get("/api/v1/health").status, 200) << "alive";
  auto ready = cert.get("/api/v1/health/ready");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_FALSE(ready.json()["statistics"]["ready"].get<bool>());
  EXPECT_LT(ready.json()["statistics"]["progress"].get<double>(), 1.0);
  EXPECT_TRUE(ready.json()["database"]["migrations_applied"].get<bool>());
  auto counts = cert.get("/api/v1/statistics/counts");
  EXPECT_EQ(counts.status, 503) << counts.body;
  EXPECT_EQ(counts.json()["error"]["code"], "statistics_not_ready");
  EXPECT_EQ(counts.headers.count("retry-after"), 1u);

  // Filed while the sums fill: counted once, like the rest.
  school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(school.post("/api/v1/incidents", botnet_report(now)).status, 201);

  for (int i = 0; i < 600 && cert.get("/api/v1/health/ready").status != 200; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ready = cert.get("/api/v1/health/ready");
  ASSERT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.json()["scheduler"]["lag_seconds"].get<long long>() >= 0, true);
  EXPECT_TRUE(ready.json()["outbox"].contains("pending"));
  counts = cert.get("/api/v1/statistics/counts");
  ASSERT_EQ(counts.status, 200) << counts.body;
  EXPECT_EQ(counts.json()["incidents"]["total"], kCopies + 2);
}
