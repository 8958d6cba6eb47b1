#pragma once
// The narrow storage interface: SQL text with '?' placeholders, values in, rows out, and
// transactions. Repositories are written against this alone, in SQL that SQLite and
// PostgreSQL both accept, so a second backend only implements these classes.
#include <cstdint>
#include <exception>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/deferred_work.h"

namespace tongbao::store {

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool is_null(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  std::int64_t integer(size_t i) const;
  std::string text(size_t i) const;  // NULL reads as ""
  std::optional<std::int64_t> optional_integer(size_t i) const;
  std::optional<std::string> optional_text(size_t i) const;
  const Value& value(size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

// The row a statement stands on, read in place by Transaction::each: nothing is copied but what
// the caller asks for.
class RowView {
 public:
  virtual ~RowView() = default;
  virtual bool is_null(size_t i) const = 0;
  virtual std::int64_t integer(size_t i) const = 0;
  // Valid until the next row; a number reads as its digits, NULL as "".
  virtual std::string_view text_view(size_t i) const = 0;
  std::string text(size_t i) const { return std::string(text_view(i)); }
  std::optional<std::int64_t> optional_integer(size_t i) const {
    return is_null(i) ? std::nullopt : std::optional(integer(i));
  }
};

// A failure of the database itself (disk full, corrupt file), as opposed to a rule broken by input.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Raised when the database cannot be reached (a server restarting, a network cut): nothing was
// written, and the same request may succeed in a moment, so callers answer 503 with Retry-After.
class StoreUnavailable : public StoreError {
 public:
  using StoreError::StoreError;
};

// Raised when a UNIQUE constraint rejects a write, so callers can answer "conflict".
class UniqueViolation : public StoreError {
 public:
  using StoreError::StoreError;
};

// Throws core::Error (400) for text holding U+0000: PostgreSQL's text cannot hold it and would keep
// only what comes before it, so both backends refuse it the same way.
void check_text_parameter(std::string_view text);

// Calls fn once for each run of at most `per_statement` of `values`, with the run and its marks
// ("?, ?, ?"): an IN list of any length in statements that stay within what one may bind.
void in_chunks(const std::vector<Value>& values, size_t per_statement,
               const std::function<void(const std::vector<Value>& chunk, const std::string& marks)>& fn);

// Which SQL a transaction speaks: the same for nearly everything, but a few statements are only
// fast (or only valid) in one form on each.
enum class Dialect { sqlite, postgresql };

class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Dialect dialect() const = 0;
  virtual std::vector<Row> query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Calls fn with each row as it is read, holding none of them: for results too large to keep.
  // The row is only valid during the call, and fn must not run the same SQL again.
  virtual void each(std::string_view sql, const std::vector<Value>& params,
                    const std::function<void(const RowView&)>& fn) = 0;
  // Returns the number of rows changed.
  virtual std::int64_t execute(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs an INSERT of one row into a table keyed by `id` and returns the row's id. (SQLite's
  // RETURNING keeps a table of results for each statement: a filing's inserts spent several times
  // as long with it.)
  virtual std::int64_t insert(std::string_view sql, const std::vector<Value>& params) = 0;

  // Runs a statement whose outcome the write does not read (a row added for the record: an event,
  // an audit entry, a job, a message). A backend across a network sends it on without waiting for
  // its answer; if it fails, the write fails, at the latest when its function returns.
  virtual void execute_without_answer(std::string_view sql, const std::vector<Value>& params) { execute(sql, params); }

  std::optional<Row> query_one(std::string_view sql, const std::vector<Value>& params = {});

  // What writes leave to the end of the transaction (see deferred_work.h); the database writes it
  // before COMMIT.
  DeferredWorks& deferred() { return deferred_; }

 private:
  DeferredWorks deferred_;
};

// Held while one server does slow outside work for a row (sending a message) that no other server
// must do at the same time; released when destroyed, or when its server dies.
class Lease {
 public:
  virtual ~Lease() = default;
};

// Write transactions committed, and the writes they held: more writes than commits means writes
// arriving together shared a commit (group commit).
struct CommitCounts {
  std::int64_t commits = 0;
  std::int64_t writes = 0;
  std::int64_t groups_run_again = 0;  // groups of rerunnable writes run again after one failed
};

class Database {
 public:
  virtual ~Database() = default;
  virtual std::string backend() const = 0;  // "sqlite" or "postgresql"
  virtual std::string location() const = 0;

  // Runs fn in a transaction that only reads (a consistent snapshot).
  virtual void read(const std::function<void(Transaction&)>& fn) = 0;
  // Runs fn in a write transaction: committed when fn returns, rolled back when it throws.
  // Writes are serialised, so what fn reads it may rely on until commit.
  virtual void write(const std::function<void(Transaction&)>& fn) = 0;
  // The same, for a write whose every effect is in its transaction: fn changes nothing outside it
  // (no file, no message, no variable but its result), so it may be run again from the start
  // after a rollback. SQLite runs a group of these without a savepoint for each.
  virtual void write_rerunnable(const std::function<void(Transaction&)>& fn) { write(fn); }
  // What a queued write comes to: no error once it is committed, or the error that stopped it.
  using WriteDone = std::function<void(std::exception_ptr error)>;
  // write_rerunnable without waiting for it: `done` is called once the write has committed or
  // failed, on a thread of the database's that commits for others too, so it must only hand the
  // outcome on. The caller's thread is free meanwhile (a request thread queues its write and
  // serves others). This runs the write at once, on the caller's thread; a backend with threads
  // of its own for writes queues it there.
  virtual void write_rerunnable_async(std::function<void(Transaction&)> fn, WriteDone done);
  // Returns once every write queued with write_rerunnable_async before it has committed or failed
  // and its `done` has returned: called before what those calls answer into goes away.
  virtual void finish_queued_writes() {}

  // The lease on (`what`, `id`), or nullptr when another holds it. It takes no transaction: read
  // again after taking it, since the holder before may have finished the work.
  virtual std::unique_ptr<Lease> try_lease(std::string_view what, std::int64_t id) = 0;

  // Commits since opening, and the writes they held, where the server counts them (both backends do).
  virtual std::optional<CommitCounts> commit_counts() const { return std::nullopt; }

  template <typename F>
  auto read_value(F&& fn) {
    std::optional<decltype(fn(std::declval<Transaction&>()))> out;
    read([&](Transaction& tx) { out.emplace(fn(tx)); });
    return std::move(*out);
  }
  template <typename F>
  auto write_value(F&& fn) {
    std::optional<decltype(fn(std::declval<Transaction&>()))> out;
    write([&](Transaction& tx) { out.emplace(fn(tx)); });
    return std::move(*out);
  }
  template <typename F>
  auto write_value_rerunnable(F&& fn) {
    std::optional<decltype(fn(std::declval<Transaction&>()))> out;
    write_rerunnable([&](Transaction& tx) { out.emplace(fn(tx)); });
    return std::move(*out);
  }
  // write_rerunnable_async for a write with a result: `done` gets the result of the run that
  // committed, or the error and nullptr. `fn` is kept (a copy of what it captures) until then.
  template <typename T, typename F>
  void write_value_rerunnable_async(F fn, std::function<void(std::exception_ptr, std::shared_ptr<T>)> done) {
    auto out = std::make_shared<std::shared_ptr<T>>();
    write_rerunnable_async([fn = std::move(fn), out](Transaction& tx) mutable { *out = std::make_shared<T>(fn(tx)); },
                           [out, done = std::move(done)](std::exception_ptr error) {
                             done(error, error ? nullptr : std::move(*out));
                           });
  }
};

}  // namespace tongbao::store
