#pragma once
// The backend a location names: a postgresql:// address, or else the path of a SQLite file.
#include <memory>
#include <string>

#include "store/database.h"
#include "store/migrations.h"

namespace tongbao::store {

std::unique_ptr<Database> open_database(const std::string& location, bool migrate = true);
Dialect dialect_of(const Database& db);

}  // namespace tongbao::store
