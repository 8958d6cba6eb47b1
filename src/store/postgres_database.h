#pragma once
// PostgreSQL behind the storage interface, for several servers over one database. A pool of
// connections; reads run as read-only snapshots, and every write transaction first takes one
// transaction-scoped advisory lock, so writes from all servers are serialised exactly as SQLite
// serialises them: numbers without gaps, one audit chain order, each due job claimed once.
//
// Since that lock lets one write transaction commit at a time, PostgreSQL's own grouping of
// concurrent commits cannot serve; writes queued without waiting (write_rerunnable_async) are
// therefore committed in groups by one thread of the server's, as SQLite's writer does: one hold
// of the lock and one flush of the log for every write queued while the group before committed.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <utility>
#include <string>
#include <vector>

#include "store/database.h"

namespace tongbao::store {

class PostgresConnection;
class QueuedWriter;
struct QueuedWrite;

class PostgresDatabase : public Database {
 public:
  // Connects to `url` (postgresql://user@host:port/name) and, unless told not to, applies pending
  // migrations.
  explicit PostgresDatabase(std::string url, bool migrate = true, size_t pool_size = 16);
  ~PostgresDatabase() override;

  std::string backend() const override { return "postgresql"; }
  std::string location() const override;  // the address without any password
  void read(const std::function<void(Transaction&)>& fn) override;
  void write(const std::function<void(Transaction&)>& fn) override;
  // Queued for the thread that commits them in groups; the caller's thread (a request thread)
  // never waits for a commit.
  void write_rerunnable_async(std::function<void(Transaction&)> fn, WriteDone done) override;
  void finish_queued_writes() override;
  // Every write's commit: one per plain write, one per group of queued writes.
  std::optional<CommitCounts> commit_counts() const override;
  // A session advisory lock, on a connection kept for leases: PostgreSQL releases it by itself
  // when the server holding it dies.
  std::unique_ptr<Lease> try_lease(std::string_view what, std::int64_t id) override;

  static bool is_url(std::string_view location);

 private:
  friend class AdvisoryLease;
  std::unique_ptr<PostgresConnection> take();
  void give_back(std::unique_ptr<PostgresConnection> conn);
  void run(const char* begin, const std::function<void(Transaction&)>& fn);
  // Runs a group of queued writes in one transaction and commits it; each write's error is left
  // in it (a write that throws leaves nothing, and the others are committed without it).
  void commit_group(std::vector<QueuedWrite>& group);
  void count_commit(std::int64_t writes, bool ran_again);
  void release_lease(std::pair<std::int64_t, std::int64_t> key);

  std::string url_;
  size_t pool_size_;
  std::mutex mutex_;
  std::condition_variable available_;
  size_t open_ = 0;  // connections lent out or idle
  std::vector<std::unique_ptr<PostgresConnection>> idle_;
  std::mutex lease_mutex_;
  std::unique_ptr<PostgresConnection> lease_session_;  // holds every lease's lock
  std::set<std::pair<std::int64_t, std::int64_t>> leased_;
  mutable std::mutex counts_mutex_;
  CommitCounts counts_;
  std::mutex writer_mutex_;
  std::unique_ptr<QueuedWriter> writer_;  // last: joined, with every write queued there, first
};

}  // namespace tongbao::store
