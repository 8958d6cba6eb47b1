#pragma once
// SQLite behind the storage interface: one file in WAL mode. One writer connection (writes are
// serialised anyway in SQLite) and a pool of reader connections that read concurrently.
//
// Writes are durable before write() returns (synchronous=FULL: the WAL is synced at each commit),
// and commit in groups: the writes that queue while one group commits go into the next, each in a
// savepoint of one transaction, so one sync serves them all and a write that throws rolls back
// only its own part.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <string>
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
  // One process serves a SQLite file, so leases are kept in memory.
  std::unique_ptr<Lease> try_lease(std::string_view what, std::int64_t id) override;

  // Since opening.
  std::optional<CommitCounts> commit_counts() const override;

 private:
  struct PendingWrite;
  std::unique_ptr<SqliteConnection> take_reader();
  void give_back(std::unique_ptr<SqliteConnection> conn);
  // Returns how many of the group's writes were committed.
  size_t commit_group(const std::vector<PendingWrite*>& group);

  std::string path_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // outlives the writer, whose commits report to it
  std::unique_ptr<SqliteConnection> writer_;  // used by the leader of the group being committed only
  mutable std::mutex queue_mutex_;
  std::condition_variable group_done_;
  std::deque<PendingWrite*> queued_;
  bool leading_ = false;  // a thread is committing a group
  CommitCounts counts_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::mutex lease_mutex_;
  std::set<std::pair<std::string, std::int64_t>> leased_;
};

}  // namespace tongbao::store
