#include "audit/audit_log.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "audit/checkpoints.h"
#include "auth/tokens.h"
#include "store/deferred_work.h"

namespace tongbao::audit {
namespace {

constexpr const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

// Set once at start-up, read by every append.
ChainKey g_key;
std::atomic<bool> g_has_key{false};

// Length-prefixed fields, so no choice of content can make two entries hash alike.
void put(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

std::string material_of(const Entry& e) {
  std::string material;
  put(material, std::to_string(e.id));
  put(material, std::to_string(e.at));
  put(material, e.actor);
  put(material, e.action);
  put(material, e.entity);
  put(material, e.entity_id);
  put(material, e.before_json ? "1" + *e.before_json : "0");
  put(material, e.after_json ? "1" + *e.after_json : "0");
  put(material, e.prev_hash);
  return material;
}

Entry from_row(const store::Row& r) {
  return Entry{r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5),
               r.optional_text(6), r.optional_text(7), r.text(8), r.text(9)};
}

constexpr const char* kSelect =
    "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash FROM audit_log ";

}  // namespace

void use_chain_key(const ChainKey& key) {
  g_key = key;
  g_has_key = true;
}

std::optional<ChainKey> chain_key_in_use() {
  if (!g_has_key) return std::nullopt;
  return g_key;
}

std::string entry_hash(const Entry& e) { return auth::sha256_hex(material_of(e)); }

std::string keyed_entry_hash(const Entry& e, const ChainKey& key) {
  static_assert(crypto_auth_hmacsha256_KEYBYTES == 32);
  const auto material = "tongbao audit entry v2\n" + material_of(e);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(material.data()), material.size(),
                         key.bytes.data());
  std::string out(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), mac.data(), mac.size());
  out.pop_back();
  return out;
}

namespace {

std::optional<Head> read_head(store::Transaction& tx) {
  auto last = tx.query_one("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  if (!last) return std::nullopt;
  return Head{last->integer(0), last->text(1)};
}

// A transaction's entries are chained just before it commits, with the other work left to then:
// the chain's head is read once for a group of writes that commit together rather than once an
// entry (on PostgreSQL each read is a wait). The writes are serialised until COMMIT, so the head
// read then is still the chain's end.
class PendingEntries : public store::DeferredWork {
 public:
  std::vector<Entry> entries;

  void absorb(DeferredWork& other) override {
    auto& later = static_cast<PendingEntries&>(other).entries;
    entries.insert(entries.end(), std::make_move_iterator(later.begin()), std::make_move_iterator(later.end()));
  }

  // Chains the entries from the head as it is now: written again after a rollback, they are
  // chained afresh (their id and hashes are set each time).
  void write(store::Transaction& tx) override {
    const auto last = read_head(tx);
    long long id = last ? last->id : 0;
    std::string prev = last ? last->hash : kGenesis;
    auto text_or_null = [](const std::optional<std::string>& s) { return s ? store::Value(*s) : store::Value(nullptr); };
    for (auto& e : entries) {
      e.id = ++id;
      e.prev_hash = prev;
      e.hash = prev = keyed_entry_hash(e, g_key);
      tx.execute_without_answer(
          "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {static_cast<std::int64_t>(e.id), e.at, e.actor, e.action, e.entity, e.entity_id, text_or_null(e.before_json),
           text_or_null(e.after_json), e.prev_hash, e.hash});
    }
  }
};

}  // namespace

void append(store::Transaction& tx, core::TimeMs at, const std::string& actor, const std::string& action,
            const std::string& entity, const std::string& entity_id, std::optional<std::string> before_json,
            std::optional<std::string> after_json) {
  if (!g_has_key) throw std::logic_error("the audit chain's key is not loaded");
  Entry e;
  e.at = at;
  e.actor = actor;
  e.action = action;
  e.entity = entity;
  e.entity_id = entity_id;
  e.before_json = std::move(before_json);
  e.after_json = std::move(after_json);
  tx.deferred().of<PendingEntries>().entries.push_back(std::move(e));
}

std::vector<Entry> list(store::Transaction& tx, const Query& q) {
  tx.deferred().settle(tx);  // this transaction's own entries included
  std::string sql = kSelect;
  std::vector<store::Value> params;
  sql += "WHERE 1=1";
  if (q.entity) {
    sql += " AND entity = ?";
    params.emplace_back(*q.entity);
  }
  if (q.entity_id) {
    sql += " AND entity_id = ?";
    params.emplace_back(*q.entity_id);
  }
  sql += " ORDER BY id DESC LIMIT ? OFFSET ?";
  params.emplace_back(static_cast<std::int64_t>(q.limit));
  params.emplace_back(static_cast<std::int64_t>(q.offset));
  std::vector<Entry> out;
  for (auto& r : tx.query(sql, params)) out.push_back(from_row(r));
  return out;
}

std::optional<Head> head(store::Transaction& tx) {
  tx.deferred().settle(tx);  // this transaction's own entries included
  return read_head(tx);
}

long long keyed_from(store::Transaction& tx) {
  // A missing record reads as "keyed from the first entry": the strictest rule.
  return tx.query_one("SELECT COALESCE(MIN(keyed_from), 1) FROM audit_chain")->integer(0);
}

VerifyResult verify(store::Database& db, const VerifyOptions& options) {
  VerifyResult result;
  const auto key = options.key ? options.key : chain_key_in_use();
  auto fail = [&](long long id, std::string problem, std::string why) {
    result.ok = false;
    result.first_broken_id = id;
    result.problem = std::move(problem);
    result.reason = std::move(why);
  };
  auto cannot_check = [&](std::string why) {
    result.ok = false;
    result.checked = false;
    result.reason = std::move(why);
  };

  // The checkpoints first: a forged line must not be trusted to judge the chain.
  std::multimap<long long, Checkpoint> anchors;
  long long highest_anchor = 0;
  bool checkpoints_missing = false;
  if (!options.checkpoints_path.empty() && !std::filesystem::exists(options.checkpoints_path)) {
    checkpoints_missing = true;
  } else if (!options.checkpoints_path.empty()) {
    auto public_key = options.public_key;
    if (!public_key && key) public_key = checkpoint_signing_key(*key).public_key;
    if (!public_key) {
      cannot_check("no public key to check the checkpoints' signatures with (give one, or the chain's key)");
      return result;
    }
    auto file = read_checkpoints(options.checkpoints_path, *public_key);
    if (file.bad_line) {
      fail(0, "checkpoint_signature", file.problem);
      return result;
    }
    for (auto& c : file.checkpoints) {
      highest_anchor = std::max(highest_anchor, c.entry_id);
      anchors.emplace(c.entry_id, std::move(c));
    }
  }

  long long last_id = 0;
  db.read([&](store::Transaction& tx) {
    const long long first_keyed = keyed_from(tx);
    std::string expected_prev = kGenesis;
    long long expected_id = 1;
    // Walk in pages so a long chain never sits in memory at once.
    constexpr int kPage = 5000;
    for (long long after = 0;;) {
      auto rows = tx.query(std::string(kSelect) + "WHERE id > ? ORDER BY id LIMIT ?",
                           {static_cast<std::int64_t>(after), static_cast<std::int64_t>(kPage)});
      for (auto& r : rows) {
        Entry e = from_row(r);
        const bool keyed = e.id >= first_keyed;
        if (e.id != expected_id)
          return fail(e.id, "missing_entry", "entry " + std::to_string(expected_id) + " is missing");
        if (e.prev_hash != expected_prev)
          return fail(e.id, "broken_link", "its previous-hash does not match the entry before it");
        if (keyed && !key)
          return cannot_check("the chain is keyed from entry " + std::to_string(first_keyed) + " on, but the key " +
                              (options.key_location.empty() ? std::string("is not available") : options.key_location + " is missing"));
        if (keyed ? !auth::constant_time_equal(keyed_entry_hash(e, *key), e.hash) : entry_hash(e) != e.hash)
          return fail(e.id, "rewritten",
                      keyed ? "its content does not match its keyed hash" : "its content does not match its hash");
        for (auto [it, end] = anchors.equal_range(e.id); it != end; ++it) {
          if (it->second.head_hash != e.hash)
            return fail(e.id, "checkpoint_mismatch",
                        "its hash is not the one the checkpoint of " + it->second.at + " recorded for it");
          ++result.checkpoints;
        }
        ++result.entries;
        if (keyed) ++result.keyed_entries;
        expected_prev = e.hash;
        expected_id = e.id + 1;
        after = last_id = e.id;
      }
      if (rows.size() < kPage) break;
    }
  });
  if (!result.ok) return result;
  if (highest_anchor > last_id) {
    const auto& c = anchors.rbegin()->second;
    fail(last_id + 1, "truncated",
         "the chain ends at entry " + std::to_string(last_id) + " but the checkpoint of " + c.at +
             " names entry " + std::to_string(c.entry_id) + "; entries after " + std::to_string(last_id) +
             " were removed");
  } else if (checkpoints_missing && key && last_id > 0) {
    fail(0, "checkpoints_missing", "the checkpoint file " + options.checkpoints_path + " is missing");
  }
  return result;
}

}  // namespace tongbao::audit
