#pragma once
#include <string>
#include <vector>

#include "store/database.h"

namespace tongbao::store {

// The SQL the migrations are written in is SQLite's; for PostgreSQL a few types are rewritten
// (see for_postgresql in migrations.cpp), and a statement that must differ says so in its file.

// Applies, in order, every numbered migration not yet recorded in schema_migrations.
// Runs inside the caller's write transaction, so a failed migration leaves nothing half done.
// Refuses (SchemaTooNew) a database that a newer version of the server has migrated further.
void apply_migrations(Transaction& tx, Dialect dialect);
// The highest migration number applied (0 for an empty database).
int schema_version(Transaction& tx);
// The highest migration number this binary knows.
int known_schema_version();

struct PendingMigration {
  int number;
  std::string name;
};
// Needs a write transaction: on an empty database it creates the (empty) version table.
std::vector<PendingMigration> pending_migrations(Transaction& tx);

class SchemaTooNew : public StoreError {
 public:
  using StoreError::StoreError;
};

// One migration statement as PostgreSQL needs it.
std::string for_postgresql(std::string statement);

}  // namespace tongbao::store
