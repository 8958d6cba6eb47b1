#pragma once
// Copies of a live SQLite database for backups: SQLite's online backup copies every page inside one
// read transaction, so the copy is one consistent moment while writers go on (WAL mode).
#include <map>
#include <string>
#include <vector>

namespace tongbao::store {

// Throws StoreError naming the file when either side cannot be opened or the copy fails.
void backup_sqlite(const std::string& source, const std::string& destination);
// "ok", or the first problem PRAGMA integrity_check finds. Opens the file read-only.
std::string sqlite_integrity(const std::string& path);
// Rows of each table, read-only; a table that does not exist counts -1.
std::map<std::string, long long> sqlite_row_counts(const std::string& path, const std::vector<std::string>& tables);
// One column of a query's rows as text, read-only (e.g. the attachments' digests).
std::vector<std::string> sqlite_column(const std::string& path, const std::string& sql);

}  // namespace tongbao::store
