#pragma once
// Copies a SQLite file's write-ahead log back into the database on a thread of its own, so that a
// commit does not wait for it. SQLite's automatic checkpoint runs inside the commit that crosses
// its threshold: a bulk write paid for rewriting the log's pages (and syncing the file) on top of
// its own.
//
// The writer's connection reports each commit's log size (wal_grew); each time the log has grown
// by kCheckpointPages this thread runs a passive checkpoint, which neither blocks the writer nor
// waits for readers (after every commit past the threshold, it copied the pages that filings
// rewrite, such as the ends of indexes, again and again). If the log still grows past
// kWriterCheckpointPages (writes faster than checkpoints), the writer's own commit checkpoints as
// SQLite would, so the log stays bounded.
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace tongbao::store {

class WalCheckpointer {
 public:
  static constexpr int kCheckpointPages = 1'000;         // SQLite's own default threshold
  static constexpr int kWriterCheckpointPages = 16'000;  // about 64 MiB of log

  explicit WalCheckpointer(const std::string& path);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Installs itself as the commit hook of the writer's connection (replacing the automatic checkpoint).
  void watch(sqlite3* writer);

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
  void run();

  sqlite3* db_ = nullptr;  // a connection of its own
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  int pages_at_last_call_ = 0;  // the writer's thread only
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tongbao::store
