// The scheduler with 1,000,000 open tickets: the time of a tick when nothing is due and when
// 100, 1,000 and 10,000 reminder jobs are due (each runs the real reminder handler: loads the
// ticket, computes its deadlines, queues a mail and schedules the next reminder), and memory.
//
//   build/bench/scheduler_bench [--tickets 1000000] [--database postgresql://…] [--servers 3]
//
// SQLite in a temporary folder by default; with --database, an empty PostgreSQL database. With
// --servers N (PostgreSQL), N schedulers with their own connections tick at once, as N servers do.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/commands.h"
#include "core/clock.h"
#include "core/incident_json.h"
#include "jobs/scheduler.h"
#include "notify/incident_notifier.h"
#include "store/open_database.h"
#include "support/temp_dir.h"

using namespace tongbao;

namespace {

long peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  long tickets = 1'000'000;
  int servers = 1;
  std::string location;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--tickets")) tickets = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--database")) location = argv[i + 1];
    if (!std::strcmp(argv[i], "--servers")) servers = std::max(1, std::atoi(argv[i + 1]));
  }
  test_support::TempDir dir;
  const auto path = dir.file("tongbao.db");
  if (location.empty()) location = path;
  auto opened = store::open_database(location);
  auto& db = *opened;
  core::TestClock clock;
  constexpr core::TimeMs kDay = 86'400'000;
  const core::TimeMs base = clock.now() + kDay;  // every job due after this
  const core::TimeMs step = 30 * kDay / tickets;  // jobs spread over 30 days

  auto t = std::chrono::steady_clock::now();
  core::IncidentReport report;
  report.type = core::IncidentType::INT;
  report.subcategory = "botnet";
  report.aware_at = clock.now();
  report.hosts = {{"140.117.0.7", "pc", "", "", "school"}};
  report.description = "botnet";
  report.chosen_level = 2;
  report.contact_name = "Teacher";
  report.contact_phone = "07-1234567";
  const std::string report_json = core::to_json(report).dump();
  constexpr int kSchools = 2'000;
  db.write([&](store::Transaction& tx) {
    tx.execute("INSERT INTO units (id, oid, code, name, kind, parent_id, path, created_at, updated_at) "
               "VALUES (1, '2.16.1', 'CERT', 'CERT', 'cert', NULL, '/1/', 0, 0)");
    for (int s = 0; s < kSchools; ++s) {
      const std::int64_t id = s + 2;
      tx.execute("INSERT INTO units (id, oid, code, name, kind, parent_id, path, created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, 'school', 1, ?, 0, 0)",
                 {id, "2.16.2." + std::to_string(s), "S" + std::to_string(s), "School " + std::to_string(s),
                  "/1/" + std::to_string(id) + "/"});
      tx.execute("INSERT INTO contacts (unit_id, slot, account, name, title, email, mobile, phone, locale, account_manager, "
                 "active, password_hash, must_change_password, created_at, updated_at) "
                 "VALUES (?, 1, 'teacher', 'Teacher', '', ?, '', '', 'zh-TW', 1, 1, '', 0, 0, 0)",
                 {id, "t" + std::to_string(s) + "@school.example.edu.tw"});
    }
  });
  constexpr long kBatch = 10'000;
  for (long start = 0; start < tickets; start += kBatch) {
    db.write([&](store::Transaction& tx) {
      for (long i = start; i < std::min(tickets, start + kBatch); ++i) {
        const std::int64_t unit = 2 + i % kSchools;
        tx.execute("INSERT INTO incidents (id, number, unit_id, reviewer_unit_id, type, subcategory, state, drill, level, "
                   "chosen_level, computed_level, aware_at, reported_at, support_needed, personal_data, law_enforcement, "
                   "report_json, created_by, created_at, updated_at) "
                   "VALUES (?, ?, ?, 1, 'INT', 'botnet', 'reported', 0, 2, 2, 2, ?, ?, 0, 0, 0, ?, 'bench', ?, ?)",
                   {static_cast<std::int64_t>(i + 1), "S-INT-202611-" + std::to_string(i + 1), unit, report.aware_at,
                    report.aware_at, report_json, report.aware_at, report.aware_at});
        tx.execute("INSERT INTO jobs (due_at, kind, incident_id, created_at) VALUES (?, 'incident_reminder', ?, 0)",
                   {base + i * step, static_cast<std::int64_t>(i + 1)});
      }
    });
  }
  std::printf("loaded %ld open tickets and %ld pending reminder jobs in %.1f s\n", tickets, tickets, seconds_since(t));

  const auto policies = app::load_policies(app::Config{});
  // One scheduler per server, each over its own connections to the database.
  std::vector<std::unique_ptr<store::Database>> connections;
  std::vector<std::unique_ptr<jobs::Scheduler>> schedulers;
  std::vector<std::unique_ptr<notify::IncidentNotifier>> notifiers;
  for (int s = 0; s < servers; ++s) {
    store::Database* own = &db;
    if (s > 0) own = connections.emplace_back(store::open_database(location, false)).get();
    schedulers.push_back(std::make_unique<jobs::Scheduler>(*own, clock));
    notifiers.push_back(std::make_unique<notify::IncidentNotifier>(policies, notify::NotifierSettings{"http://127.0.0.1:8080", false}));
    notifiers.back()->attach(*schedulers.back());
  }
  std::printf("%d scheduler(s)\n", servers);

  std::printf("%-22s %10s %12s %14s\n", "jobs due", "ran", "tick (ms)", "per job (us)");
  auto measure = [&](const char* label, long due) {
    // Move the clock so exactly `due` more jobs fall due.
    const core::TimeMs target = due == 0 ? clock.now() : base + (due - 1) * step;
    if (target > clock.now()) clock.advance(target - clock.now() + 1);
    const auto start = std::chrono::steady_clock::now();
    std::atomic<int> ran{0};
    std::vector<std::thread> ticking;
    for (auto& scheduler : schedulers) ticking.emplace_back([&] { ran += scheduler->tick(); });
    for (auto& t : ticking) t.join();
    const double ms = seconds_since(start) * 1000;
    std::printf("%-22s %10d %12.2f %14.1f\n", label, ran.load(), ms, ran ? ms * 1000 / ran : 0.0);
  };
  measure("none", 0);
  measure("100", 100);
  measure("about 1,000", 1'000);
  measure("about 10,000", 10'000);
  measure("none, after those", 0);
  std::printf("peak memory (VmHWM): %.1f MiB\n", peak_rss_kib() / 1024.0);
  if (db.backend() == "sqlite")
    std::printf("database file: %.1f MiB\n",
                (std::filesystem::file_size(path) +
                 (std::filesystem::exists(path + "-wal") ? std::filesystem::file_size(path + "-wal") : 0)) /
                    1048576.0);
  return 0;
}
