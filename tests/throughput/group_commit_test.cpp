// Durable writes that commit in groups: a write returns only once it is on disk, writes that wait
// together share one commit, and one that fails rolls back only its own part, whether the group
// ran in savepoints or without them and then again.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/open_database.h"
#include "store/sqlite_database.h"
#include "support/queued_writers.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

namespace {

// A connection of its own, past the database object: what another process would see on disk.
long long count_on_disk(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  long long n = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

void make_table(store::Database& db) {
  db.write([](store::Transaction& tx) {
    tx.execute("CREATE TABLE filed (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL UNIQUE)");
  });
}

}  // namespace

// SQLite's own group commit (on PostgreSQL, writes that wait commit one by one): a database file
// of its own with the table the writers fill.
class GroupCommit : public ::testing::Test {
 protected:
  void SetUp() override {
    TONGBAO_SQLITE_ONLY("SQLite groups the writes that wait; PostgreSQL commits them one by one");
    db_.emplace(path_);
    make_table(*db_);
  }
  store::SqliteDatabase& db() { return *db_; }

  test_support::TempDir dir_;
  const std::string path_ = dir_.file("t.db");
  std::optional<store::SqliteDatabase> db_;
};

TEST(DurableWrites, TheDatabaseSyncsEveryCommit) {
  test_support::TempDir dir;
  const auto location = test_support::test_database_location(dir.file("t.db"));
  if (test_support::testing_postgres()) {
    // A commit returns once its WAL is flushed, even where the database's default says otherwise.
    // (Whether the cluster syncs at all, fsync, is the administrator's: the tests' own runs without.)
    {
      test_support::DirectDatabase admin(location);
      admin.exec("ALTER DATABASE \"" + admin.text_of("SELECT current_database()") + "\" SET synchronous_commit = off");
    }
    auto db = store::open_database(location);
    EXPECT_EQ(db->read_value([](store::Transaction& tx) { return tx.query_one("SHOW synchronous_commit")->text(0); }),
              "on");
    EXPECT_EQ(db->write_value([](store::Transaction& tx) { return tx.query_one("SHOW synchronous_commit")->text(0); }),
              "on");
    return;
  }
  auto db = store::open_database(location);
  // 2 is FULL: the write-ahead log is synced at every commit, not only at checkpoints (NORMAL, 1).
  EXPECT_EQ(db->write_value([](store::Transaction& tx) { return tx.query_one("PRAGMA synchronous")->integer(0); }), 2);
  EXPECT_EQ(db->read_value([](store::Transaction& tx) { return tx.query_one("PRAGMA synchronous")->integer(0); }), 2);
  EXPECT_EQ(db->read_value([](store::Transaction& tx) { return tx.query_one("PRAGMA journal_mode")->text(0); }), "wal");
}

TEST_F(GroupCommit, WritesThatWaitTogetherShareACommitAndEachReturnsOnlyOnceOnDisk) {
  const auto before = *db().commit_counts();

  // The first write holds its group open a moment, so the others queue behind it.
  constexpr int kWriters = 24;
  std::atomic<int> seen_missing{0};
  test_support::run_queued_writers(kWriters, [&](int i) {
    db().write([&](store::Transaction& tx) {
      tx.execute("INSERT INTO filed (writer) VALUES (?)", {static_cast<std::int64_t>(i)});
      if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
    });
    // Returned: another connection must find it at once.
    if (count_on_disk(path_, "SELECT COUNT(*) FROM filed WHERE writer = " + std::to_string(i)) != 1) ++seen_missing;
  });

  EXPECT_EQ(seen_missing.load(), 0) << "a write returned before its commit";
  EXPECT_EQ(count_on_disk(path_, "SELECT COUNT(*) FROM filed"), kWriters);
  const auto after = *db().commit_counts();
  EXPECT_EQ(after.writes - before.writes, kWriters);
  EXPECT_LE(after.commits - before.commits, 3) << "the writes queued behind the first commit together";
}

namespace {

// Plain writes, and rerunnable ones (run without savepoints, and again with them when one fails):
// each gets its own outcome either way.
void expect_each_failure_alone(store::SqliteDatabase& db, const std::string& path, bool rerunnable) {
  const auto before = *db.commit_counts();

  constexpr int kWriters = 20;
  std::atomic<int> failed{0}, wrong_answer{0};
  test_support::run_queued_writers(kWriters, [&](int i) {
    try {
      auto write = [&](store::Transaction& tx) {
        tx.execute("INSERT INTO filed (writer) VALUES (?)", {static_cast<std::int64_t>(i)});
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
        if (i % 3 == 1) throw std::runtime_error("refused " + std::to_string(i));  // after writing
        if (i % 3 == 2) tx.execute("INSERT INTO filed (writer) VALUES (0)");  // a constraint, after writing
      };
      if (rerunnable) db.write_rerunnable(write);
      else db.write(write);
      if (i % 3 != 0) ++wrong_answer;
    } catch (const std::runtime_error& e) {
      ++failed;
      if (i % 3 == 0) ++wrong_answer;
      if (i % 3 == 1 && std::string(e.what()) != "refused " + std::to_string(i)) ++wrong_answer;
      if (i % 3 == 2 && !dynamic_cast<const store::UniqueViolation*>(&e)) ++wrong_answer;
    }
  });

  EXPECT_EQ(wrong_answer.load(), 0) << "each write gets its own outcome";
  EXPECT_EQ(failed.load(), 13);
  // Only the writes that succeeded are there, each once.
  EXPECT_EQ(count_on_disk(path, "SELECT COUNT(*) FROM filed"), 7);
  EXPECT_EQ(count_on_disk(path, "SELECT COUNT(*) FROM filed WHERE writer % 3 != 0"), 0);
  EXPECT_LE(db.commit_counts()->commits - before.commits, 3) << "they were committed as a group";
  EXPECT_EQ(db.commit_counts()->writes - before.writes, 7) << "only what stayed is counted";
  EXPECT_EQ(db.commit_counts()->groups_run_again - before.groups_run_again, rerunnable ? 1 : 0)
      << "the queued group of rerunnable writes ran again once, with savepoints";
}

}  // namespace

TEST_F(GroupCommit, AWriteThatFailsRollsBackOnlyItsOwnPartOfTheGroup) {
  expect_each_failure_alone(db(), path_, false);
}

TEST_F(GroupCommit, ARerunnableWriteThatFailsRollsBackOnlyItsOwnPartOfTheGroup) {
  expect_each_failure_alone(db(), path_, true);
}

TEST_F(GroupCommit, RerunnableWritesThatAllSucceedRunOnceEach) {
  const auto before = *db().commit_counts();

  constexpr int kWriters = 20;
  std::atomic<int> runs{0};
  test_support::run_queued_writers(kWriters, [&](int i) {
    db().write_rerunnable([&](store::Transaction& tx) {
      ++runs;
      tx.execute("INSERT INTO filed (writer) VALUES (?)", {static_cast<std::int64_t>(i)});
      if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
    });
  });

  EXPECT_EQ(runs.load(), kWriters) << "no write ran twice";
  EXPECT_EQ(count_on_disk(path_, "SELECT COUNT(*) FROM filed"), kWriters);
  const auto after = *db().commit_counts();
  EXPECT_EQ(after.groups_run_again, before.groups_run_again);
  EXPECT_LE(after.commits - before.commits, 3) << "they were committed as a group";
}

TEST_F(GroupCommit, AWriteThatFailsInARerunGroupLeavesTheOthersWhatTheyWrote) {

  // Each write reads what is there and adds to it, as a filing takes the next serial: run twice,
  // it must still take the next one once.
  db().write([](store::Transaction& tx) { tx.execute("CREATE TABLE serial (n INTEGER NOT NULL)"); });
  db().write([](store::Transaction& tx) { tx.execute("INSERT INTO serial (n) VALUES (0)"); });
  constexpr int kWriters = 12;
  std::atomic<int> failed{0};
  std::vector<long long> taken(kWriters, -1);
  test_support::run_queued_writers(kWriters, [&](int i) {
    try {
      taken[static_cast<size_t>(i)] = db().write_value_rerunnable([&](store::Transaction& tx) {
        tx.execute("UPDATE serial SET n = n + 1");
        const auto n = tx.query_one("SELECT n FROM serial")->integer(0);
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
        if (i == 7) throw std::runtime_error("refused");
        return n;
      });
    } catch (const std::runtime_error&) {
      ++failed;
    }
  });

  EXPECT_EQ(failed.load(), 1);
  EXPECT_EQ(count_on_disk(path_, "SELECT n FROM serial"), kWriters - 1) << "each write that stayed took one serial";
  std::vector<long long> stayed;
  for (auto n : taken)
    if (n >= 0) stayed.push_back(n);
  std::sort(stayed.begin(), stayed.end());
  ASSERT_EQ(stayed.size(), static_cast<size_t>(kWriters - 1));
  for (size_t k = 0; k < stayed.size(); ++k) EXPECT_EQ(stayed[k], static_cast<long long>(k + 1)) << "serials are gapless";
}

TEST_F(GroupCommit, OneWriteThatMayNotRunTwiceRunsOnceAmongRerunnableOnes) {

  // In each round, writer 1 is a plain write (a file placed, say) among rerunnable ones: in the
  // first it succeeds, in the second it fails. Either way it runs once; the others stay.
  for (const bool plain_fails : {false, true}) {
    const auto before = *db().commit_counts();
    constexpr int kWriters = 10;
    const int offset = plain_fails ? 100 : 0;
    std::atomic<int> plain_runs{0}, failed{0};
    test_support::run_queued_writers(kWriters, [&](int i) {
      auto write = [&](store::Transaction& tx) {
        tx.execute("INSERT INTO filed (writer) VALUES (?)", {static_cast<std::int64_t>(offset + i)});
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
        if (i == 1) {
          ++plain_runs;
          if (plain_fails) throw std::runtime_error("refused");
        }
      };
      try {
        if (i == 1) db().write(write);
        else db().write_rerunnable(write);
      } catch (const std::runtime_error&) {
        ++failed;
      }
    });
    EXPECT_EQ(plain_runs.load(), 1) << "the plain write ran once";
    EXPECT_EQ(failed.load(), plain_fails ? 1 : 0);
    EXPECT_EQ(count_on_disk(path_, "SELECT COUNT(*) FROM filed WHERE writer >= " + std::to_string(offset) +
                                      " AND writer < " + std::to_string(offset + kWriters)),
              plain_fails ? kWriters - 1 : kWriters);
    const auto after = *db().commit_counts();
    EXPECT_EQ(after.groups_run_again - before.groups_run_again, plain_fails ? 1 : 0);
    EXPECT_LE(after.commits - before.commits, 3) << "they were committed as a group";
  }
}
