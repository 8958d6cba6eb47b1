#pragma once
#include "store/database.h"

namespace tongbao::store {

// Applies, in order, every numbered migration not yet recorded in schema_migrations.
// Runs inside the caller's write transaction, so a failed migration leaves nothing half done.
void apply_migrations(Transaction& tx);
// The highest migration number applied.
int schema_version(Transaction& tx);

}  // namespace tongbao::store
