// Ticket lists as each role reads them, on a database of 1,000,000 tickets (4,000 schools under
// 20 county centres under 4 regional centres under the CERT; the newest 1 % still open): the
// default pages, filtered pages, a deep page, and every page of an export read one after another.
//
//   build/bench/list_bench [--tickets 1000000] [--dir DIR] [--database postgresql://…]
//
// With --dir the database is kept there and reused by the next run with the same --tickets. On
// PostgreSQL the database is reused as it stands: run VACUUM ANALYZE after the first load.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "app/commands.h"
#include "app/config.h"
#include "app/memory.h"
#include "core/clock.h"
#include "core/time_format.h"
#include "incidents/incident_service.h"
#include "store/open_database.h"
#include "support/temp_dir.h"
#include "store/warning_store.h"
#include "ticket_tree.h"

using namespace tongbao;
using namespace tongbao::bench;

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// The median of five runs, after one that warms the cache.
template <typename Fn>
double median_ms(Fn&& fn) {
  fn();
  std::vector<double> runs;
  for (int i = 0; i < 5; ++i) {
    const auto t = Clock::now();
    fn();
    runs.push_back(ms_since(t));
  }
  std::sort(runs.begin(), runs.end());
  return runs[2];
}

}  // namespace

int main(int argc, char** argv) {
  app::keep_freed_memory_for_reuse();  // as the server does
  long tickets = 1'000'000;
  std::string dir_arg, location;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--tickets")) tickets = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir_arg = argv[i + 1];
    if (!std::strcmp(argv[i], "--database")) location = argv[i + 1];
  }
  test_support::TempDir temp;
  const std::string dir = dir_arg.empty() ? temp.path().string() : dir_arg;
  std::filesystem::create_directories(dir);
  const auto path = (std::filesystem::path(dir) / ("lists-" + std::to_string(tickets) + ".db")).string();
  auto opened = store::open_database(location.empty() ? path : location);
  store::Database& db = *opened;
  const bool reuse =
      db.read_value([](store::Transaction& tx) { return tx.query_one("SELECT COUNT(*) FROM units")->integer(0) > 0; });
  const core::TimeMs end = *core::parse_iso8601("2026-11-01T00:00:00+08:00");
  if (!reuse) {
    const auto t = Clock::now();
    write_tree(db);
    load_tickets(db, read_tree(db), tickets, end, 0.01);
    std::printf("loaded %ld tickets in %.0f s\n", tickets, ms_since(t) / 1000);
    // PostgreSQL's autovacuum gets to a freshly loaded table a while later; until then its plans
    // lack statistics and its index-only scans the visibility map, and the figures mean little.
    if (db.backend() == "postgresql")
      std::printf("PostgreSQL: run VACUUM ANALYZE on the database, then this again to measure it as it settles\n");
    // As a server does when it starts: the planner's statistics (and the search index, which the
    // lists do not need, is left alone).
    opened.reset();
    opened = store::open_database(location.empty() ? path : location);
  } else {
    std::printf("reusing %s\n", location.empty() ? path.c_str() : location.c_str());
  }
  store::Database& ready = *opened;
  const Tree tree = read_tree(ready);
  const auto policies = app::load_policies(app::Config{});
  core::SystemClock clock;
  incidents::IncidentService service(ready, clock, policies, (std::filesystem::path(dir) / "attachments").string());

  std::printf("\n%-46s %10s %10s\n", "list", "time (ms)", "total");
  auto measure = [&](const char* name, const core::Principal& who, incidents::ListQuery q) {
    long long total = 0;
    const double ms = median_ms([&] { total = service.list(who, q).total; });
    std::printf("%-46s %10.1f %10lld\n", name, ms, total);
  };
  incidents::ListQuery open_page;
  incidents::ListQuery history;
  history.scope = "history";
  incidents::ListQuery botnet;
  botnet.scope = "all";
  botnet.subcategory = "botnet";
  incidents::ListQuery month;
  month.scope = "all";
  month.from = *core::parse_iso8601("2026-09-01T00:00:00+08:00");
  month.to = *core::parse_iso8601("2026-10-01T00:00:00+08:00");
  measure("a school: history", tree.school, history);
  measure("a school: open", tree.school, open_page);
  measure("a county centre: open", tree.county, open_page);
  measure("a county centre: all, botnet", tree.county, botnet);
  measure("a county centre: one month", tree.county, month);
  measure("the CERT: open", tree.cert, open_page);
  measure("the CERT: all, botnet", tree.cert, botnet);
  measure("the CERT: one month", tree.cert, month);
  incidents::ListQuery deep = history;
  deep.offset = 9'950;  // as deep as an offset goes (beyond, pages follow by `before`)
  measure("the CERT: history, offset 9,950", tree.cert, deep);
  incidents::ListQuery keyset = history;
  keyset.before_id = 150;  // the page a reader reaches by following next_before to the end
  measure("the CERT: history, a page near the end (before)", tree.cert, keyset);
  // Searches, as the search box asks (all of the scope, open first). They find something only in
  // a database whose search index a server has filled (http_bench's served-*.db).
  for (const char* word : {"lab-pc-12", "電腦"}) {
    incidents::ListQuery search;
    search.scope = "all";
    search.text = word;
    measure((std::string("a county centre: all, q=") + word).c_str(), tree.county, search);
    measure((std::string("the CERT: all, q=") + word).c_str(), tree.cert, search);
  }

  // Early warnings as each role lists them (the service's filter), as many as there are tickets.
  const bool have_warnings = ready.read_value(
      [](store::Transaction& tx) { return tx.query_one("SELECT COUNT(*) FROM warnings")->integer(0) > 0; });
  if (!have_warnings) {
    const auto t = Clock::now();
    load_warnings(ready, tree, tickets, end, 0.01);
    std::printf("loaded %ld warnings in %.0f s\n", tickets, ms_since(t) / 1000);
  }
  auto measure_warnings = [&](const char* name, const core::Principal& who, std::optional<std::string> state) {
    store::warnings::Filter f;
    if (!core::sees_everything(who)) f.within_path = who.unit_path;
    if (who.unit_kind != core::UnitKind::cert) f.red_only_to_unit = who.unit_id;
    f.state = std::move(state);
    long long total = 0;
    const double ms = median_ms([&] {
      ready.read([&](store::Transaction& tx) {
        store::warnings::list(tx, f);
        total = store::warnings::count(tx, f, 10'000);  // as the service counts
      });
    });
    std::printf("%-46s %10.1f %10lld\n", name, ms, total);
  };
  measure_warnings("warnings: a school", tree.school, std::nullopt);
  measure_warnings("warnings: a school, open", tree.school, "open");
  measure_warnings("warnings: a county centre", tree.county, std::nullopt);
  measure_warnings("warnings: a county centre, open", tree.county, "open");
  measure_warnings("warnings: the CERT", tree.cert, std::nullopt);
  measure_warnings("warnings: the CERT, open", tree.cert, "open");

  // An export: every page one after another, as the CSV export reads them (a window of ids a
  // page, see next_export_page), for at most 20 s; the rate is rows a second.
  incidents::ListQuery everything;
  everything.scope = "all";
  auto export_rate = [&](const char* name, const core::Principal& who, const incidents::ListQuery& q) {
    auto cursor = incidents::IncidentService::start_export(q);
    long long rows = 0, pages = 0;
    const auto t = Clock::now();
    while (ms_since(t) < 20'000) {
      const auto page = service.next_export_page(who, cursor);
      if (page.empty()) break;
      rows += static_cast<long long>(page.size());
      ++pages;
    }
    const double s = ms_since(t) / 1000;
    std::printf("%-46s %8lld rows in %5.1f s: %8.0f rows/s (%lld pages)\n", name, rows, s, rows / s, pages);
  };
  std::printf("\n");
  export_rate("export, a county centre", tree.county, everything);
  // Again, with what the first read left in the database's cache and the system's.
  export_rate("export, a county centre, again", tree.county, everything);
  export_rate("export, the CERT", tree.cert, everything);
  // A search's (open tickets first, then closed ones) and late tickets', as their lists order them.
  incidents::ListQuery common_word = everything;
  common_word.text = "電腦";  // in every ticket
  export_rate("export, the CERT, q=電腦", tree.cert, common_word);
  export_rate("export, a county centre, q=電腦", tree.county, common_word);
  incidents::ListQuery late = everything;
  late.late_only = true;
  export_rate("export, the CERT, late only", tree.cert, late);
  return 0;
}
