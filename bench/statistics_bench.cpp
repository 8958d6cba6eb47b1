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

using namespace tongbao;

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

long peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

constexpr int kRegions = 4, kCountiesPerRegion = 5, kSchoolsPerCounty = 200;
constexpr core::TimeMs kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;

struct Tree {
  std::vector<std::int64_t> schools, school_parent;
  core::Principal cert, county, school;
};

void write_tree(store::Database& db) {
  db.write([&](store::Transaction& tx) {
    auto unit = [&](std::int64_t id, std::int64_t parent, const std::string& path, const char* kind) {
      tx.execute("INSERT INTO units (id, oid, code, name, kind, parent_id, path, created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
                 {id, "2.16.886." + std::to_string(id), "U" + std::to_string(id), "Unit " + std::to_string(id),
                  std::string(kind), parent ? store::Value(parent) : store::Value(nullptr), path});
    };
    unit(1, 0, "/1/", "cert");
    std::int64_t next = 2;
    for (int r = 0; r < kRegions; ++r) {
      const auto region = next++;
      const auto region_path = "/1/" + std::to_string(region) + "/";
      unit(region, 1, region_path, "regional_centre");
      for (int c = 0; c < kCountiesPerRegion; ++c) {
        const auto county = next++;
        const auto county_path = region_path + std::to_string(county) + "/";
        unit(county, region, county_path, "county_centre");
        for (int s = 0; s < kSchoolsPerCounty; ++s) {
          const auto school = next++;
          unit(school, county, county_path + std::to_string(school) + "/", "school");
        }
      }
    }
  });
}

// The schools with their county centres, and someone signed in at the CERT, a county and a school.
Tree read_tree(store::Database& db) {
  Tree tree;
  db.read([&](store::Transaction& tx) {
    for (auto& r : tx.query("SELECT id, parent_id FROM units WHERE kind = 'school' ORDER BY id")) {
      tree.schools.push_back(r.integer(0));
      tree.school_parent.push_back(r.integer(1));
    }
  });
  auto principal = [&](std::int64_t id, core::UnitKind kind) {
    return db.read_value([&](store::Transaction& tx) {
      core::Principal p;
      p.unit_id = id;
      p.unit_oid = "2.16.886." + std::to_string(id);
      p.unit_path = tx.query_one("SELECT path FROM units WHERE id = ?", {id})->text(0);
      p.unit_kind = kind;
      p.contact_id = 1;
      p.label = "bench";
      return p;
    });
  };
  tree.cert = principal(1, core::UnitKind::cert);
  tree.county = principal(tree.school_parent[0], core::UnitKind::county_centre);
  tree.school = principal(tree.schools[0], core::UnitKind::school);
  return tree;
}

// Closed tickets in order of awareness over the five years before `end`.
void load_tickets(store::Database& db, const Tree& tree, long tickets, core::TimeMs end) {
  std::mt19937_64 rng(20261123);
  const core::TimeMs span = 5 * 365 * kDay, start = end - span;
  const auto& int_subs = core::subcategories(core::IncidentType::INT);
  const auto& def_subs = core::subcategories(core::IncidentType::DEF);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  constexpr long kBatch = 50'000;
  // Several rows per statement: one round trip per 400 tickets on PostgreSQL.
  constexpr long kRowsPerStatement = 400;
  const std::string columns =
      "INSERT INTO incidents (id, number, unit_id, reviewer_unit_id, type, subcategory, state, drill, level, "
      "chosen_level, computed_level, aware_at, reported_at, reviewed_at, responded_at, resolved_at, closed_at, "
      "support_needed, personal_data, law_enforcement, report_json, created_by, created_at, updated_at, "
      "aware_month) VALUES ";
  const std::string one_row = "(?, ?, ?, ?, ?, ?, 'closed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, '{}', 'bench', ?, ?, ?)";
  for (long first = 0; first < tickets; first += kBatch) {
    db.write([&](store::Transaction& tx) {
      const long last = std::min(tickets, first + kBatch);
      for (long from = first; from < last; from += kRowsPerStatement) {
        const long to = std::min(last, from + kRowsPerStatement);
        std::string sql = columns;
        std::vector<store::Value> values;
        for (long i = from; i < to; ++i) {
          if (i > from) sql += ", ";
          sql += one_row;
          const auto s = static_cast<size_t>(pick(static_cast<int>(tree.schools.size())));
          const bool def = pick(5) == 0;
          const int level = 1 + std::min(3, pick(10) / 3);  // mostly 1-3, some 4
          const int chosen = pick(10) == 0 ? std::max(1, level - 1) : level;
          const core::TimeMs aware = start + span * i / tickets;
          // Most reports within the hour; one in twenty days late.
          const core::TimeMs to_report = pick(20) == 0 ? pick(20 * 24) * kHour : pick(90) * kMinute;
          const core::TimeMs reported = aware + to_report, reviewed = reported + pick(48 * 6) * 10 * kMinute,
                             resolved = aware + (1 + pick(100)) * kHour;
          const std::vector<store::Value> row = {
              static_cast<std::int64_t>(i + 1), "B-" + std::to_string(i + 1), tree.schools[s], tree.school_parent[s],
              std::string(def ? "DEF" : "INT"),
              std::string(def ? def_subs[static_cast<size_t>(pick(static_cast<int>(def_subs.size())))].key
                              : int_subs[static_cast<size_t>(pick(static_cast<int>(int_subs.size())))].key),
              std::int64_t{pick(50) == 0}, std::int64_t{level}, std::int64_t{chosen}, std::int64_t{level}, aware,
              reported, reviewed, resolved, resolved, resolved + kDay, std::int64_t{pick(20) == 0}, aware,
              resolved + kDay, core::taipei_year_month(aware)};
          values.insert(values.end(), row.begin(), row.end());
        }
        tx.execute(sql, values);
      }
    });
  }
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
