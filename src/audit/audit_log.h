#pragma once
// The audit trail: every change (who, when, what, before and after) appended in the same
// transaction as the change. Entries are chained: each hash covers the entry and the hash of the
// one before, so editing or deleting a row breaks the chain from that row on.
#include <optional>
#include <string>
#include <vector>

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

// Appends within the caller's write transaction (writes are serialised, so the chain stays linear).
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

struct VerifyResult {
  bool ok = true;
  long long entries = 0;
  long long first_broken_id = 0;  // 0 when ok
  std::string reason;
};
VerifyResult verify(store::Database& db);

// Exposed for tests: the hash of an entry given its fields and prev_hash.
std::string entry_hash(const Entry& e);

}  // namespace tongbao::audit
