// A due job runs as a rerunnable write: when a write beside it in its group fails, the group runs
// again, the job with it, and what the job did is there once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "core/clock.h"
#include "jobs/job_store.h"
#include "jobs/scheduler.h"
#include "store/sqlite_database.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

TEST(RerunnableJobs, AJobWhoseGroupRunsAgainLeavesItsWorkOnce) {
  TONGBAO_SQLITE_ONLY("groups run again only where the server groups commits itself");
  test_support::TempDir dir;
  store::SqliteDatabase db(dir.file("t.db"));
  core::SystemClock clock;
  const auto now = clock.now();
  db.write([&](store::Transaction& tx) {
    tx.execute("CREATE TABLE marks (job INTEGER NOT NULL)");
    jobs::schedule_routine(tx, now - 1000, "test.mark", now);
  });
  jobs::Scheduler scheduler(db, clock);
  std::atomic<int> calls{0};
  scheduler.on("test.mark", [&](store::Transaction& tx, const jobs::Job& job, core::TimeMs) {
    ++calls;
    tx.execute("INSERT INTO marks (job) VALUES (?)", {static_cast<std::int64_t>(job.id)});
  });

  // A first write holds its group open; the job's write, then one that fails, queue behind it.
  std::promise<void> open;
  auto gate = open.get_future().share();
  auto first = std::async(std::launch::async, [&] {
    db.write_rerunnable([&](store::Transaction&) { gate.wait_for(std::chrono::seconds(10)); });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto ticked = std::async(std::launch::async, [&] { return scheduler.tick(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto failing = std::async(std::launch::async, [&] {
    db.write_rerunnable([](store::Transaction& tx) {
      tx.execute("INSERT INTO marks (job) VALUES (-1)");
      throw std::runtime_error("refused");
    });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto before = *db.commit_counts();
  open.set_value();
  first.get();
  EXPECT_THROW(failing.get(), std::runtime_error);
  EXPECT_EQ(ticked.get(), 1) << "the job ran, and counts once";

  EXPECT_EQ(db.commit_counts()->groups_run_again - before.groups_run_again, 1);
  EXPECT_EQ(calls.load(), 2) << "the job ran again with its group (a write that may not run twice runs once)";
  EXPECT_EQ(db.read_value([](store::Transaction& tx) { return tx.query_one("SELECT COUNT(*) FROM marks")->integer(0); }), 1)
      << "its work is there once, the failed write's not at all";
  EXPECT_EQ(db.read_value([](store::Transaction& tx) { return jobs::pending_count(tx); }), 0);
}
