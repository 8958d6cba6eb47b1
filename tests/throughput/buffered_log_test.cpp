// The writer's connection gathers a commit's log frames into one write (store/buffered_log_vfs).
// What it must never do: keep bytes that another connection is told are there, lose a commit
// across a crash of the process, or write frames out of order when a transaction spills pages,
// rewrites them and rolls back.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "store/buffered_log_vfs.h"
#include "store/sqlite_database.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

namespace {

// A raw connection, through the buffered log when `vfs` is given.
struct Connection {
  sqlite3* db = nullptr;
  Connection(const std::string& path, const char* vfs) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs), SQLITE_OK);
    sqlite3_busy_timeout(db, 5'000);
  }
  ~Connection() { sqlite3_close(db); }
  void exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (error ? error : "");
    sqlite3_free(error);
  }
  long long number(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    long long n = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
  }
};

// A connection through the buffered log, its database in WAL mode with the table t.
struct BufferedConnection : Connection {
  BufferedConnection(const std::string& path, const std::string& synchronous)
      : Connection(path, store::buffered_log_vfs()) {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=" + synchronous);
    exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  }
};

}  // namespace

TEST(BufferedLog, ACommitReachesTheLogInAFewWritesAndOthersReadIt) {
  TONGBAO_SQLITE_ONLY("SQLite's write-ahead log");
  test_support::TempDir dir;
  const auto path = dir.file("t.db");
  BufferedConnection writer(path, "FULL");
  Connection reader(path, nullptr);
  EXPECT_EQ(reader.number("SELECT COUNT(*) FROM t"), 0);

  const auto before = store::buffered_log_counts();
  // About a hundred pages in one commit: two hundred writes asked of the log.
  writer.exec("BEGIN");
  for (int i = 0; i < 100; ++i) writer.exec("INSERT INTO t (body) VALUES (printf('%.4000c', 'a'))");
  writer.exec("COMMIT");
  const auto after = store::buffered_log_counts();
  const auto asked = after.writes_asked - before.writes_asked, made = after.writes_made - before.writes_made;
  EXPECT_GE(asked, 200u);
  // 400 KiB of frames go in pieces of 124 KiB, the most the system's VFS takes in one write.
  EXPECT_LE(made, 5u) << "the frames were not gathered: " << made << " writes for " << asked;
  EXPECT_EQ(reader.number("SELECT COUNT(*) FROM t"), 100);
  EXPECT_EQ(reader.number("SELECT SUM(length(body)) FROM t"), 400'000);
}

TEST(BufferedLog, ACommitWithoutASyncIsInTheFileBeforeOthersAreToldOfIt) {
  TONGBAO_SQLITE_ONLY("SQLite's write-ahead log");
  test_support::TempDir dir;
  const auto path = dir.file("t.db");
  // No sync at commit: only the barrier before the log's new end is published (or the write lock
  // given up after it) flushes the frames.
  BufferedConnection writer(path, "OFF");
  Connection reader(path, nullptr);
  for (int round = 1; round <= 5; ++round) {
    writer.exec("BEGIN");
    for (int i = 0; i < 20; ++i) writer.exec("INSERT INTO t (body) VALUES (printf('%.3000c', 'b'))");
    writer.exec("COMMIT");
    EXPECT_EQ(reader.number("SELECT COUNT(*) FROM t"), 20 * round);
    EXPECT_EQ(reader.number("SELECT SUM(length(body)) FROM t"), 60'000 * round);
  }
}

TEST(BufferedLog, PagesSpilledAndRolledBackDoNotOverwriteAnotherConnectionsCommit) {
  TONGBAO_SQLITE_ONLY("SQLite's write-ahead log");
  test_support::TempDir dir;
  const auto path = dir.file("t.db");
  BufferedConnection buffered(path, "FULL");
  buffered.exec("PRAGMA cache_size=20");  // pages: a large transaction spills to the log
  buffered.exec("CREATE TABLE theirs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  Connection other(path, nullptr);
  for (int round = 1; round <= 3; ++round) {
    // Pages spilled to the log past its end, then given up: the log's end stays where it was.
    buffered.exec("BEGIN");
    for (int i = 0; i < 200; ++i) buffered.exec("INSERT INTO t (body) VALUES (printf('%.2000c', 'x'))");
    buffered.exec("ROLLBACK");
    // Another connection appends where the given-up frames lay, to pages of its own table.
    other.exec("INSERT INTO theirs (body) VALUES (printf('%.1000c', 'o'))");
    // The buffered connection reads and writes again: nothing it held may land on those frames.
    EXPECT_EQ(buffered.number("SELECT COUNT(*) FROM t"), round - 1);
    buffered.exec("INSERT INTO t (body) VALUES ('z')");
    Connection fresh(path, nullptr);
    EXPECT_EQ(fresh.number("SELECT COUNT(*) FROM theirs WHERE body = printf('%.1000c', 'o')"), round);
    EXPECT_EQ(fresh.number("SELECT COUNT(*) FROM t WHERE body = 'z'"), round);
  }
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(other.db, "PRAGMA integrity_check", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "ok");
  sqlite3_finalize(stmt);
}
