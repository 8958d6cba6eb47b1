#include "store/sqlite_backup.h"

#include <sqlite3.h>

#include <memory>

#include "store/database.h"

namespace tongbao::store {
namespace {

using Handle = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

Handle open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  Handle handle(db, &sqlite3_close);
  if (rc != SQLITE_OK) throw StoreError("cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
  sqlite3_busy_timeout(db, 10'000);
  return handle;
}

// Calls fn with each row's first column as text.
void each_text(sqlite3* db, const std::string& sql, const std::function<void(const std::string&)>& fn) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
    throw StoreError(std::string("cannot read: ") + sqlite3_errmsg(db));
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw, &sqlite3_finalize);
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    fn(text ? text : "");
  }
  if (rc != SQLITE_DONE) throw StoreError(std::string("cannot read: ") + sqlite3_errmsg(db));
}

}  // namespace

void backup_sqlite(const std::string& source, const std::string& destination) {
  auto from = open(source, SQLITE_OPEN_READONLY);
  auto to = open(destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
  if (!backup) throw StoreError(std::string("cannot back up ") + source + ": " + sqlite3_errmsg(to.get()));
  // All pages in one step: one read transaction, one consistent moment.
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw StoreError("backup of " + source + " failed: " + sqlite3_errstr(rc));
  // The copy stands alone: one file, no write-ahead log beside it.
  char* error = nullptr;
  if (sqlite3_exec(to.get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown";
    sqlite3_free(error);
    throw StoreError("backup of " + source + ": " + message);
  }
}

std::string sqlite_integrity(const std::string& path) {
  auto db = open(path, SQLITE_OPEN_READONLY);
  std::string first;
  each_text(db.get(), "PRAGMA integrity_check", [&](const std::string& line) {
    if (first.empty()) first = line;
  });
  return first;
}

std::map<std::string, long long> sqlite_row_counts(const std::string& path, const std::vector<std::string>& tables) {
  auto db = open(path, SQLITE_OPEN_READONLY);
  std::map<std::string, long long> counts;
  for (const auto& table : tables) {
    bool exists = false;
    each_text(db.get(), "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'",
              [&](const std::string&) { exists = true; });
    long long n = -1;
    if (exists) each_text(db.get(), "SELECT COUNT(*) FROM " + table, [&](const std::string& v) { n = std::stoll(v); });
    counts[table] = n;
  }
  return counts;
}

std::vector<std::string> sqlite_column(const std::string& path, const std::string& sql) {
  auto db = open(path, SQLITE_OPEN_READONLY);
  std::vector<std::string> out;
  each_text(db.get(), sql, [&](const std::string& v) { out.push_back(v); });
  return out;
}

}  // namespace tongbao::store
