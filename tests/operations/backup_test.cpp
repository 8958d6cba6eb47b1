// A backup taken while tickets keep arriving restores to a working installation: every ticket
// acknowledged before it began, the audit chain whole against its checkpoints, every attachment.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/test_database.h"
#include "support/temp_dir.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;
namespace fs = std::filesystem;

TEST(Backup, TakenUnderWriteLoadRestoresEveryAcknowledgedTicketTheChainAndTheAttachments) {
  TONGBAO_SQLITE_ONLY("these backups copy the SQLite file; PostgreSQL has its own tools");
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto first = school.post("/api/v1/incidents", botnet_report(now_of(school)));
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string evidence(300'000, 'e');
  auto up = school.request("POST", "/api/v1/incidents/" + std::to_string(first.json()["id"].get<long long>()) +
                                       "/attachments?name=capture.pcap",
                           evidence, {}, "application/octet-stream");
  ASSERT_EQ(up.status, 201) << up.body;

  // Tickets keep arriving while the backup runs.
  std::mutex mutex;
  std::vector<long long> acknowledged;
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    auto c = server.client();
    c.set_token(sign_in(c, demo::kSchoolA2, "teacher"));
    const auto report = botnet_report(now_of(c));
    while (!stop) {
      auto r = c.post("/api/v1/incidents", report);
      if (r.status != 201) continue;
      std::lock_guard lock(mutex);
      acknowledged.push_back(r.json()["id"].get<long long>());
    }
  });
  // Until a few have been acknowledged (each waits for its commit to reach the disk).
  std::vector<long long> before;
  for (int tries = 0; tries < 200 && before.size() <= 3; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::lock_guard lock(mutex);
    before = acknowledged;
  }
  TempDir dir;
  const auto backup_dir = dir.file("backup");
  auto taken = run_tongbao({"backup", "--to", backup_dir}, server);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop = true;
  writer.join();
  ASSERT_EQ(taken.exit_code, 0) << taken.output;
  ASSERT_GT(before.size(), 3u) << "the load was running";

  auto verified = run_tongbao({"backup", "verify", backup_dir});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  // Never over a live installation.
  EXPECT_EQ(run_tongbao({"restore", "--from", backup_dir}, server).exit_code, 1);

  ServerProcess restored;
  restored.stop();
  fs::remove_all(restored.data_dir());
  auto made = run_tongbao({"restore", "--from", backup_dir}, restored);
  ASSERT_EQ(made.exit_code, 0) << made.output;
  restored.start();

  auto cert = restored.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  for (long long id : before) EXPECT_EQ(cert.get("/api/v1/incidents/" + std::to_string(id)).status, 200) << id;
  auto chain = cert.get("/api/v1/audit/verify");
  ASSERT_EQ(chain.status, 200) << chain.body;
  EXPECT_TRUE(chain.json()["ok"].get<bool>()) << chain.body;
  EXPECT_GE(chain.json()["checkpoints"].get<long long>(), 1);
  auto down = cert.get(up.json()["download"].get<std::string>());
  ASSERT_EQ(down.status, 200);
  EXPECT_TRUE(down.body == evidence);
}

TEST(Backup, AChangedOrMissingFileIsFoundByVerify) {
  TONGBAO_SQLITE_ONLY("these backups copy the SQLite file; PostgreSQL has its own tools");
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(school.post("/api/v1/incidents", botnet_report(now_of(school))).status, 201);
  TempDir dir;
  const auto backup_dir = dir.file("backup");
  ASSERT_EQ(run_tongbao({"backup", "--to", backup_dir}, server).exit_code, 0);
  EXPECT_EQ(run_tongbao({"backup", "--to", backup_dir}, server).exit_code, 1)
      << "a backup goes into a new folder";

  {
    std::fstream db(backup_dir + "/tongbao.db", std::ios::in | std::ios::out | std::ios::binary);
    db.seekp(5000);
    db.put('\x7f');
  }
  auto changed = run_tongbao({"backup", "verify", backup_dir});
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.output.find("changed: tongbao.db"), std::string::npos) << changed.output;

  fs::remove(backup_dir + "/audit.key");
  auto missing = run_tongbao({"backup", "verify", backup_dir});
  EXPECT_NE(missing.output.find("missing: audit.key"), std::string::npos) << missing.output;
  TempDir target;
  EXPECT_EQ(run_tongbao({"restore", "--from", backup_dir, "--data", target.file("new")}).exit_code, 1);
  EXPECT_FALSE(fs::exists(target.file("new") + "/tongbao.db")) << "nothing restored from a broken backup";
}

TEST(Backup, OnPostgresqlIsRefusedWithWhatToUseInstead) {
  if (!testing_postgres()) GTEST_SKIP() << "PostgreSQL only";
  ServerProcess server;
  TempDir out;
  auto taken = run_tongbao({"backup", "--to", out.file("backup")}, server);
  EXPECT_EQ(taken.exit_code, 1) << taken.output;
  EXPECT_NE(taken.output.find("pg_basebackup"), std::string::npos) << taken.output;
  EXPECT_FALSE(std::filesystem::exists(out.file("backup") + "/tongbao.db"));
}
