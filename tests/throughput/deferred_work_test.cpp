// Work left to the commit (store/deferred_work.h): sums that the writes of a group add to the same
// rows are written once, and each write's part counts only if the write itself stays.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "store/open_database.h"
#include "store/sqlite_database.h"
#include "store/statistics_rollup_store.h"
#include "support/queued_writers.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

namespace {

// A sum kept in the row 'filed' of a table, added to at commit.
class TallyAtCommit : public store::DeferredWork {
 public:
  long long n = 0;
  void absorb(store::DeferredWork& other) override { n += static_cast<TallyAtCommit&>(other).n; }
  void write(store::Transaction& tx) override {
    tx.execute("UPDATE tally SET n = n + ?, writes = writes + 1 WHERE name = 'filed'", {static_cast<std::int64_t>(n)});
  }
};

void add_at_commit(store::Transaction& tx, long long n) { tx.deferred().of<TallyAtCommit>().n += n; }

long long tally(store::Transaction& tx, const char* column = "n") {
  return tx.query_one(std::string("SELECT ") + column + " FROM tally WHERE name = 'filed'")->integer(0);
}

void make_tables(store::Database& db) {
  db.write([](store::Transaction& tx) {
    tx.execute("CREATE TABLE filed (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL UNIQUE)");
    tx.execute("CREATE TABLE tally (name TEXT PRIMARY KEY, n INTEGER NOT NULL, writes INTEGER NOT NULL)");
    tx.execute("INSERT INTO tally (name, n, writes) VALUES ('filed', 0, 0)");
  });
}

// One ticket's figures, counted in its unit alone.
core::StatisticsRollup one_ticket_of(long long unit_id) {
  core::TicketFigures f;
  f.unit_id = unit_id;
  f.unit_path = "/" + std::to_string(unit_id) + "/";
  f.draft = false;
  f.type = "INT";
  f.subcategory = "botnet";
  f.level = 1;
  f.aware_at = 1'780'000'000'000;
  core::StatisticsRollup r;
  r.add(f);
  return r;
}

long long tickets_counted_in(store::Database& db, long long unit_id) {
  return db.read_value([&](store::Transaction& tx) {
    return tx.query_one("SELECT COALESCE(SUM(n), 0) FROM incident_counts WHERE unit_id = ? AND dimension = 'type'",
                        {static_cast<std::int64_t>(unit_id)})->integer(0);
  });
}

}  // namespace

// While the sums are filled, a change to a ticket the filling has not reached is left to it. The
// progress is read once, at the commit, yet each change is judged by the progress it was made under.
TEST(DeferredWork, SumsLeaveToTheFillingTheTicketsItHasNotReached) {
  namespace rollup = store::statistics_rollup;
  test_support::TempDir dir;
  auto db = store::open_database(test_support::test_database_location(dir.file("t.db")));
  db->write([](store::Transaction& tx) { rollup::set_fill_progress(tx, {"basis", 10}); });

  db->write([](store::Transaction& tx) {
    rollup::add_at_commit(tx, 10, one_ticket_of(101));
    rollup::add_at_commit(tx, 11, one_ticket_of(102));
  });
  EXPECT_EQ(tickets_counted_in(*db, 101), 1) << "reached by the filling: counted";
  EXPECT_EQ(tickets_counted_in(*db, 102), 0) << "not reached: the filling will count it";

  db->write([](store::Transaction& tx) {
    rollup::add_at_commit(tx, 15, one_ticket_of(103));  // made while the filling stood at 10
    rollup::set_fill_progress(tx, {"basis", 20});       // the filling has since summed 11 to 20
    rollup::add_at_commit(tx, 16, one_ticket_of(104));
  });
  EXPECT_EQ(tickets_counted_in(*db, 103), 0) << "the filling summed it as it then stood";
  EXPECT_EQ(tickets_counted_in(*db, 104), 1) << "changed after the filling summed it";

  db->write([](store::Transaction& tx) {
    rollup::add_at_commit(tx, 30, one_ticket_of(105));
    rollup::clear_fill_progress(tx);
    rollup::add_at_commit(tx, 31, one_ticket_of(106));
  });
  EXPECT_EQ(tickets_counted_in(*db, 105), 0);
  EXPECT_EQ(tickets_counted_in(*db, 106), 1) << "the sums are whole: every change counts";
}

TEST(DeferredWork, AWriteSettlesToReadItsOwnSumsAndAFailedWriteAddsNothing) {
  test_support::TempDir dir;
  auto db = store::open_database(test_support::test_database_location(dir.file("t.db")));
  make_tables(*db);

  const long long seen = db->write_value([](store::Transaction& tx) {
    add_at_commit(tx, 2);
    const long long before_settling = tally(tx);
    tx.deferred().settle(tx);
    add_at_commit(tx, 3);  // after settling: written at commit
    return before_settling * 100 + tally(tx);
  });
  EXPECT_EQ(seen, 2) << "nothing is written before the commit, and settling writes what was left";
  EXPECT_EQ(db->read_value([](store::Transaction& tx) { return tally(tx); }), 5);

  EXPECT_THROW(db->write([](store::Transaction& tx) {
                 add_at_commit(tx, 40);
                 tx.deferred().settle(tx);
                 add_at_commit(tx, 500);
                 throw std::runtime_error("refused");
               }),
               std::runtime_error);
  EXPECT_EQ(db->read_value([](store::Transaction& tx) { return tally(tx); }), 5);
  // The next write starts with nothing left from the failed one.
  db->write([](store::Transaction& tx) { add_at_commit(tx, 1); });
  EXPECT_EQ(db->read_value([](store::Transaction& tx) { return tally(tx); }), 6);
}

TEST(DeferredWork, AGroupWritesItsSumsOnceAndKeepsOnlyTheWritesThatStay) {
  TONGBAO_SQLITE_ONLY("SQLite's own group commit");
  test_support::TempDir dir;
  store::SqliteDatabase db(dir.file("t.db"));
  make_tables(db);
  const auto before = *db.commit_counts();

  // The first write holds its group open a moment, so the others queue behind it. Every third
  // write fails after adding; writer 5 settles the group's sums and then fails, which must not
  // lose the sums of the writes before it; writer 7 settles and stays.
  constexpr int kWriters = 21;
  std::atomic<int> stayed{0};
  test_support::run_queued_writers(kWriters, [&](int i) {
    try {
      db.write([&](store::Transaction& tx) {
        tx.execute("INSERT INTO filed (writer) VALUES (?)", {static_cast<std::int64_t>(i)});
        add_at_commit(tx, 1);
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
        if (i == 5 || i == 7) tx.deferred().settle(tx);
        if (i % 3 == 2) throw std::runtime_error("refused");
      });
      ++stayed;
    } catch (const std::runtime_error&) {
    }
  });

  const auto after = *db.commit_counts();
  ASSERT_LE(after.commits - before.commits, 3) << "the writes shared their commits";
  EXPECT_EQ(stayed.load(), 14);
  db.read([&](store::Transaction& tx) {
    EXPECT_EQ(tx.query_one("SELECT COUNT(*) FROM filed")->integer(0), 14);
    EXPECT_EQ(tally(tx), 14) << "each write that stayed counted once, and none that failed";
    // Written at each commit and at writer 7's settling (writer 5's was undone with it): far
    // fewer times than there were writes.
    EXPECT_LE(tally(tx, "writes"), 6);
  });
}
