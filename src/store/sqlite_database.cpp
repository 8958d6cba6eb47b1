#include "store/sqlite_database.h"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>

#include <string_view>
#include <unordered_map>

#include "store/buffered_log_vfs.h"
#include "store/migrations.h"
#include "store/text_hash.h"
#include "store/wal_checkpointer.h"

namespace tongbao::store {

// The current row of a statement, read column by column as asked.
class StatementRow : public RowView {
 public:
  explicit StatementRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  bool is_null(size_t i) const override { return sqlite3_column_type(stmt_, column(i)) == SQLITE_NULL; }
  std::int64_t integer(size_t i) const override { return sqlite3_column_int64(stmt_, column(i)); }
  std::string_view text_view(size_t i) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column(i)));
    return text ? std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column(i)))) : std::string_view();
  }

 private:
  int column(size_t i) const {
    if (i >= static_cast<size_t>(sqlite3_column_count(stmt_))) throw StoreError("no column " + std::to_string(i));
    return static_cast<int>(i);
  }
  sqlite3_stmt* stmt_;
};

namespace {
// SQLite counts every allocation under one global mutex unless told not to, before it starts:
// every statement's allocations took and released that lock, on every thread.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}
}  // namespace

// One connection with its cache of prepared statements (preparing costs more than most queries).
class SqliteConnection : public Transaction {
 public:
  Dialect dialect() const override { return Dialect::sqlite; }
  // `vfs`: null for the system's own.
  explicit SqliteConnection(const std::string& path, const char* vfs = nullptr) {
    configure_sqlite_once();
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             vfs);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw StoreError("cannot open database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10'000);
    exec_plain("PRAGMA journal_mode=WAL");
    // An acknowledged report is evidence of when it was filed: a commit is on disk before it returns,
    // across power loss too. Group commit (write()) keeps this affordable.
    exec_plain("PRAGMA synchronous=FULL");
    exec_plain("PRAGMA temp_store=MEMORY");  // statement journals and sorts without a file each time
    exec_plain("PRAGMA foreign_keys=ON");
  }
  sqlite3* handle() const { return db_; }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  // Transaction control (BEGIN, COMMIT, SAVEPOINT …) from the statement cache: sqlite3_exec parses
  // the text every time, with a parser allocation large enough to make malloc consolidate its heap.
  void control(const char* sql) { execute(sql, {}); }

  void exec_plain(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw StoreError(std::string("SQL failed: ") + sql + ": " + msg);
    }
  }

  std::vector<Row> query(std::string_view sql, const std::vector<Value>& params) override {
    sqlite3_stmt* stmt = run(sql, params);
    std::vector<Row> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const int n = sqlite3_column_count(stmt);
      std::vector<Value> values;
      values.reserve(n);
      for (int i = 0; i < n; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_INTEGER: values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i))); break;
          case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, i)); break;
          case SQLITE_NULL: values.emplace_back(nullptr); break;
          default:
            values.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
                                            static_cast<size_t>(sqlite3_column_bytes(stmt, i))));
        }
      }
      rows.emplace_back(std::move(values));
    }
    finish(stmt, rc, sql);
    return rows;
  }

  void each(std::string_view sql, const std::vector<Value>& params,
            const std::function<void(const RowView&)>& fn) override {
    sqlite3_stmt* stmt = run(sql, params);
    const StatementRow row(stmt);
    int rc;
    try {
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) fn(row);
    } catch (...) {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
      throw;
    }
    finish(stmt, rc, sql);
  }

  std::int64_t execute(std::string_view sql, const std::vector<Value>& params) override {
    sqlite3_stmt* stmt = run(sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    finish(stmt, rc, sql);
    return sqlite3_changes64(db_);
  }

  std::int64_t insert(std::string_view sql, const std::vector<Value>& params) override {
    execute(sql, params);
    return sqlite3_last_insert_rowid(db_);
  }

 private:
  sqlite3_stmt* run(std::string_view sql, const std::vector<Value>& params) {
    auto it = statements_.find(sql);
    sqlite3_stmt* stmt;
    if (it != statements_.end()) {
      stmt = it->second;
    } else {
      if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                             nullptr) != SQLITE_OK)
        throw StoreError("cannot prepare SQL: " + std::string(sqlite3_errmsg(db_)) + ": " + std::string(sql));
      statements_.emplace(std::string(sql), stmt);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i) + 1;
      const Value& v = params[i];
      if (auto p = std::get_if<std::int64_t>(&v)) sqlite3_bind_int64(stmt, idx, *p);
      else if (auto d = std::get_if<double>(&v)) sqlite3_bind_double(stmt, idx, *d);
      else if (auto s = std::get_if<std::string>(&v)) {
        check_text_parameter(*s);
        sqlite3_bind_text(stmt, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      }
      else sqlite3_bind_null(stmt, idx);
    }
    return stmt;
  }

  void finish(sqlite3_stmt* stmt, int rc, std::string_view sql) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc == SQLITE_DONE) return;
    std::string msg = sqlite3_errmsg(db_);
    if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE ||
        sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_PRIMARYKEY)
      throw UniqueViolation(msg);
    throw StoreError("SQL failed: " + msg + ": " + std::string(sql));
  }

  sqlite3* db_ = nullptr;
  // Looked up by the SQL's text without copying it into a key.
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> statements_;
};

namespace {
// The writer keeps a large transaction's pages in memory until its commit: with SQLite's default
// (2 MiB) a bulk request of a thousand warnings spilled pages to the log mid-transaction and read
// them back. Not more than that needs: at the end of every write transaction SQLite walks its page
// cache's whole hash table (to drop pages past the end of the file), so the cost of each commit
// grows with the cache. At 64 MiB that walk was 8 % of the writer's time under filings; at 16 MiB
// it is 3 %, and a bulk request's pages (about 7 MB at 100,000 warnings) still fit. Readers keep
// the default; the system's file cache serves them.
constexpr const char* kWriterCache = "PRAGMA cache_size=-16384";  // KiB
}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path, bool migrate) : path_(path) {
  // The writer's commits reach the log in one write each (store/buffered_log_vfs).
  writer_ = std::make_unique<SqliteConnection>(path, buffered_log_vfs());
  writer_->exec_plain(kWriterCache);
  checkpointer_ = std::make_unique<WalCheckpointer>(path);
  checkpointer_->watch(writer_->handle());
  writer_thread_ = std::thread([this] { commit_queued_writes(); });
  try {
    if (migrate) write([](Transaction& tx) { apply_migrations(tx, Dialect::sqlite); });
  } catch (...) {
    stop_writer();
    throw;
  }
}

SqliteDatabase::~SqliteDatabase() { stop_writer(); }

// Writes queued before this are committed first.
void SqliteDatabase::stop_writer() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  work_queued_.notify_one();
  if (writer_thread_.joinable()) writer_thread_.join();
}

std::unique_ptr<SqliteConnection> SqliteDatabase::take_reader() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!readers_.empty()) {
      auto conn = std::move(readers_.back());
      readers_.pop_back();
      return conn;
    }
  }
  return std::make_unique<SqliteConnection>(path_);
}

void SqliteDatabase::give_back(std::unique_ptr<SqliteConnection> conn) {
  std::lock_guard lock(pool_mutex_);
  readers_.push_back(std::move(conn));
}

void SqliteDatabase::read(const std::function<void(Transaction&)>& fn) {
  auto conn = take_reader();
  conn->control("BEGIN");
  try {
    fn(*conn);
    conn->control("COMMIT");
  } catch (...) {
    conn->control("ROLLBACK");
    give_back(std::move(conn));
    throw;
  }
  give_back(std::move(conn));
}

struct SqliteDatabase::PendingWrite {
  const std::function<void(Transaction&)>* fn;
  bool rerunnable;
  std::exception_ptr error = nullptr;
  bool done = false;
  std::condition_variable wake;  // its group is done
  // A write queued without waiting (write_rerunnable_async): its function, kept here, and what
  // to call once its group is done. Nobody waits on `wake`; the writer deletes it.
  std::function<void(Transaction&)> kept_fn;
  WriteDone on_done;
};

namespace {
// Enough to share one sync among every request thread's write, small enough that the first in a
// group does not wait long behind the others.
constexpr size_t kMostWritesInAGroup = 256;
}  // namespace

void SqliteDatabase::write(const std::function<void(Transaction&)>& fn) { write_in_group(fn, false); }

void SqliteDatabase::write_rerunnable(const std::function<void(Transaction&)>& fn) { write_in_group(fn, true); }

// The caller queues its write and waits until the writer thread has committed the group it went
// into. The writer takes everything queued when it is free, so the writes that arrive while one
// group commits make up the next, and it starts that group at once.
void SqliteDatabase::write_in_group(const std::function<void(Transaction&)>& fn, bool rerunnable) {
  PendingWrite mine{&fn, rerunnable};
  std::unique_lock lock(queue_mutex_);
  enqueue(&mine);
  mine.wake.wait(lock, [&] { return mine.done; });
  if (mine.error) std::rethrow_exception(mine.error);
}

void SqliteDatabase::write_rerunnable_async(std::function<void(Transaction&)> fn, WriteDone done) {
  auto write = std::make_unique<PendingWrite>();
  write->kept_fn = std::move(fn);
  write->fn = &write->kept_fn;
  write->rerunnable = true;
  write->on_done = std::move(done);
  std::lock_guard lock(queue_mutex_);
  ++unanswered_;
  enqueue(write.release());
}

void SqliteDatabase::finish_queued_writes() {
  std::unique_lock lock(queue_mutex_);
  all_answered_.wait(lock, [&] { return unanswered_ == 0; });
}

void SqliteDatabase::enqueue(PendingWrite* write) {
  queued_.push_back(write);
  if (queued_.size() == 1) work_queued_.notify_one();
}

void SqliteDatabase::commit_queued_writes() {
  std::unique_lock lock(queue_mutex_);
  for (;;) {
    work_queued_.wait(lock, [&] { return stopping_ || !queued_.empty(); });
    if (queued_.empty()) return;  // stopping, with nothing left to write
    std::vector<PendingWrite*> group;
    while (!queued_.empty() && group.size() < kMostWritesInAGroup) {
      group.push_back(queued_.front());
      queued_.pop_front();
    }
    lock.unlock();
    const size_t committed = commit_group(group);
    std::vector<std::unique_ptr<PendingWrite>> queued_without_waiting;
    lock.lock();
    if (committed > 0) ++counts_.commits;  // writes that failed are not counted: nothing of them stays
    counts_.writes += static_cast<std::int64_t>(committed);
    for (auto* w : group) {
      if (w->on_done) {
        queued_without_waiting.emplace_back(w);
        continue;
      }
      w->done = true;
      w->wake.notify_one();
    }
    lock.unlock();
    for (auto& w : queued_without_waiting) {
      try {
        w->on_done(w->error);
      } catch (...) {
        // It only hands the outcome on; the writer goes on for the others whatever it does.
      }
    }
    const auto answered = static_cast<int>(queued_without_waiting.size());
    queued_without_waiting.clear();  // what the writes held goes before they count as answered
    lock.lock();
    unanswered_ -= answered;
    if (answered > 0 && unanswered_ == 0) all_answered_.notify_all();
  }
}

namespace {
void roll_back_quietly(SqliteConnection& conn) {
  try {
    if (conn.in_transaction()) conn.control("ROLLBACK");
  } catch (...) {
  }
}
}  // namespace

// Writes are committed together: a write that throws gets its exception and leaves nothing. If the
// transaction itself is lost (an I/O error ends it) or the commit fails, every write of the group
// fails: none of them has been answered yet, so nothing acknowledged is lost.
size_t SqliteDatabase::commit_group(const std::vector<PendingWrite*>& group) {
  writer_->deferred().clear();
  std::vector<PendingWrite*> todo(group.begin(), group.end());
  bool ran = false;
  // A group runs first without savepoints when at most one of its writes may not run twice: SQLite
  // journals every page a statement changes inside a savepoint, and the search index writes out
  // what it holds at each one. That write goes last. If a rerunnable one throws, the group is
  // rolled back and run again with savepoints; if the last one throws, it keeps its error (it ran
  // once) and the others run again without it.
  const auto once = std::count_if(todo.begin(), todo.end(), [](auto* w) { return !w->rerunnable; });
  if (todo.size() > 1 && once <= 1) {
    std::stable_partition(todo.begin(), todo.end(), [](auto* w) { return w->rerunnable; });
    if (!begin(todo)) return 0;
    const auto* failed = run_without_savepoints(todo);
    ran = failed == nullptr;
    if (!ran) {
      std::lock_guard lock(queue_mutex_);
      ++counts_.groups_run_again;
    }
    if (failed && !failed->rerunnable) todo.pop_back();
  }
  if (!ran) {
    if (todo.empty()) return 0;
    if (!begin(todo)) return 0;
    if (!(todo.size() == 1 ? run_alone(*todo.front()) : run_in_savepoints(todo))) return 0;
  }
  try {
    // The group's sums, once for all of its writes; if they fail, the group fails as a whole.
    writer_->deferred().write_all(*writer_);
    writer_->control("COMMIT");
  } catch (...) {
    auto error = std::current_exception();
    writer_->deferred().clear();
    for (auto* w : group)
      if (!w->error) w->error = error;
    roll_back_quietly(*writer_);
    return 0;
  }
  return static_cast<size_t>(std::count_if(group.begin(), group.end(), [](auto* w) { return !w->error; }));
}

bool SqliteDatabase::begin(const std::vector<PendingWrite*>& group) {
  try {
    writer_->control("BEGIN IMMEDIATE");
    return true;
  } catch (...) {
    auto error = std::current_exception();
    for (auto* w : group) w->error = error;
    return false;
  }
}

// A write alone in its group needs no savepoint: if it fails, the whole transaction is its own.
// (Inside a savepoint every statement pays for a sub-journal: a bulk request of many rows, which
// usually commits alone, would spend most of its time there.)
bool SqliteDatabase::run_alone(PendingWrite& w) {
  try {
    (*w.fn)(*writer_);
    return true;
  } catch (...) {
    w.error = std::current_exception();
    writer_->deferred().clear();
    roll_back_quietly(*writer_);
    return false;
  }
}

// The write that threw, with the transaction rolled back, or nullptr when every write ran. Only a
// write that may not run again keeps its error: the others will.
SqliteDatabase::PendingWrite* SqliteDatabase::run_without_savepoints(const std::vector<PendingWrite*>& group) {
  PendingWrite* current = nullptr;
  try {
    for (auto* w : group) {
      current = w;
      (*w->fn)(*writer_);
      writer_->deferred().keep();
    }
    return nullptr;
  } catch (...) {
    if (!current->rerunnable) current->error = std::current_exception();
    writer_->deferred().clear();
    roll_back_quietly(*writer_);
    return current;
  }
}

// Each write in a savepoint: one that throws is rolled back alone and gets its exception.
bool SqliteDatabase::run_in_savepoints(const std::vector<PendingWrite*>& group) {
  for (auto* w : group) {
    try {
      writer_->control("SAVEPOINT one_write");
      (*w->fn)(*writer_);
      writer_->control("RELEASE one_write");
      writer_->deferred().keep();
    } catch (...) {
      w->error = std::current_exception();
      if (writer_->in_transaction()) {
        try {
          writer_->control("ROLLBACK TO one_write");
          writer_->control("RELEASE one_write");
          writer_->deferred().drop();
          continue;
        } catch (...) {
        }
      }
      // The transaction is gone or unusable: what the group did before is gone with it.
      auto lost = std::make_exception_ptr(StoreError("the write was lost with its group's transaction"));
      roll_back_quietly(*writer_);
      for (auto* other : group)
        if (other != w && !other->error) other->error = lost;
      writer_->deferred().clear();
      return false;
    }
  }
  return true;
}

std::optional<CommitCounts> SqliteDatabase::commit_counts() const {
  std::lock_guard lock(queue_mutex_);
  return counts_;
}

namespace {
class MemoryLease : public Lease {
 public:
  MemoryLease(std::mutex& mutex, std::set<std::pair<std::string, std::int64_t>>& leased,
              std::pair<std::string, std::int64_t> key)
      : mutex_(mutex), leased_(leased), key_(std::move(key)) {}
  ~MemoryLease() override {
    std::lock_guard lock(mutex_);
    leased_.erase(key_);
  }

 private:
  std::mutex& mutex_;
  std::set<std::pair<std::string, std::int64_t>>& leased_;
  std::pair<std::string, std::int64_t> key_;
};
}  // namespace

std::unique_ptr<Lease> SqliteDatabase::try_lease(std::string_view what, std::int64_t id) {
  std::lock_guard lock(lease_mutex_);
  auto key = std::make_pair(std::string(what), id);
  if (!leased_.insert(key).second) return nullptr;
  return std::make_unique<MemoryLease>(lease_mutex_, leased_, std::move(key));
}

}  // namespace tongbao::store
