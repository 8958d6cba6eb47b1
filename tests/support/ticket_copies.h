#pragma once
// Many tickets at once for tests of how lists scale: copies of one ticket's row, written straight
// to the database (filing each through the service would take seconds), with its search text.
#include <string>

#include "store/database.h"

namespace tongbao::test_support {

// `copies` more tickets like `ticket` (same unit, state and report; their numbers left empty),
// with the same search text. Their ids follow every ticket's before them.
inline void copy_ticket(store::Database& db, long long ticket, int copies) {
  db.write([&](store::Transaction& tx) {
    const bool postgres = tx.dialect() == store::Dialect::postgresql;
    const char* sql = postgres ? "SELECT column_name FROM information_schema.columns "
                                 "WHERE table_name = 'incidents' ORDER BY ordinal_position"
                               : "SELECT name FROM pragma_table_info('incidents')";
    std::string columns;
    for (const auto& row : tx.query(sql)) {
      const std::string name = row.text(0);
      if (name == "id" || name == "number") continue;
      columns += (columns.empty() ? "" : ", ") + name;
    }
    const auto first = tx.query_one("SELECT MAX(id) FROM incidents")->integer(0) + 1;
    tx.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " + std::to_string(copies) +
                   ") INSERT INTO incidents (" + columns + ") SELECT " + columns + " FROM incidents, n WHERE id = ?",
               {static_cast<std::int64_t>(ticket)});
    const auto text = tx.query_one("SELECT body FROM ticket_search WHERE rowid = ?", {static_cast<std::int64_t>(ticket)});
    if (text)
      tx.execute("INSERT INTO ticket_search (rowid, body) SELECT id, ? FROM incidents WHERE id >= ?",
                 {text->text(0), static_cast<std::int64_t>(first)});
    if (postgres) tx.execute("ANALYZE incidents", {});
  });
}

}  // namespace tongbao::test_support
