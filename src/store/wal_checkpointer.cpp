#include "store/wal_checkpointer.h"

#include <sqlite3.h>

#include "store/database.h"

namespace tongbao::store {

WalCheckpointer::WalCheckpointer(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw StoreError("cannot open database " + path + " to checkpoint it: " + msg);
  }
  sqlite3_busy_timeout(db_, 10'000);
  // The same durability as the writer: the database file is synced before the log is reused.
  sqlite3_exec(db_, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_close(db_);
}

void WalCheckpointer::watch(sqlite3* writer) { sqlite3_wal_hook(writer, &WalCheckpointer::on_commit, this); }

int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* me = static_cast<WalCheckpointer*>(self);
  if (pages >= kWriterCheckpointPages) {
    // Behind: the writer checkpoints while it holds the write lock, so nothing new is appended.
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (pages >= kCheckpointPages) {
    // Due again once the log has grown by the threshold since the last call: a page written by
    // many commits in between is copied once.
    if (pages < me->pages_at_last_call_ || pages - me->pages_at_last_call_ >= kCheckpointPages) {
      me->pages_at_last_call_ = pages;
      {
        std::lock_guard lock(me->mutex_);
        me->due_ = true;
      }
      me->wake_.notify_one();
    }
  }
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return due_ || stopping_; });
    if (stopping_) return;
    due_ = false;
    lock.unlock();
    // A failure (the file busy for longer than the timeout) is retried at the next commit's report.
    sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
  }
}

}  // namespace tongbao::store
