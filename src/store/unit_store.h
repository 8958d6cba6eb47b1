#pragma once
// Units and their IP ranges in the database.
#include <optional>
#include <string>
#include <vector>

#include "core/tree_rules.h"
#include "core/unit.h"
#include "core/prefix_table.h"
#include "store/database.h"

namespace tongbao::store::units {

std::optional<core::Unit> find_by_oid(Transaction& tx, const std::string& oid);
std::optional<core::Unit> find_by_id(Transaction& tx, long long id);
// A unit as a ticket names it and its reader's place is checked against it: one statement, without
// its parent and address ranges (which a ticket's read never needs).
struct Brief {
  long long id = 0;
  std::string oid, code, name;
  core::UnitKind kind = core::UnitKind::other;
  std::string path;
};
std::optional<Brief> find_brief(Transaction& tx, long long id);
// The columns a brief is read from, in order, for a query that joins units under `alias`; and the
// brief from a row of such a query, its columns from `first` on.
std::string brief_columns(const std::string& alias);
constexpr int kBriefColumnCount = 6;
Brief brief_from(const Row& r, int first);
std::optional<long long> id_of(Transaction& tx, const std::string& oid);
// The ids of every unit of this kind (the CERT's units, to tell them something).
std::vector<long long> ids_of_kind(Transaction& tx, core::UnitKind kind);
// Every unit's ranges, for longest-prefix lookups of who owns an address.
core::PrefixTable address_owners(Transaction& tx);
bool any(Transaction& tx);

struct ListFilter {
  std::optional<std::string> within_path;  // the subtree under (and including) this path
  std::optional<long long> parent_id;       // direct children only
  std::optional<std::string> kind;
  // Any part of the unit's name or code, or the start of its OID (a search box's words).
  std::optional<std::string> text;
  int limit = 1000;
  int offset = 0;
};
// Ordered by path, so a parent always comes before its children (what an import needs).
std::vector<core::Unit> list(Transaction& tx, const ListFilter& filter);
long long count(Transaction& tx, const ListFilter& filter);

// Every unit's ranges with their owner, to check a change of the tree against.
core::RangeRegistry range_registry(Transaction& tx);

// Inserts u (parent_oid must name an existing unit, or be empty for a root); fills id and path.
void insert(Transaction& tx, core::Unit& u, core::TimeMs now);
// Writes name, code, kind, ranges and parent; moving a unit moves its whole subtree. Fills path.
void update(Transaction& tx, core::Unit& u, core::TimeMs now);

}  // namespace tongbao::store::units
