#pragma once
// Moves an installation's database from a SQLite file to another backend (PostgreSQL): every table
// of the schema, rows as they are, in one transaction on the target, then each count compared.
#include <functional>
#include <string>
#include <vector>

#include "store/database.h"

namespace tongbao::store {

struct TableCount {
  std::string table;
  long long source = 0;
  long long target = 0;
};

// `from` must be a SQLite database and `to` an empty database of the same schema version.
// Throws StoreError (nothing written) when they differ, or when `to` holds data already.
std::vector<TableCount> copy_database(Database& from, Database& to,
                                      const std::function<void(const std::string& table, long long rows)>& progress);

}  // namespace tongbao::store
