#pragma once
// SQLite behind the storage interface: one file in WAL mode. One writer connection (writes are
// serialised anyway in SQLite) and a pool of reader connections that read concurrently.
//
// Writes are durable before write() returns (synchronous=FULL: the WAL is synced at each commit),
// and commit in groups on one writer thread: the writes that queue while one group commits go into
// the next, each in a savepoint of one transaction, so one sync serves them all and a write that
// throws rolls back only its own part. A group of rerunnable writes (and at most one other, run
// last) runs without the savepoints, and again, with them, only when a rerunnable one throws.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/database.h"

struct sqlite3;

namespace tongbao::store {

class SqliteConnection;
class WalCheckpointer;

class SqliteDatabase : public Database {
 public:
  // Opens (creating if needed) the database file and, unless told not to, applies pending migrations.
  explicit SqliteDatabase(const std::string& path, bool migrate = true);
  ~SqliteDatabase() override;

  std::string backend() const override { return "sqlite"; }
  std::string location() const override { return path_; }
  void read(const std::function<void(Transaction&)>& fn) override;
  void write(const std::function<void(Transaction&)>& fn) override;
  void write_rerunnable(const std::function<void(Transaction&)>& fn) override;
  // Queued for the writer thread, which calls `done` after its group's commit.
  void write_rerunnable_async(std::function<void(Transaction&)> fn, WriteDone done) override;
  void finish_queued_writes() override;
  // One process serves a SQLite file, so leases are kept in memory.
  std::unique_ptr<Lease> try_lease(std::string_view what, std::int64_t id) override;

  // Since opening.
  std::optional<CommitCounts> commit_counts() const override;

 private:
  struct PendingWrite;
  std::unique_ptr<SqliteConnection> take_reader();
  void give_back(std::unique_ptr<SqliteConnection> conn);
  void write_in_group(const std::function<void(Transaction&)>& fn, bool rerunnable);
  // Adds a write to the queue, waking the writer if it was idle; queue_mutex_ held.
  void enqueue(PendingWrite* write);
  // The writer thread: commits what is queued, group after group, until stopped.
  void commit_queued_writes();
  void stop_writer();
  // Returns how many of the group's writes were committed.
  size_t commit_group(const std::vector<PendingWrite*>& group);
  // Each false when the transaction was rolled back (the writes' errors say why, where they have one).
  bool begin(const std::vector<PendingWrite*>& group);
  bool run_alone(PendingWrite& w);
  bool run_in_savepoints(const std::vector<PendingWrite*>& group);
  PendingWrite* run_without_savepoints(const std::vector<PendingWrite*>& group);

  std::string path_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // outlives the writer, whose commits report to it
  std::unique_ptr<SqliteConnection> writer_;  // used by the writer thread only
  mutable std::mutex queue_mutex_;
  std::condition_variable work_queued_;
  std::deque<PendingWrite*> queued_;
  bool stopping_ = false;
  int unanswered_ = 0;  // writes queued without waiting whose `done` has not returned yet
  std::condition_variable all_answered_;
  CommitCounts counts_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::mutex lease_mutex_;
  std::set<std::pair<std::string, std::int64_t>> leased_;
  std::thread writer_thread_;  // last: started once everything it uses exists
};

}  // namespace tongbao::store
