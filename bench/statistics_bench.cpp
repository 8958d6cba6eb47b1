// Statistics over 10,000,000 closed tickets: the time of each statistics query and the size of
// the database. Tickets are spread over five years, 4,000 schools under 20 county centres under 4
// regional centres under the CERT; loading them fills the kept sums once, as a server does when
// it starts on a database without them.
//
//   build/bench/statistics_bench [--tickets 10000000] [--dir DIR] [--period TEXT]
//                                [--database postgresql://…]
//
// With --dir the database is kept there and reused by the next run with the same --tickets;
// --period runs only the periods whose name holds TEXT (e.g. "ragged"). With --database the
// tickets go to that PostgreSQL database instead (empty, or loaded by an earlier run).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "app/commands.h"
#include "app/config.h"
#include "app/memory.h"
#include "core/clock.h"
#include "core/incident.h"
#include "core/ticket_number.h"
#include "core/time_format.h"
#include "statistics/rollup_maintenance.h"
#include "statistics/statistics_service.h"
#include "store/open_database.h"
#include "support/temp_dir.h"
#include "ticket_tree.h"

using namespace tongbao;
using namespace tongbao::bench;

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

long peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

double file_mib(const std::string& path) {
  double bytes = static_cast<double>(std::filesystem::file_size(path));
  if (std::filesystem::exists(path + "-wal")) bytes += static_cast<double>(std::filesystem::file_size(path + "-wal"));
  return bytes / 1048576.0;
}

}  // namespace

int main(int argc, char** argv) {
  app::keep_freed_memory_for_reuse();  // as the server does
  long tickets = 10'000'000;
  std::string dir_arg, only_period, location;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--tickets")) tickets = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir_arg = argv[i + 1];
    if (!std::strcmp(argv[i], "--period")) only_period = argv[i + 1];
    if (!std::strcmp(argv[i], "--database")) location = argv[i + 1];
  }
  test_support::TempDir temp;
  const std::string dir = dir_arg.empty() ? temp.path().string() : dir_arg;
  std::filesystem::create_directories(dir);
  const auto path = (std::filesystem::path(dir) / ("statistics-" + std::to_string(tickets) + ".db")).string();
  const bool on_file = location.empty();
  auto opened = store::open_database(on_file ? path : location);
  store::Database& db = *opened;
  const bool reuse =
      db.read_value([](store::Transaction& tx) { return tx.query_one("SELECT COUNT(*) FROM units")->integer(0) > 0; });
  const auto policies = app::load_policies(app::Config{});
  const core::TimeMs end = *core::parse_iso8601("2026-11-01T00:00:00+08:00");

  if (!reuse) {
    const auto t = Clock::now();
    write_tree(db);
    load_tickets(db, read_tree(db), tickets, end);
    std::printf("loaded %ld closed tickets in %.0f s\n", tickets, ms_since(t) / 1000);
  } else {
    std::printf("reusing %s\n", on_file ? path.c_str() : location.c_str());
  }
  const auto t = Clock::now();
  if (const auto summed = statistics::ensure_rollup(db, policies, "bench 2"))
    std::printf("filled the kept sums from %lld tickets in %.0f s\n", summed, ms_since(t) / 1000);
  const Tree tree = read_tree(db);
  if (on_file) {
    std::printf("database file: %.0f MiB\n\n", file_mib(path));
  } else {
    db.read([](store::Transaction& tx) {
      std::printf("database size: %.0f MiB\n\n",
                  static_cast<double>(tx.query_one("SELECT pg_database_size(current_database())")->integer(0)) / 1048576.0);
    });
  }

  core::TestClock clock;
  statistics::StatisticsService service(db, clock, policies);
  auto t_of = [](const char* iso) { return *core::parse_iso8601(iso); };
  struct Period {
    const char* name;
    std::optional<core::TimeMs> from, to;
  };
  const std::vector<Period> periods = {
      {"all time (five years)", std::nullopt, std::nullopt},
      {"2021-11 to 2026-11", t_of("2021-11-01T00:00:00+08:00"), t_of("2026-11-01T00:00:00+08:00")},
      {"three years (2022-2024)", t_of("2022-01-01T00:00:00+08:00"), t_of("2025-01-01T00:00:00+08:00")},
      {"one year (2025)", t_of("2025-01-01T00:00:00+08:00"), t_of("2026-01-01T00:00:00+08:00")},
      {"one month (2026-10)", t_of("2026-10-01T00:00:00+08:00"), t_of("2026-11-01T00:00:00+08:00")},
      {"ragged (03-15 to 09-10)", t_of("2026-03-15T00:00:00+08:00"), t_of("2026-09-10T00:00:00+08:00")},
      {"mid-month (03-16 to 09-16)", t_of("2026-03-16T00:00:00+08:00"), t_of("2026-09-16T00:00:00+08:00")},
      {"one day (2026-10-15)", t_of("2026-10-15T00:00:00+08:00"), t_of("2026-10-16T00:00:00+08:00")},
  };
  // The best of three runs: the first may read pages from disk into the cache.
  auto time = [](auto&& fn) {
    double best = 1e18;
    for (int i = 0; i < 3; ++i) {
      const auto t = Clock::now();
      fn();
      best = std::min(best, ms_since(t));
    }
    return best;
  };
  std::printf("%-28s %-24s %10s %12s\n", "query", "period", "time (ms)", "answer");
  auto row = [](const char* query, const char* period, double ms, long long answer) {
    std::printf("%-28s %-24s %10.1f %12lld\n", query, period, ms, answer);
  };
  for (const auto& p : periods) {
    if (std::string(p.name).find(only_period) == std::string::npos) continue;
    statistics::Query q;
    q.from = p.from;
    q.to = p.to;
    auto measure = [&](const char* query, auto&& fn) {
      long long answer = 0;
      const double ms = time([&] { answer = fn(); });
      row(query, p.name, ms, answer);
    };
    auto rows = [](const std::vector<statistics::Timeliness>& v) { return static_cast<long long>(v.size()); };
    measure("counts, CERT (everything)", [&] { return service.counts(tree.cert, q).total; });
    measure("counts, a county centre", [&] { return service.counts(tree.county, q).total; });
    measure("counts, a school", [&] { return service.counts(tree.school, q).total; });
    measure("timeliness per unit, CERT", [&] { return rows(service.timeliness(tree.cert, q)); });
    measure("timeliness per centre, CERT", [&] { return rows(service.timeliness(tree.cert, q, true)); });
    measure("timeliness, a county centre", [&] { return rows(service.timeliness(tree.county, q)); });
  }
  std::printf("\nanswer: tickets counted, or rows of units returned\n");
  std::printf("peak memory (VmHWM): %.0f MiB\n", peak_rss_kib() / 1024.0);
  return 0;
}
