#include "store/open_database.h"

#include "store/postgres_database.h"
#include "store/sqlite_database.h"

namespace tongbao::store {

std::unique_ptr<Database> open_database(const std::string& location, bool migrate) {
  if (PostgresDatabase::is_url(location)) return std::make_unique<PostgresDatabase>(location, migrate);
  return std::make_unique<SqliteDatabase>(location, migrate);
}

Dialect dialect_of(const Database& db) { return db.backend() == "postgresql" ? Dialect::postgresql : Dialect::sqlite; }

}  // namespace tongbao::store
