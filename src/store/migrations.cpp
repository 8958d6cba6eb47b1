#include "store/migrations.h"

#include <string>

#include "store/embedded.h"

namespace tongbao::store {
namespace {

int migration_number(std::string_view name) { return std::stoi(std::string(name.substr(0, name.find('_')))); }

// Splits a migration into statements at semicolons that end a line (the files are ours; no
// semicolons inside string literals at line ends).
std::vector<std::string> statements(std::string_view sql) {
  std::vector<std::string> out;
  std::string current;
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find('\n', start);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view line = sql.substr(start, end - start);
    start = end + 1;
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line.substr(first, 2) == "--") continue;
    current += line;
    current += '\n';
    if (line[line.find_last_not_of(" \t\r")] == ';') {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
  return out;
}

}  // namespace

int schema_version(Transaction& tx) {
  auto row = tx.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return row ? static_cast<int>(row->integer(0)) : 0;
}

void apply_migrations(Transaction& tx) {
  tx.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
  const int current = schema_version(tx);
  for (const auto& m : embedded::migrations()) {
    const int number = migration_number(m.name);
    if (number <= current) continue;
    for (const auto& stmt : statements(m.sql)) tx.execute(stmt);
    tx.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
               {static_cast<std::int64_t>(number), std::string(m.name)});
  }
}

}  // namespace tongbao::store
