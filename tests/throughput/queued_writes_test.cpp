// Writes queued without waiting (Database::write_rerunnable_async): the caller's thread goes on at
// once, each write's `done` comes only once it is committed (or with its own error, having left
// nothing), finish_queued_writes waits for every `done`, and the writes queued behind a commit share
// the next one however few threads queued them (on PostgreSQL as well: the write lock lets one
// transaction commit at a time, so its own grouping of commits cannot).
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

namespace {

// Counts the dones called, and lets the test wait for all of them.
class Outcomes {
 public:
  explicit Outcomes(int expected) : results_(static_cast<size_t>(expected)) {}
  void record(int i, std::exception_ptr error, long long seen_by_another_reader) {
    std::lock_guard lock(mutex_);
    auto& r = results_.at(static_cast<size_t>(i));
    ++r.calls;
    r.error = error;
    r.seen = seen_by_another_reader;
    ++called_;
    all_.notify_all();
  }
  bool wait_for_all() {
    std::unique_lock lock(mutex_);
    return all_.wait_for(lock, std::chrono::seconds(30), [&] { return called_ == static_cast<int>(results_.size()); });
  }
  int called() {
    std::lock_guard lock(mutex_);
    return called_;
  }
  struct Result {
    int calls = 0;
    std::exception_ptr error;
    long long seen = -1;
  };
  const std::vector<Result>& results() const { return results_; }

 private:
  std::mutex mutex_;
  std::condition_variable all_;
  std::vector<Result> results_;
  int called_ = 0;
};

std::string message_of(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  }
}

// Queues `count` writes from this one thread, the first held open until every other is queued:
// write i inserts i, and every fifth (i % 5 == 3) throws after writing. Each done reads, through
// another connection, whether its row is there.
void queue_writes(store::Database& db, int count, Outcomes& outcomes, int& called_while_queueing) {
  std::promise<void> all_queued;
  auto gate = all_queued.get_future().share();
  for (int i = 0; i < count; ++i) {
    db.write_rerunnable_async(
        [i, gate](store::Transaction& tx) {
          tx.execute("INSERT INTO filed (writer) VALUES (?)", {static_cast<std::int64_t>(i)});
          if (i == 0) gate.wait_for(std::chrono::seconds(10));
          if (i % 5 == 3) throw std::runtime_error("refused " + std::to_string(i));
        },
        [&db, &outcomes, i](std::exception_ptr error) {
          const auto seen = db.read_value([i](store::Transaction& tx) {
            return tx.query_one("SELECT COUNT(*) FROM filed WHERE writer = ?", {static_cast<std::int64_t>(i)})->integer(0);
          });
          outcomes.record(i, error, seen);
        });
  }
  called_while_queueing = outcomes.called();
  all_queued.set_value();
}

}  // namespace

TEST(QueuedWrites, EachIsCommittedBeforeItsDoneAndAFailureLeavesNothing) {
  test_support::TempDir dir;
  auto db = test_support::open_test_database(dir.file("t.db"));
  db->write([](store::Transaction& tx) { tx.execute("CREATE TABLE filed (writer INTEGER NOT NULL UNIQUE)"); });

  constexpr int kWrites = 60;
  Outcomes outcomes(kWrites);
  int called_while_queueing = -1;
  queue_writes(*db, kWrites, outcomes, called_while_queueing);
  db->finish_queued_writes();
  ASSERT_EQ(outcomes.called(), kWrites) << "finish_queued_writes returned before every write was answered";

  EXPECT_EQ(called_while_queueing, 0) << "queueing waited for no commit (the first write was still open)";
  for (int i = 0; i < kWrites; ++i) {
    const auto& r = outcomes.results()[static_cast<size_t>(i)];
    EXPECT_EQ(r.calls, 1) << "write " << i;
    if (i % 5 == 3) {
      ASSERT_TRUE(r.error) << "write " << i << " gets its own error";
      EXPECT_EQ(message_of(r.error), "refused " + std::to_string(i));
      EXPECT_EQ(r.seen, 0) << "a refused write leaves nothing";
    } else {
      EXPECT_FALSE(r.error) << "write " << i << ": " << (r.error ? message_of(r.error) : "");
      EXPECT_EQ(r.seen, 1) << "write " << i << " was committed before its done";
    }
  }
  EXPECT_EQ(db->read_value([](store::Transaction& tx) { return tx.query_one("SELECT COUNT(*) FROM filed")->integer(0); }),
            kWrites - kWrites / 5);
}

TEST(QueuedWrites, ManyQueuedByOneThreadShareFewCommits) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  db.write([](store::Transaction& tx) { tx.execute("CREATE TABLE filed (writer INTEGER NOT NULL UNIQUE)"); });
  ASSERT_TRUE(db.commit_counts()) << "commits are counted on " << db.backend();
  const auto before = *db.commit_counts();

  // One thread queues 500: waiting writes would have needed a thread each to share a commit.
  constexpr int kWrites = 500;
  Outcomes outcomes(kWrites);
  int called_while_queueing = -1;
  queue_writes(db, kWrites, outcomes, called_while_queueing);
  ASSERT_TRUE(outcomes.wait_for_all());

  EXPECT_EQ(called_while_queueing, 0);
  int failed = 0;
  for (const auto& r : outcomes.results()) failed += r.error ? 1 : 0;
  EXPECT_EQ(failed, kWrites / 5);
  const auto after = *db.commit_counts();
  EXPECT_EQ(after.writes - before.writes, kWrites - kWrites / 5);
  // The first write's group, then the 499 behind it in groups of at most 256.
  EXPECT_LE(after.commits - before.commits, 3) << "the writes queued behind the first commit together";
  // Each group held a refused write: run again, with every other write of it committed once.
  EXPECT_GE(after.groups_run_again - before.groups_run_again, 1);
  EXPECT_EQ(db.read_value([](store::Transaction& tx) { return tx.query_one("SELECT COUNT(*) FROM filed")->integer(0); }),
            kWrites - kWrites / 5);
}
