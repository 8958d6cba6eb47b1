// The write-ahead log is copied back into the database file by a thread of its own: the file grows
// while the server runs (a log that were never checkpointed would hold every page instead), and
// everything written is there when the file is opened again.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "store/sqlite_database.h"
#include "store/wal_checkpointer.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

namespace {

constexpr int kPageBytes = 4096;

std::uintmax_t size_of(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : n;
}

}  // namespace

TEST(WalCheckpoints, TheLogIsCopiedIntoTheDatabaseWhileItStaysOpen) {
  TONGBAO_SQLITE_ONLY("SQLite's write-ahead log; PostgreSQL checkpoints itself");
  test_support::TempDir dir;
  const auto path = dir.file("t.db");
  store::SqliteDatabase db(path);
  db.write([](store::Transaction& tx) { tx.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, blob TEXT NOT NULL)"); });
  const auto empty = size_of(path);

  // Three thresholds' worth of pages, in writes of a hundred pages each.
  const int pages = 3 * store::WalCheckpointer::kCheckpointPages;
  const std::string row(kPageBytes * 10, 'x');
  for (int written = 0; written < pages; written += 100)
    db.write([&](store::Transaction& tx) {
      for (int i = 0; i < 10; ++i) tx.execute("INSERT INTO filler (blob) VALUES (?)", {row});
    });

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (size_of(path) < empty + std::uintmax_t{2} * store::WalCheckpointer::kCheckpointPages * kPageBytes &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(size_of(path), empty + std::uintmax_t{2} * store::WalCheckpointer::kCheckpointPages * kPageBytes)
      << "the log's pages did not reach the database file";
  EXPECT_EQ(db.read_value([](store::Transaction& tx) { return tx.query_one("SELECT COUNT(*) FROM filler")->integer(0); }),
            pages / 10);
}

TEST(WalCheckpoints, EverythingWrittenIsThereWhenTheFileIsOpenedAgain) {
  TONGBAO_SQLITE_ONLY("SQLite's write-ahead log");
  test_support::TempDir dir;
  const auto path = dir.file("t.db");
  const std::string row(kPageBytes * 10, 'y');
  {
    store::SqliteDatabase db(path);
    db.write([](store::Transaction& tx) { tx.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, blob TEXT NOT NULL)"); });
    for (int n = 0; n < 250; ++n)
      db.write([&](store::Transaction& tx) { tx.execute("INSERT INTO filler (blob) VALUES (?)", {row}); });
  }
  EXPECT_FALSE(std::filesystem::exists(path + "-wal")) << "closing the last connection empties the log";
  store::SqliteDatabase again(path);
  EXPECT_EQ(again.read_value([](store::Transaction& tx) {
    return tx.query_one("SELECT COUNT(*) FROM filler WHERE length(blob) = ?", {static_cast<std::int64_t>(kPageBytes * 10)})
        ->integer(0);
  }),
            250);
}
