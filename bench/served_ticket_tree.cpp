#include "served_ticket_tree.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "auth/password.h"
#include "core/clock.h"
#include "core/time_format.h"
#include "store/incident_store.h"
#include "store/contact_store.h"
#include "store/open_database.h"
#include "support/server_process.h"
#include "ticket_tree.h"

namespace fs = std::filesystem;

namespace tongbao::bench {
namespace {

// The same tickets as list_bench's, so that either benchmark reuses the other's file.
void load_tree(const std::string& path, long tickets) {
  auto db = store::open_database(path);
  const bool loaded =
      db->read_value([](store::Transaction& tx) { return tx.query_one("SELECT COUNT(*) FROM units")->integer(0) > 0; });
  if (loaded) return;
  std::printf("loading %ld tickets into %s\n", tickets, path.c_str());
  write_tree(*db);
  load_tickets(*db, read_tree(*db), tickets, *core::parse_iso8601("2026-11-01T00:00:00+08:00"), 0.01);
}

// One contact in every unit; one password hash for all of them, since hashing is slow on purpose.
void add_contacts(const std::string& path) {
  auto db = store::open_database(path);
  const auto hash = auth::hash_password(kTreePassword);
  const auto now = core::SystemClock().now();
  db->write([&](store::Transaction& tx) {
    std::vector<std::pair<long long, bool>> units;
    for (auto& r : tx.query("SELECT id, kind = 'school' FROM units ORDER BY id")) units.emplace_back(r.integer(0), r.integer(1));
    for (const auto& [id, school] : units) {
      core::Contact c;
      c.unit_id = id;
      c.slot = 1;
      c.account = school ? kTreeSchoolAccount : kTreeCentreAccount;
      c.name = "Contact " + std::to_string(id);
      c.email = "contact" + std::to_string(id) + "@tree.example.edu.tw";
      c.account_manager = true;
      store::contacts::insert(tx, c, hash, now);
    }
  });
}

// What a start of the server fills in the background that a file prepared by an older build may
// lack: the search index (or a part of it added since) and the tickets' lateness marks.
struct Behind {
  bool search = false, lateness = false;
};

// Opening the file brings its schema up to date; what the newer schema adds is then still to fill.
Behind behind(const std::string& path) {
  auto db = store::open_database(path);
  return db->read_value([](store::Transaction& tx) {
    return Behind{store::incidents::search_pairs_behind(tx),
                  tx.query_one("SELECT next_id FROM ticket_lateness_progress")->optional_integer(0).has_value()};
  });
}

// Starts the server once on the file and waits for what it fills in the background: the search
// index, the lateness marks and (on a first start) the statistics' sums.
void fill_by_a_start(const std::string& path, const std::string& data_dir, bool first, Behind wait_for) {
  test_support::ServerProcess server(
      test_support::ServerFlags{.demo = false, .test_clock = false, .database = path, .data_dir = data_dir});
  std::printf(first ? "filling the statistics, the search index and the lateness marks (a first start)\n"
                    : "filling what the newer schema adds (a start on it)\n");
  const auto until = std::chrono::steady_clock::now() + std::chrono::minutes(20);
  while (std::chrono::steady_clock::now() < until) {
    const auto out = server.output();
    if ((!first || out.find("Statistics: summed") != std::string::npos) &&
        (!wait_for.search || out.find("Search: ") != std::string::npos) &&
        (!wait_for.lateness || out.find("Deadlines: ") != std::string::npos))
      return;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  throw std::runtime_error("the start did not fill the sums, the search index and the lateness marks in 20 minutes:\n" +
                           server.output());
}

void copy_database(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(to + suffix);
  fs::copy_file(from, to);
}

}  // namespace

ServedTree prepare_served_tree(const std::string& dir, long tickets, int schools) {
  fs::create_directories(dir);
  const auto n = std::to_string(tickets);
  const auto base = (fs::path(dir) / ("lists-" + n + ".db")).string();
  const auto prepared = (fs::path(dir) / ("served-" + n + ".db")).string();
  ServedTree tree;
  tree.data_dir = (fs::path(dir) / ("served-" + n + "-data")).string();
  tree.database = (fs::path(dir) / ("served-" + n + "-run.db")).string();
  if (!fs::exists(prepared)) {
    load_tree(base, tickets);
    const auto unfinished = prepared + ".unfinished";
    fs::remove_all(tree.data_dir);
    copy_database(base, unfinished);
    add_contacts(unfinished);
    fill_by_a_start(unfinished, tree.data_dir, true, {true, true});
    // The server stopped cleanly, so its log was copied into the file and removed.
    if (fs::exists(unfinished + "-wal") && fs::file_size(unfinished + "-wal") > 0)
      throw std::runtime_error("the first start left a log beside " + unfinished);
    fs::rename(unfinished, prepared);
  } else if (const auto lacking = behind(prepared); lacking.search || lacking.lateness) {
    // Prepared by an older build: what the newer schema adds is filled once, there.
    fill_by_a_start(prepared, tree.data_dir, false, lacking);
  }
  copy_database(prepared, tree.database);

  auto db = store::open_database(tree.database);
  db->read([&](store::Transaction& tx) {
    for (auto& r : tx.query("SELECT oid FROM units WHERE kind = 'school' ORDER BY id LIMIT ?",
                            {static_cast<std::int64_t>(schools)}))
      tree.school_oids.push_back(r.text(0));
    const auto first = tx.query_one(
        "SELECT s.id, c.oid FROM units s JOIN units c ON c.id = s.parent_id WHERE s.oid = ?", {tree.school_oids.at(0)});
    tree.county_oid = first->text(1);
    tree.cert_oid = tx.query_one("SELECT oid FROM units WHERE kind = 'cert'")->text(0);
    tree.school_ticket =
        tx.query_one("SELECT MAX(id) FROM incidents WHERE unit_id = ?", {first->integer(0)})->integer(0);
  });
  return tree;
}

}  // namespace tongbao::bench
