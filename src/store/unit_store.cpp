#include "store/unit_store.h"

#include "store/like_pattern.h"

#include <algorithm>

#include "core/error.h"
#include "store/statistics_rollup_store.h"

namespace tongbao::store::units {
namespace {

// A unit with its parent's OID and its address ranges, in one statement: the ranges come as one
// space-separated text (a CIDR holds no space) and are sorted here, the same on either database.
const std::string& select_sql(Transaction& tx) {
  static const std::string sqlite =
      "SELECT u.id, u.oid, u.code, u.name, u.kind, p.oid, u.path, u.created_at, u.updated_at, "
      "(SELECT group_concat(r.cidr, ' ') FROM unit_ip_ranges r WHERE r.unit_id = u.id), u.parent_id "
      "FROM units u LEFT JOIN units p ON p.id = u.parent_id ";
  static const std::string postgres =
      "SELECT u.id, u.oid, u.code, u.name, u.kind, p.oid, u.path, u.created_at, u.updated_at, "
      "(SELECT string_agg(r.cidr, ' ') FROM unit_ip_ranges r WHERE r.unit_id = u.id), u.parent_id "
      "FROM units u LEFT JOIN units p ON p.id = u.parent_id ";
  return tx.dialect() == Dialect::sqlite ? sqlite : postgres;
}

core::Unit from_row(const Row& r) {
  core::Unit u;
  u.id = r.integer(0);
  u.oid = r.text(1);
  u.code = r.text(2);
  u.name = r.text(3);
  u.kind = core::parse_unit_kind(r.text(4)).value_or(core::UnitKind::other);
  u.parent_oid = r.optional_text(5);
  u.parent_id = r.optional_integer(10);
  u.path = r.text(6);
  u.created_at = r.integer(7);
  u.updated_at = r.integer(8);
  std::vector<std::string> cidrs;
  const auto all = r.text(9);  // NULL (no ranges) reads as ""
  for (std::size_t from = 0; from < all.size();) {
    const auto space = std::min(all.find(' ', from), all.size());
    cidrs.push_back(all.substr(from, space - from));
    from = space + 1;
  }
  std::sort(cidrs.begin(), cidrs.end());
  for (const auto& cidr : cidrs)
    if (auto range = core::parse_ip_range(cidr)) u.ip_ranges.push_back(*range);
  return u;
}

std::string where_clause(const ListFilter& f, std::vector<Value>& params) {
  std::string where = "WHERE 1=1";
  if (f.within_path) {
    where += " AND u.path LIKE ?";
    params.emplace_back(*f.within_path + "%");
  }
  if (f.parent_id) {
    where += " AND u.parent_id = ?";
    params.emplace_back(static_cast<std::int64_t>(*f.parent_id));
  }
  if (f.kind) {
    where += " AND u.kind = ?";
    params.emplace_back(*f.kind);
  }
  if (f.text) {
    where += std::string(" AND (u.name") + kLikeEscaped + " OR u.code" + kLikeEscaped + " OR u.oid" + kLikeEscaped + ")";
    params.emplace_back(like_anywhere(*f.text));
    params.emplace_back(like_anywhere(*f.text));
    params.emplace_back(like_prefix(*f.text));
  }
  return where;
}

void write_ranges(Transaction& tx, const core::Unit& u) {
  tx.execute("DELETE FROM unit_ip_ranges WHERE unit_id = ?", {u.id});
  for (const auto& r : u.ip_ranges)
    tx.execute("INSERT INTO unit_ip_ranges (unit_id, cidr) VALUES (?, ?)", {u.id, r.to_string()});
}

// The parent's id and path, or nothing for a root.
std::pair<Value, std::string> parent_of(Transaction& tx, const core::Unit& u) {
  if (!u.parent_oid) return {nullptr, "/"};
  auto row = tx.query_one("SELECT id, path FROM units WHERE oid = ?", {*u.parent_oid});
  if (!row) throw core::invalid("parent_oid", "no unit has the OID " + *u.parent_oid);
  return {row->integer(0), row->text(1)};
}

std::optional<long long> parent_id_of(const Value& v) {
  if (const auto* id = std::get_if<std::int64_t>(&v)) return *id;
  return std::nullopt;
}

}  // namespace

core::RangeRegistry range_registry(Transaction& tx) {
  core::RangeRegistry registry;
  std::optional<core::RangeRegistry::Owner> owner;
  std::vector<core::IpRange> ranges;
  auto flush = [&] {
    if (owner) registry.set(*owner, ranges);
    ranges.clear();
  };
  for (auto& r : tx.query("SELECT u.id, u.oid, u.path, u.kind, r.cidr FROM unit_ip_ranges r "
                          "JOIN units u ON u.id = r.unit_id ORDER BY u.id")) {
    if (!owner || owner->unit_id != r.integer(0)) {
      flush();
      owner = core::RangeRegistry::Owner{r.integer(0), r.text(1), r.text(2),
                                         core::parse_unit_kind(r.text(3)).value_or(core::UnitKind::other)};
    }
    if (auto range = core::parse_ip_range(r.text(4))) ranges.push_back(*range);
  }
  flush();
  return registry;
}

std::optional<core::Unit> find_by_oid(Transaction& tx, const std::string& oid) {
  auto row = tx.query_one(select_sql(tx) + "WHERE u.oid = ?", {oid});
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::vector<long long> ids_of_kind(Transaction& tx, core::UnitKind kind) {
  std::vector<long long> out;
  for (auto& r : tx.query("SELECT id FROM units WHERE kind = ? ORDER BY id", {std::string(core::to_string(kind))}))
    out.push_back(r.integer(0));
  return out;
}

std::optional<core::Unit> find_by_id(Transaction& tx, long long id) {
  auto row = tx.query_one(select_sql(tx) + "WHERE u.id = ?", {static_cast<std::int64_t>(id)});
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::string brief_columns(const std::string& alias) {
  return alias + ".id, " + alias + ".oid, " + alias + ".code, " + alias + ".name, " + alias + ".kind, " + alias + ".path";
}

Brief brief_from(const Row& r, int first) {
  return Brief{r.integer(first), r.text(first + 1), r.text(first + 2), r.text(first + 3),
               core::parse_unit_kind(r.text(first + 4)).value_or(core::UnitKind::other), r.text(first + 5)};
}

std::optional<Brief> find_brief(Transaction& tx, long long id) {
  static const std::string sql = "SELECT " + brief_columns("u") + " FROM units u WHERE u.id = ?";  // built once
  auto r = tx.query_one(sql, {static_cast<std::int64_t>(id)});
  if (!r) return std::nullopt;
  return brief_from(*r, 0);
}

std::optional<long long> id_of(Transaction& tx, const std::string& oid) {
  auto r = tx.query_one("SELECT id FROM units WHERE oid = ?", {oid});
  if (!r) return std::nullopt;
  return r->integer(0);
}

bool any(Transaction& tx) { return tx.query_one("SELECT 1 FROM units LIMIT 1").has_value(); }

std::vector<core::Unit> list(Transaction& tx, const ListFilter& filter) {
  std::vector<Value> params;
  std::string sql = select_sql(tx) + where_clause(filter, params) + " ORDER BY u.path LIMIT ? OFFSET ?";
  params.emplace_back(static_cast<std::int64_t>(filter.limit));
  params.emplace_back(static_cast<std::int64_t>(filter.offset));
  std::vector<core::Unit> out;
  for (auto& r : tx.query(sql, params)) out.push_back(from_row(r));
  return out;
}

long long count(Transaction& tx, const ListFilter& filter) {
  std::vector<Value> params;
  auto row = tx.query_one("SELECT COUNT(*) FROM units u " + where_clause(filter, params), params);
  return row ? row->integer(0) : 0;
}

void insert(Transaction& tx, core::Unit& u, core::TimeMs now) {
  auto [parent_id, parent_path] = parent_of(tx, u);
  auto row = tx.query_one(
      "INSERT INTO units (oid, code, name, kind, parent_id, path, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, '', ?, ?) RETURNING id",
      {u.oid, u.code, u.name, std::string(core::to_string(u.kind)), parent_id, now, now});
  u.id = row->integer(0);
  u.parent_id = parent_id_of(parent_id);
  u.path = parent_path + std::to_string(u.id) + "/";
  u.created_at = u.updated_at = now;
  tx.execute("UPDATE units SET path = ? WHERE id = ?", {u.path, u.id});
  write_ranges(tx, u);
}

void update(Transaction& tx, core::Unit& u, core::TimeMs now) {
  auto [parent_id, parent_path] = parent_of(tx, u);
  auto old_path = tx.query_one("SELECT path FROM units WHERE id = ?", {u.id})->text(0);
  const std::string new_path = parent_path + std::to_string(u.id) + "/";
  if (new_path != old_path && new_path.compare(0, old_path.size(), old_path) == 0)
    throw core::invalid("parent_oid", "a unit cannot move below one of its own descendants");
  tx.execute("UPDATE units SET code = ?, name = ?, kind = ?, parent_id = ?, updated_at = ? WHERE id = ?",
             {u.code, u.name, std::string(core::to_string(u.kind)), parent_id, now, u.id});
  if (new_path != old_path) {
    // Re-root the subtree: every descendant's path starts with the unit's path.
    tx.execute("UPDATE units SET path = ? || substr(path, ?) WHERE path LIKE ?",
               {new_path, static_cast<std::int64_t>(old_path.size() + 1), old_path + "%"});
    statistics_rollup::move_subtree(tx, u.id, old_path, new_path);
  }
  u.parent_id = parent_id_of(parent_id);
  u.path = new_path;
  u.updated_at = now;
  write_ranges(tx, u);
}

core::PrefixTable address_owners(Transaction& tx) {
  core::PrefixTable table;
  for (auto& row : tx.query("SELECT unit_id, cidr FROM unit_ip_ranges"))
    if (auto range = core::parse_ip_range(row.text(1))) table.insert(*range, row.integer(0));
  return table;
}

}  // namespace tongbao::store::units
