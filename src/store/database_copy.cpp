#include "store/database_copy.h"

#include <algorithm>
#include <map>
#include <set>

#include "store/migrations.h"

namespace tongbao::store {
namespace {

struct Table {
  std::string name;
  std::vector<std::string> columns;
  std::set<std::string> references;  // the tables its foreign keys name
};

std::vector<Table> tables_of(Transaction& sqlite) {
  std::vector<Table> out;
  // Virtual tables (the search index) and their shadow tables are derived: each server builds its
  // own backend's at the first start (see settings below).
  std::vector<std::string> virtual_tables;
  for (const auto& row : sqlite.query("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"))
    virtual_tables.push_back(row.text(0));
  for (const auto& row : sqlite.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                      "AND name <> 'schema_migrations' ORDER BY name")) {
    const std::string name = row.text(0);
    if (std::any_of(virtual_tables.begin(), virtual_tables.end(),
                    [&](const std::string& v) { return name == v || name.rfind(v + "_", 0) == 0; }))
      continue;
    Table t{name, {}, {}};
    for (const auto& c : sqlite.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {t.name}))
      t.columns.push_back(c.text(0));
    for (const auto& f : sqlite.query("SELECT \"table\" FROM pragma_foreign_key_list(?)", {t.name}))
      if (f.text(0) != t.name) t.references.insert(f.text(0));
    out.push_back(std::move(t));
  }
  return out;
}

// Tables after those they refer to, so every foreign key finds its row.
std::vector<Table> in_reference_order(std::vector<Table> tables) {
  std::vector<Table> ordered;
  std::set<std::string> placed;
  while (!tables.empty()) {
    auto ready = std::find_if(tables.begin(), tables.end(), [&](const Table& t) {
      return std::all_of(t.references.begin(), t.references.end(), [&](const auto& r) { return placed.count(r) > 0; });
    });
    if (ready == tables.end()) throw StoreError("the tables' foreign keys form a cycle: " + tables.front().name);
    placed.insert(ready->name);
    ordered.push_back(std::move(*ready));
    tables.erase(ready);
  }
  return ordered;
}

long long count(Transaction& tx, const std::string& table) {
  return tx.query_one("SELECT COUNT(*) FROM " + table)->integer(0);
}

}  // namespace

std::vector<TableCount> copy_database(Database& from, Database& to,
                                      const std::function<void(const std::string&, long long)>& progress) {
  if (from.backend() != "sqlite") throw StoreError("copies are made from a SQLite database");
  std::vector<TableCount> counts;
  from.read([&](Transaction& source) {
    const int version = schema_version(source);
    const auto tables = in_reference_order(tables_of(source));
    to.write([&](Transaction& target) {
      if (schema_version(target) != version)
        throw StoreError("the source is at schema version " + std::to_string(version) + " and the target at " +
                         std::to_string(schema_version(target)) + ": run tongbao migrate on the source first");
      for (const char* kept : {"units", "incidents", "warnings", "audit_log"})
        if (count(target, kept) > 0)
          throw StoreError(std::string("the target already holds data (table ") + kept +
                           "): copies go into an empty database");
      // What the migrations themselves put in (the start of audit keying, statistics' state) is
      // replaced by the source's own; children before parents.
      for (auto t = tables.rbegin(); t != tables.rend(); ++t) target.execute("DELETE FROM " + t->name);
      for (const auto& t : tables) {
        std::string columns, marks;
        for (const auto& c : t.columns) {
          columns += (columns.empty() ? "" : ", ") + c;
          marks += marks.empty() ? "?" : ", ?";
        }
        const std::string insert = "INSERT INTO " + t.name + " (" + columns + ") VALUES (" + marks + ")";
        // A unit's parent comes before it: parents have shorter paths.
        const std::string order = t.name == "units" ? " ORDER BY LENGTH(path), id" : "";
        long long rows = 0;
        std::vector<Value> values(t.columns.size());
        source.each("SELECT " + columns + " FROM " + t.name + order, {}, [&](const RowView& row) {
          for (size_t i = 0; i < values.size(); ++i)
            values[i] = row.is_null(i) ? Value(nullptr) : Value(row.text(i));
          target.execute(insert, values);
          if (++rows % 10000 == 0) progress(t.name, rows);
        });
        progress(t.name, rows);
        // Identity columns continue after the copied ids.
        if (to.backend() == "postgresql" && std::find(t.columns.begin(), t.columns.end(), "id") != t.columns.end()) {
          auto sequence = target.query_one("SELECT pg_get_serial_sequence(?, 'id')", {t.name});
          if (sequence && !sequence->is_null(0))
            target.query("SELECT setval(?, (SELECT COALESCE(MAX(id), 0) + 1 FROM " + t.name + "), false)",
                         {sequence->text(0)});
        }
        counts.push_back({t.name, count(source, t.name), count(target, t.name)});
      }
      // The search index was not copied: the first server to start builds it.
      target.execute("DELETE FROM settings WHERE name = 'ticket_search'");
    });
  });
  return counts;
}

}  // namespace tongbao::store
