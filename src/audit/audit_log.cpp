#include "audit/audit_log.h"

#include "auth/tokens.h"

namespace tongbao::audit {
namespace {

constexpr const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

// Length-prefixed fields, so no choice of content can make two entries hash alike.
void put(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

Entry from_row(const store::Row& r) {
  return Entry{r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5),
               r.optional_text(6), r.optional_text(7), r.text(8), r.text(9)};
}

constexpr const char* kSelect =
    "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash FROM audit_log ";

}  // namespace

std::string entry_hash(const Entry& e) {
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
  return auth::sha256_hex(material);
}

void append(store::Transaction& tx, core::TimeMs at, const std::string& actor, const std::string& action,
            const std::string& entity, const std::string& entity_id, std::optional<std::string> before_json,
            std::optional<std::string> after_json) {
  Entry e;
  auto last = tx.query_one("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  e.id = last ? last->integer(0) + 1 : 1;
  e.prev_hash = last ? last->text(1) : kGenesis;
  e.at = at;
  e.actor = actor;
  e.action = action;
  e.entity = entity;
  e.entity_id = entity_id;
  e.before_json = std::move(before_json);
  e.after_json = std::move(after_json);
  e.hash = entry_hash(e);
  auto text_or_null = [](const std::optional<std::string>& s) { return s ? store::Value(*s) : store::Value(nullptr); };
  tx.execute(
      "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {static_cast<std::int64_t>(e.id), e.at, e.actor, e.action, e.entity, e.entity_id, text_or_null(e.before_json),
       text_or_null(e.after_json), e.prev_hash, e.hash});
}

std::vector<Entry> list(store::Transaction& tx, const Query& q) {
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

VerifyResult verify(store::Database& db) {
  VerifyResult result;
  db.read([&](store::Transaction& tx) {
    std::string expected_prev = kGenesis;
    long long expected_id = 1;
    // Walk in pages so a long chain never sits in memory at once.
    constexpr int kPage = 5000;
    for (long long after = 0;;) {
      auto rows = tx.query(std::string(kSelect) + "WHERE id > ? ORDER BY id LIMIT ?",
                           {static_cast<std::int64_t>(after), static_cast<std::int64_t>(kPage)});
      for (auto& r : rows) {
        Entry e = from_row(r);
        auto fail = [&](std::string why) {
          result.ok = false;
          result.first_broken_id = e.id;
          result.reason = std::move(why);
        };
        if (e.id != expected_id) fail("entry " + std::to_string(expected_id) + " is missing");
        else if (e.prev_hash != expected_prev) fail("its previous-hash does not match the entry before it");
        else if (entry_hash(e) != e.hash) fail("its content does not match its hash");
        if (!result.ok) return;
        ++result.entries;
        expected_prev = e.hash;
        expected_id = e.id + 1;
        after = e.id;
      }
      if (rows.size() < kPage) break;
    }
  });
  return result;
}

}  // namespace tongbao::audit
