// Backups on a schedule: every day at the configured Taiwan time, the newest N kept, and the CERT
// told by mail when one fails. Played with the test clock.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/demo.h"
#include "support/server_process.h"
#include "support/test_database.h"
#include "support/smtp_server.h"
#include "support/temp_dir.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Two minutes from now, Taiwan time, as HH:MM.
std::string soon_in_taipei() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + std::chrono::hours(8) +
                                                      std::chrono::minutes(2));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[8];
  std::strftime(text, sizeof text, "%H:%M", &tm);
  return text;
}

std::vector<fs::path> backups_in(const std::string& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (fs::exists(e.path() / "manifest.json")) out.push_back(e.path());
  return out;
}

void advance(ServerProcess& server, long long seconds) {
  ASSERT_EQ(server.client().post("/api/v1/_test/clock", {{"advance_seconds", seconds}}).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // the schedule looks every second
}

}  // namespace

TEST(ScheduledBackup, TakenDailyAtItsTimeAndTheNewestKept) {
  TONGBAO_SQLITE_ONLY("these backups copy the SQLite file; PostgreSQL has its own tools");
  TempDir dir;
  const auto folder = dir.file("backups");
  ServerProcess server({.demo = true, .test_clock = true,
                        .extra = {"--backup-dir", folder, "--backup-at", soon_in_taipei(), "--backup-keep", "2"}});
  EXPECT_TRUE(backups_in(folder).empty()) << "not before its time";
  advance(server, 4 * 60);
  auto first = backups_in(folder);
  ASSERT_EQ(first.size(), 1u) << server.output();
  auto verified = run_tongbao({"backup", "verify", first[0].string()});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;

  advance(server, 24 * 3600);
  EXPECT_EQ(backups_in(folder).size(), 2u);
  advance(server, 24 * 3600);
  const auto kept = backups_in(folder);
  EXPECT_EQ(kept.size(), 2u) << "the newest two are kept";
  EXPECT_FALSE(fs::exists(first[0])) << "the oldest went";
}

TEST(ScheduledBackup, AFailureIsMailedToTheCert) {
  SmtpServer smtp;
  TempDir dir;
  const auto not_a_folder = dir.file("a-file");
  std::ofstream(not_a_folder) << "in the way";
  ServerProcess server({.demo = true, .test_clock = true,
                        .extra = {"--backup-dir", not_a_folder, "--backup-at", soon_in_taipei(), "--smtp-port",
                                  std::to_string(smtp.port()), "--audit-digest-hours", "0"}});
  advance(server, 4 * 60);
  bool told = false;
  for (const auto& m : smtp.wait_for(1))
    for (const auto& to : m["to"])
      told = told || (to == "cert.1@demo.tongbao.test" &&
                      m["subject"].get<std::string>().find("排程備份失敗") != std::string::npos);
  EXPECT_TRUE(told) << server.output();
}
