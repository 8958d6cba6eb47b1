#pragma once
// Blocked addresses and what happened to each, in the database.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/block.h"
#include "core/block_figures.h"
#include "core/prefix_table.h"
#include "store/database.h"

namespace tongbao::store::blocks {

using core::Block;

std::optional<Block> find(Transaction& tx, long long id);
// Many at once, a few statements for hundreds of rows (a firewall script blocks thousands):
// the blocks of this centre not yet unblocked among `prefixes`, by prefix;
std::map<std::string, Block> find_unended(Transaction& tx, long long centre_unit_id,
                                          const std::vector<std::string>& prefixes);
// new blocks, given their ids;
void insert_many(Transaction& tx, std::vector<Block>& blocks);
// and their first events.
void add_events(Transaction& tx, const std::vector<std::pair<long long, core::BlockEvent>>& events);
// Saves the state, request and decision fields.
void save(Transaction& tx, const Block& b);

void add_event(Transaction& tx, long long block_id, const core::BlockEvent& e);
std::vector<core::BlockEvent> events(Transaction& tx, long long block_id);

// The limit set on this unit, or on the nearest unit above it that has one.
std::optional<long long> limit_days(Transaction& tx, const std::string& unit_path);
void set_limit_days(Transaction& tx, long long unit_id, long long days);

// A file the owning unit gave as evidence with its unblock request.
struct Evidence {
  long long id = 0, block_id = 0;
  std::string file_name, declared_type, sha256, uploaded_by;
  long long size_bytes = 0;
  core::TimeMs uploaded_at = 0;
};
long long add_evidence(Transaction& tx, const Evidence& e);
std::vector<Evidence> evidence(Transaction& tx, long long block_id);
std::optional<Evidence> find_evidence(Transaction& tx, long long id);

struct Filter {
  std::optional<std::string> within_path;  // owned by units under this path
  std::optional<long long> unit_id;        // owned by this unit
  std::optional<long long> centre_unit_id; // blocked by this unit
  // "in_force" (blocked or asked, not expired), "requested" (awaiting a decision), "ended"
  // (unblocked or expired), or all.
  std::optional<std::string> standing;
  core::TimeMs now = 0;  // for expiry
  std::optional<core::TimeMs> updated_since;  // changed (or expired) at or after this time
  int limit = 100, offset = 0;
};
std::vector<Block> list(Transaction& tx, const Filter& f);
long long count(Transaction& tx, const Filter& f);

// What a firewall needs of each block: the prefix, its owner and times.
struct FeedEntry {
  std::string prefix, unit_oid;
  core::TimeMs blocked_at = 0;
  std::optional<core::TimeMs> expires_at;
  bool in_force = true;
};
// Blocks owned under `within_path` (every unit when empty): those in force, or with
// `updated_since` also those that ended since then (so a partner removes them).
std::vector<FeedEntry> feed(Transaction& tx, const std::string& within_path, core::TimeMs now,
                            std::optional<core::TimeMs> updated_since);

// Blocks owned under `within_path` (every unit when empty) that were in force at some time in
// [from, to): when each began and ended.
std::vector<core::BlockSpan> spans(Transaction& tx, const std::string& within_path, core::TimeMs from, core::TimeMs to);

// After units' ranges change: every block not yet unblocked goes to the unit that now owns its
// prefix (a prefix nobody owns any more stays with its last owner). Returns the blocks moved.
long long follow_owners(Transaction& tx, const core::PrefixTable& owners, core::TimeMs now);

}  // namespace tongbao::store::blocks
