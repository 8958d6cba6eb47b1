#pragma once
// The audit trail: every change (who, when, what, before and after) appended in the same
// transaction as the change. Entries are chained: each hash covers the entry and the hash of the
// one before, so editing or deleting a row breaks the chain from that row on. New entries are
// hashed with HMAC-SHA256 under a key the database does not hold, so a forger cannot recompute
// the chain after an edit; entries written before keying began keep their plain SHA-256 rule.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "audit/chain_key.h"
#include "core/clock.h"
#include "store/database.h"

namespace tongbao::audit {

struct Entry {
  long long id = 0;
  core::TimeMs at = 0;
  std::string actor;      // "oid/account", "apikey:N" or "system"
  std::string action;     // "unit.create", "contact.open", ...
  std::string entity;     // "unit", "contact", ...
  std::string entity_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::string prev_hash;
  std::string hash;
};

// The key new entries are chained with, for the whole process; set once at start-up, before any
// append (which throws std::logic_error without it).
void use_chain_key(const ChainKey& key);
std::optional<ChainKey> chain_key_in_use();

// Appends within the caller's write transaction (writes are serialised, so the chain stays linear).
// The entry is chained and stored just before the transaction commits (its deferred work), in
// the order appended; head() and list() in the same transaction see it.
void append(store::Transaction& tx, core::TimeMs at, const std::string& actor, const std::string& action,
            const std::string& entity, const std::string& entity_id, std::optional<std::string> before_json,
            std::optional<std::string> after_json);

struct Query {
  std::optional<std::string> entity;
  std::optional<std::string> entity_id;
  int limit = 100;
  int offset = 0;
};
std::vector<Entry> list(store::Transaction& tx, const Query& q);

// The newest entry's id and hash: what a checkpoint anchors. Nothing when the trail is empty.
struct Head {
  long long id = 0;
  std::string hash;
};
std::optional<Head> head(store::Transaction& tx);
// The first entry hashed with the key; those before it follow the plain rule.
long long keyed_from(store::Transaction& tx);

struct VerifyOptions {
  std::optional<ChainKey> key;    // default: the key in use by this process, if any
  std::string key_location;       // named when the key is missing
  std::string checkpoints_path;   // empty: check no checkpoints
  std::optional<std::array<unsigned char, 32>> public_key;  // default: derived from the key
};

struct VerifyResult {
  bool ok = true;
  bool checked = true;             // false: something needed to check was missing (see reason)
  long long entries = 0;           // entries verified before the first problem
  long long keyed_entries = 0;
  long long checkpoints = 0;       // checkpoints matched against the chain
  long long tickets = 0;           // tickets compared with their latest entry (see incidents/ticket_audit.h)
  long long first_broken_id = 0;   // 0 when ok
  // missing_entry, broken_link, rewritten, truncated, checkpoint_mismatch, checkpoint_signature,
  // checkpoints_missing, ticket_changed; empty when ok
  std::string problem;
  std::string reason;
};
// Walks the chain (and the signed checkpoints, when a file is given) and stops at the first problem.
VerifyResult verify(store::Database& db, const VerifyOptions& options = {});

// The plain SHA-256 hash of an entry given its fields and prev_hash: the rule before keying.
std::string entry_hash(const Entry& e);
// The keyed hash (HMAC-SHA256) of the same fields.
std::string keyed_entry_hash(const Entry& e, const ChainKey& key);

}  // namespace tongbao::audit
