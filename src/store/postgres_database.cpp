#include "store/postgres_database.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <thread>
#include <unordered_map>

#include "store/migrations.h"

namespace tongbao::store {
namespace {

// One number every server agrees on: the advisory lock that serialises write transactions.
constexpr const char* kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(7001001)";
constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

// PostgreSQL's type numbers (pg_type.oid) of the results we read as numbers.
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

bool is_integer_type(Oid t) { return t == kInt8 || t == kInt2 || t == kInt4 || t == kOid; }

// Our SQL uses SQLite's '?' placeholders; PostgreSQL numbers them. Quoted text and comments are
// left alone.
std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      const size_t end = sql.find(c, i + 1);
      const size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

std::int64_t parse_integer(std::string_view text, Oid type) {
  if (type == kBool) return text == "t" ? 1 : 0;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && end == text.data() + text.size()) return v;
  // A fraction (AVG, a numeric sum) reads as SQLite reads a real as an integer: truncated.
  return static_cast<std::int64_t>(std::strtod(std::string(text).c_str(), nullptr));
}

// The row of a result in single-row mode, or of a whole result.
class ResultRow : public RowView {
 public:
  ResultRow(const PGresult* result, int row) : result_(result), row_(row) {}
  bool is_null(size_t i) const override { return PQgetisnull(result_, row_, column(i)); }
  std::int64_t integer(size_t i) const override {
    if (is_null(i)) return 0;
    return parse_integer(text_view(i), PQftype(result_, column(i)));
  }
  std::string_view text_view(size_t i) const override {
    const int c = column(i);
    return std::string_view(PQgetvalue(result_, row_, c), static_cast<size_t>(PQgetlength(result_, row_, c)));
  }

 private:
  int column(size_t i) const {
    if (i >= static_cast<size_t>(PQnfields(result_))) throw StoreError("no column " + std::to_string(i));
    return static_cast<int>(i);
  }
  const PGresult* result_;
  int row_;
};

Value value_of(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col)) return nullptr;
  const std::string_view text(PQgetvalue(r, row, col), static_cast<size_t>(PQgetlength(r, row, col)));
  const Oid type = PQftype(r, col);
  if (is_integer_type(type) || type == kBool) return parse_integer(text, type);
  if (type == kFloat4 || type == kFloat8) return std::strtod(std::string(text).c_str(), nullptr);
  if (type == kNumeric) {  // SUM of integers is numeric: whole numbers stay integers
    if (text.find_first_of(".eE") == std::string_view::npos) return parse_integer(text, kInt8);
    return std::strtod(std::string(text).c_str(), nullptr);
  }
  return std::string(text);
}

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

}  // namespace

// One connection with its prepared statements. Parameters go as text of unknown type, so
// PostgreSQL infers each from where it stands, as SQLite's loose typing lets the SQL assume.
class PostgresConnection : public Transaction {
 public:
  Dialect dialect() const override { return Dialect::postgresql; }
  explicit PostgresConnection(const std::string& url) {
    // synchronous_commit=on after the address, so that neither it nor the cluster's default can turn
    // it off: a commit returns only once its WAL is flushed (an acknowledged report is evidence).
    const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", "options", nullptr};
    const char* values[] = {"5", "tongbao", "UTF8", url.c_str(), "-c synchronous_commit=on", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      conn_ = nullptr;
      throw StoreUnavailable("cannot connect to PostgreSQL: " + trimmed(msg));
    }
    // Notices ("relation already exists, skipping") are for people at a prompt, not the server's log.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  }
  ~PostgresConnection() override { PQfinish(conn_); }

  bool broken() const { return lost_ || PQstatus(conn_) != CONNECTION_OK; }

  void exec_plain(const char* sql) {
    settle_unanswered();
    Result r(PQexec(conn_, sql));
    check(r.get(), sql);
  }

  // ROLLBACK or ROLLBACK TO: what was sent without waiting is dropped with the rest, failed or not.
  void roll_back(const char* sql) {
    try {
      settle_unanswered();
    } catch (...) {
    }
    if (broken()) throw StoreUnavailable("PostgreSQL unavailable: the connection was lost");
    exec_plain(sql);
  }

  // After a write's function: a statement of it failed, and the function passed over the error,
  // but PostgreSQL has ended the transaction. The write has failed; it must not pass for done.
  void check_not_failed() {
    settle_unanswered();  // a statement sent without waiting fails the write it belongs to
    if (PQtransactionStatus(conn_) == PQTRANS_INERROR)
      throw StoreError("a statement of the write failed and the write went on: its transaction is lost");
  }

  // PostgreSQL answers COMMIT in a transaction that an error has ended with ROLLBACK, not an
  // error: a commit that did not happen must not pass for one.
  void commit() {
    Result r = unanswered_.empty() ? Result(PQexec(conn_, "COMMIT")) : settle_unanswered("COMMIT", [&] {
      return PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0);
    });
    check(r.get(), "COMMIT");
    if (std::string_view(PQcmdStatus(r.get())) != "COMMIT")
      throw StoreError("the transaction was rolled back at its commit: a statement in it had failed");
  }

  std::vector<Row> query(std::string_view sql, const std::vector<Value>& params) override {
    Result r = run(sql, params);
    std::vector<Row> rows;
    const int n = PQntuples(r.get()), cols = PQnfields(r.get());
    rows.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      std::vector<Value> values;
      values.reserve(static_cast<size_t>(cols));
      for (int c = 0; c < cols; ++c) values.push_back(value_of(r.get(), i, c));
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  void each(std::string_view sql, const std::vector<Value>& params,
            const std::function<void(const RowView&)>& fn) override {
    settle_unanswered();
    const std::string& name = prepared(sql);
    Texts texts(params);
    if (!PQsendQueryPrepared(conn_, name.c_str(), texts.count(), texts.pointers(), nullptr, nullptr, 0))
      fail(nullptr, sql);
    PQsetSingleRowMode(conn_);
    std::exception_ptr error;
    Result failed;
    // Every result must be read before the connection takes another command, even after fn throws.
    while (PGresult* raw = PQgetResult(conn_)) {
      Result r(raw);
      const auto status = PQresultStatus(r.get());
      if (status == PGRES_SINGLE_TUPLE) {
        if (error) continue;
        try {
          fn(ResultRow(r.get(), 0));
        } catch (...) {
          error = std::current_exception();
        }
      } else if (status != PGRES_TUPLES_OK && !failed) {
        failed = std::move(r);
      }
    }
    if (error) std::rethrow_exception(error);
    if (failed) fail(failed.get(), sql);
    if (broken()) fail(nullptr, sql);
  }

  std::int64_t execute(std::string_view sql, const std::vector<Value>& params) override {
    Result r = run(sql, params);
    const char* changed = PQcmdTuples(r.get());
    return changed && *changed ? std::stoll(changed) : 0;
  }

  std::int64_t insert(std::string_view sql, const std::vector<Value>& params) override {
    auto row = query_one(std::string(sql) + " RETURNING id", params);
    if (!row) throw StoreError("an INSERT gave no id");
    return row->integer(0);
  }

  // Sent in the connection's pipeline: its answer is read with the next statement that waits for
  // one (a query, the write's end, COMMIT), so a run of such statements costs one round trip.
  // The connection blocks while sending, which a pipeline may only do while the server can still
  // answer: these answers are a few bytes each and a write sends at most a few hundred, far from
  // filling the socket's buffer.
  void execute_without_answer(std::string_view sql, const std::vector<Value>& params) override {
    const std::string& name = prepared(sql);
    Texts texts(params);
    if (unanswered_.empty() && PQenterPipelineMode(conn_) != 1) fail(nullptr, sql);
    if (!PQsendQueryPrepared(conn_, name.c_str(), texts.count(), texts.pointers(), nullptr, nullptr, 0)) {
      unanswered_.emplace_back(sql);
      settle_unanswered();  // the connection's error, with what went before
      fail(nullptr, sql);
    }
    unanswered_.emplace_back(sql);
  }

 private:
  // Parameter values as the text PostgreSQL reads them.
  class Texts {
   public:
    explicit Texts(const std::vector<Value>& params) {
      texts_.reserve(params.size());
      for (const auto& v : params) {
        if (auto i = std::get_if<std::int64_t>(&v)) texts_.push_back(std::to_string(*i));
        else if (auto d = std::get_if<double>(&v)) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.17g", *d);  // every digit: the same double comes back
          texts_.emplace_back(buf);
        }
        else if (auto s = std::get_if<std::string>(&v)) {
          check_text_parameter(*s);  // a C string would end at it
          texts_.push_back(*s);
        }
        else texts_.emplace_back();
      }
      for (size_t i = 0; i < params.size(); ++i)
        pointers_.push_back(std::holds_alternative<std::nullptr_t>(params[i]) ? nullptr : texts_[i].c_str());
    }
    int count() const { return static_cast<int>(pointers_.size()); }
    const char* const* pointers() const { return pointers_.data(); }

   private:
    std::vector<std::string> texts_;
    std::vector<const char*> pointers_;
  };

  static std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }

  const std::string& prepared(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) return it->second;
    settle_unanswered();  // preparing waits for its answer
    std::string name = "s" + std::to_string(statements_.size());
    Result r(PQprepare(conn_, name.c_str(), numbered_placeholders(sql).c_str(), 0, nullptr));
    check(r.get(), sql);
    return statements_.emplace(std::string(sql), std::move(name)).first->second;
  }

  // Reads the answers of the statements sent without waiting and leaves the pipeline; throws the
  // first one's error. After an error PostgreSQL skips the rest, and the transaction has failed.
  // With `send_last`, one more statement goes in the pipeline first, so that it and those before
  // it cost one round trip together; its result is returned.
  Result settle_unanswered(std::string_view last_sql = {}, const std::function<int()>& send_last = {}) {
    if (unanswered_.empty()) return nullptr;
    bool lost = false;
    if (send_last) {
      lost = send_last() != 1;
      if (!lost) unanswered_.emplace_back(last_sql);
    }
    const auto sent = std::move(unanswered_);
    unanswered_.clear();
    const size_t last = send_last && !lost ? sent.size() - 1 : sent.size();
    Result failed, kept;
    std::string failed_sql;
    lost = lost || PQpipelineSync(conn_) != 1;
    for (size_t i = 0; i < sent.size() && !lost; ++i) {
      // Each statement's results, then a null.
      while (PGresult* raw = PQgetResult(conn_)) {
        Result r(raw);
        const auto status = PQresultStatus(r.get());
        const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
        if (ok && i == last && !kept) {
          kept = std::move(r);
        } else if (!ok && status != PGRES_PIPELINE_ABORTED && !failed) {
          failed = std::move(r);
          failed_sql = sent[i];
        }
      }
      lost = broken();
    }
    if (!lost) {
      Result sync(PQgetResult(conn_));
      lost = !sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC;
    }
    if (!lost) lost = PQexitPipelineMode(conn_) != 1;
    if (lost) lost_ = true;  // out of step with the server: the pool drops it
    if (failed) fail(failed.get(), failed_sql);
    if (lost) {
      throw StoreUnavailable("PostgreSQL unavailable: the connection was lost while statements were under way: " +
                             trimmed(PQerrorMessage(conn_)));
    }
    return kept;
  }

  Result run(std::string_view sql, const std::vector<Value>& params) {
    const std::string& name = prepared(sql);
    Texts texts(params);
    if (!unanswered_.empty()) {  // sent after them, in the same round trip
      Result r = settle_unanswered(sql, [&] {
        return PQsendQueryPrepared(conn_, name.c_str(), texts.count(), texts.pointers(), nullptr, nullptr, 0);
      });
      check(r.get(), sql);
      return r;
    }
    Result r(PQexecPrepared(conn_, name.c_str(), texts.count(), texts.pointers(), nullptr, nullptr, 0));
    check(r.get(), sql);
    return r;
  }

  void check(const PGresult* r, std::string_view sql) {
    const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    fail(r, sql);
  }

  [[noreturn]] void fail(const PGresult* r, std::string_view sql) {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state ? state : "";
    const std::string msg = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
    if (code == "23505") throw UniqueViolation(msg);
    // Class 08 is a lost connection; 57P01-57P03 a server shutting down or starting.
    if (broken() || code.rfind("08", 0) == 0 || code.rfind("57P0", 0) == 0)
      throw StoreUnavailable("PostgreSQL unavailable: " + msg);
    throw StoreError("SQL failed: " + msg + ": " + std::string(sql));
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> statements_;
  std::vector<std::string> unanswered_;  // statements sent without waiting, in order
  bool lost_ = false;                     // out of step with the server after a failure mid-pipeline
};

PostgresDatabase::PostgresDatabase(std::string url, bool migrate, size_t pool_size)
    : url_(std::move(url)), pool_size_(pool_size) {
  if (migrate) write([](Transaction& tx) { apply_migrations(tx, Dialect::postgresql); });
}

// A write queued without waiting, with what became of it.
struct QueuedWrite {
  std::function<void(Transaction&)> fn;
  Database::WriteDone done;
  std::exception_ptr error = nullptr;
};

// The thread that commits queued writes, group after group: it takes everything queued when it is
// free, so the writes that arrive while one group commits make up the next. Destroyed, it first
// commits and answers everything queued.
class QueuedWriter {
 public:
  explicit QueuedWriter(std::function<void(std::vector<QueuedWrite>&)> commit_group)
      : commit_group_(std::move(commit_group)), thread_([this] { commit_queued_writes(); }) {}
  ~QueuedWriter() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_queued_.notify_one();
    thread_.join();
  }

  void post(QueuedWrite write) {
    std::lock_guard lock(mutex_);
    queued_.push_back(std::move(write));
    if (queued_.size() == 1) work_queued_.notify_one();
  }

 private:
  // Enough to share a commit among every request thread's write, small enough that the lock is
  // not held long for one group while other servers wait for it.
  static constexpr size_t kMostWritesInAGroup = 256;

  void commit_queued_writes() {
    std::unique_lock lock(mutex_);
    for (;;) {
      work_queued_.wait(lock, [&] { return stopping_ || !queued_.empty(); });
      if (queued_.empty()) return;  // stopping, with nothing left to write
      std::vector<QueuedWrite> group;
      while (!queued_.empty() && group.size() < kMostWritesInAGroup) {
        group.push_back(std::move(queued_.front()));
        queued_.pop_front();
      }
      lock.unlock();
      commit_group_(group);
      for (auto& w : group) {
        try {
          w.done(w.error);
        } catch (...) {
          // It only hands the outcome on; the writer goes on for the others whatever it does.
        }
      }
      group.clear();  // what the writes held goes before the next group
      lock.lock();
    }
  }

  std::function<void(std::vector<QueuedWrite>&)> commit_group_;
  std::mutex mutex_;
  std::condition_variable work_queued_;
  std::deque<QueuedWrite> queued_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything it uses exists
};

PostgresDatabase::~PostgresDatabase() { finish_queued_writes(); }

void PostgresDatabase::write_rerunnable_async(std::function<void(Transaction&)> fn, WriteDone done) {
  std::lock_guard lock(writer_mutex_);
  if (!writer_) writer_ = std::make_unique<QueuedWriter>([this](std::vector<QueuedWrite>& group) { commit_group(group); });
  writer_->post({std::move(fn), std::move(done)});
}

// The writer is joined once its queue is empty; the next queued write starts another.
void PostgresDatabase::finish_queued_writes() {
  std::unique_ptr<QueuedWriter> finishing;
  {
    std::lock_guard lock(writer_mutex_);
    finishing = std::move(writer_);
  }
  finishing.reset();
}

namespace {
void roll_back_quietly(PostgresConnection& conn) {
  if (conn.broken()) return;
  try {
    conn.roll_back("ROLLBACK");
  } catch (...) {
  }
}
}  // namespace

// The group runs first as one transaction. If a write throws, the transaction is rolled back and
// the group runs again with a savepoint around each write (every queued write may run again), so
// that the one that throws keeps its error and leaves nothing, and the others are committed. If the
// transaction itself is lost (the connection, the commit), every write of the group fails: none of
// them has been answered, so nothing acknowledged is lost.
void PostgresDatabase::commit_group(std::vector<QueuedWrite>& group) {
  auto fail_all = [&](std::exception_ptr error) {
    for (auto& w : group)
      if (!w.error) w.error = error;
  };
  std::unique_ptr<PostgresConnection> conn;
  try {
    conn = take();
  } catch (...) {
    return fail_all(std::current_exception());
  }
  auto& tx = *conn;
  tx.deferred().clear();
  bool ran_again = false;
  try {
    tx.exec_plain(kBeginWrite);
    try {
      for (auto& w : group) {
        w.fn(tx);
        tx.deferred().keep();
      }
      // Once for the group: a failure of any write (a statement sent without waiting, or one
      // passed over) has it run again with savepoints, where each write's is its own.
      tx.check_not_failed();
    } catch (...) {
      tx.deferred().clear();
      if (group.size() == 1 || tx.broken()) throw;
      tx.roll_back("ROLLBACK");
      ran_again = true;
      tx.exec_plain(kBeginWrite);
      for (auto& w : group) {
        tx.exec_plain("SAVEPOINT one_write");
        try {
          w.fn(tx);
          tx.check_not_failed();
          tx.exec_plain("RELEASE one_write");
          tx.deferred().keep();
        } catch (...) {
          w.error = std::current_exception();
          if (tx.broken()) throw;
          tx.roll_back("ROLLBACK TO one_write");
          tx.exec_plain("RELEASE one_write");
          tx.deferred().drop();
        }
      }
    }
    // The group's sums, once for all of its writes; if they fail, the group fails as a whole.
    tx.deferred().write_all(tx);
    tx.commit();
  } catch (...) {
    tx.deferred().clear();
    roll_back_quietly(tx);
    give_back(std::move(conn));
    return fail_all(std::current_exception());
  }
  give_back(std::move(conn));
  count_commit(std::count_if(group.begin(), group.end(), [](const QueuedWrite& w) { return !w.error; }), ran_again);
}

void PostgresDatabase::count_commit(std::int64_t writes, bool ran_again) {
  std::lock_guard lock(counts_mutex_);
  if (writes > 0) ++counts_.commits;
  counts_.writes += writes;
  if (ran_again) ++counts_.groups_run_again;
}

std::optional<CommitCounts> PostgresDatabase::commit_counts() const {
  std::lock_guard lock(counts_mutex_);
  return counts_;
}

bool PostgresDatabase::is_url(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string PostgresDatabase::location() const {
  const size_t scheme = url_.find("://");
  const size_t at = url_.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url_;
  const size_t colon = url_.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url_;
  return url_.substr(0, colon) + url_.substr(at);
}

std::unique_ptr<PostgresConnection> PostgresDatabase::take() {
  {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty() || open_ < pool_size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;
  }
  try {
    return std::make_unique<PostgresConnection>(url_);
  } catch (...) {
    std::lock_guard lock(mutex_);
    --open_;
    available_.notify_one();
    throw;
  }
}

void PostgresDatabase::give_back(std::unique_ptr<PostgresConnection> conn) {
  std::lock_guard lock(mutex_);
  if (conn->broken()) --open_;  // dropped: the next take() connects afresh
  else idle_.push_back(std::move(conn));
  available_.notify_one();
}

void PostgresDatabase::run(const char* begin, const std::function<void(Transaction&)>& fn) {
  auto conn = take();
  conn->deferred().clear();
  try {
    conn->exec_plain(begin);
    fn(*conn);
    // A write run here commits alone: its deferred sums are written in its own transaction.
    conn->deferred().write_all(*conn);
    if (begin == kBeginWrite) {
      conn->commit();
      count_commit(1, false);
    } else {
      conn->exec_plain("COMMIT");
    }
  } catch (...) {
    conn->deferred().clear();
    roll_back_quietly(*conn);
    give_back(std::move(conn));
    throw;
  }
  give_back(std::move(conn));
}

// The lock's two keys: a number for `what` (its first letters), and the row's id. Every lease of a
// server is a lock of one session kept for them, so that a lease held across slow outside work (a
// mail being sent) does not hold one of the pool's connections; within the server, the set of keys
// held keeps two threads apart, as the session's locks would not (a session may take its own lock
// again).
class AdvisoryLease : public Lease {
 public:
  AdvisoryLease(PostgresDatabase& db, std::pair<std::int64_t, std::int64_t> key) : db_(db), key_(key) {}
  ~AdvisoryLease() override { db_.release_lease(key_); }

 private:
  PostgresDatabase& db_;
  std::pair<std::int64_t, std::int64_t> key_;
};

std::unique_ptr<Lease> PostgresDatabase::try_lease(std::string_view what, std::int64_t id) {
  std::int64_t space = 0;
  for (size_t i = 0; i < what.size() && i < 3; ++i) space = space * 256 + static_cast<unsigned char>(what[i]);
  // The id's low 31 bits: two rows 2^31 apart share a lock, which only makes one of them wait.
  const std::pair<std::int64_t, std::int64_t> key{space, id & 0x7fffffff};
  std::lock_guard lock(lease_mutex_);
  if (leased_.count(key)) return nullptr;
  // A lost session has released its locks: the leases held on it are now only this server's.
  if (!lease_session_ || lease_session_->broken()) lease_session_ = std::make_unique<PostgresConnection>(url_);
  auto row = lease_session_->query("SELECT pg_try_advisory_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))",
                                   {key.first, key.second});
  if (row.empty() || row.front().integer(0) != 1) return nullptr;
  leased_.insert(key);
  return std::make_unique<AdvisoryLease>(*this, key);
}

void PostgresDatabase::release_lease(std::pair<std::int64_t, std::int64_t> key) {
  std::lock_guard lock(lease_mutex_);
  leased_.erase(key);
  if (!lease_session_ || lease_session_->broken()) return;
  try {
    lease_session_->query("SELECT pg_advisory_unlock(CAST(? AS INTEGER), CAST(? AS INTEGER))", {key.first, key.second});
  } catch (...) {  // a lost connection has released it already
  }
}

void PostgresDatabase::read(const std::function<void(Transaction&)>& fn) { run(kBeginRead, fn); }

void PostgresDatabase::write(const std::function<void(Transaction&)>& fn) { run(kBeginWrite, fn); }

}  // namespace tongbao::store
