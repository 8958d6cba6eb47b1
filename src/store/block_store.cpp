#include "store/block_store.h"

#include <algorithm>
#include <sstream>

namespace tongbao::store::blocks {
namespace {

std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }
Value optional_value(const std::optional<long long>& v) { return v ? Value(i64(*v)) : Value(nullptr); }

constexpr const char* kColumns =
    "SELECT b.id, b.prefix, b.unit_id, b.centre_unit_id, b.reason, b.warning_id, b.incident_id, b.state, "
    "b.blocked_by, b.blocked_at, b.expires_at, b.request_actions, b.request_note, b.requested_by, b.requested_at, "
    "b.decision_reason, b.decided_by, b.decided_at, b.unblocked_at, b.updated_at FROM blocks b ";

std::vector<std::string> split_actions(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string a; std::getline(in, a, ',');)
    if (!a.empty()) out.push_back(a);
  return out;
}

std::string joined(const std::vector<std::string>& actions) {
  std::string out;
  for (const auto& a : actions) out += (out.empty() ? "" : ",") + a;
  return out;
}

Block from_row(const Row& r) {
  Block b;
  b.id = r.integer(0);
  b.prefix = r.text(1);
  b.unit_id = r.integer(2);
  b.centre_unit_id = r.integer(3);
  b.reason = r.text(4);
  b.warning_id = r.optional_integer(5);
  b.incident_id = r.optional_integer(6);
  b.state = core::parse_block_state(r.text(7)).value_or(core::BlockState::blocked);
  b.blocked_by = r.text(8);
  b.blocked_at = r.integer(9);
  b.expires_at = r.optional_integer(10);
  b.request_actions = split_actions(r.text(11));
  b.request_note = r.text(12);
  b.requested_by = r.text(13);
  b.requested_at = r.optional_integer(14);
  b.decision_reason = r.text(15);
  b.decided_by = r.text(16);
  b.decided_at = r.optional_integer(17);
  b.unblocked_at = r.optional_integer(18);
  b.updated_at = r.integer(19);
  return b;
}

// In force: not unblocked and not expired. Ended: either.
constexpr const char* kInForce = "(b.state <> 'unblocked' AND (b.expires_at IS NULL OR b.expires_at > ?))";
constexpr const char* kEnded = "(b.state = 'unblocked' OR (b.expires_at IS NOT NULL AND b.expires_at <= ?))";

std::string where(const Filter& f, std::vector<Value>& p) {
  std::string w = "JOIN units u ON u.id = b.unit_id WHERE 1=1";
  if (f.within_path) w += " AND u.path LIKE ?", p.emplace_back(*f.within_path + "%");
  if (f.unit_id) w += " AND b.unit_id = ?", p.emplace_back(i64(*f.unit_id));
  if (f.centre_unit_id) w += " AND b.centre_unit_id = ?", p.emplace_back(i64(*f.centre_unit_id));
  if (f.standing == "in_force") w += std::string(" AND ") + kInForce, p.emplace_back(f.now);
  if (f.standing == "requested")
    w += std::string(" AND b.state = 'unblock_requested' AND ") + kInForce, p.emplace_back(f.now);
  if (f.standing == "ended") w += std::string(" AND ") + kEnded, p.emplace_back(f.now);
  if (f.updated_since) {
    // An expiry changes what is in force without a write: it counts as a change at its time.
    w += " AND (b.updated_at >= ? OR (b.expires_at >= ? AND b.expires_at <= ?))";
    p.emplace_back(*f.updated_since);
    p.emplace_back(*f.updated_since);
    p.emplace_back(f.now);
  }
  return w;
}

}  // namespace

std::optional<Block> find(Transaction& tx, long long id) {
  auto r = tx.query_one(std::string(kColumns) + "WHERE b.id = ?", {i64(id)});
  if (!r) return std::nullopt;
  return from_row(*r);
}

namespace {

constexpr size_t kRowsPerStatement = 200;

std::string marks(size_t n, const char* one) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", " : "") + std::string(one);
  return out;
}

}  // namespace

std::map<std::string, Block> find_unended(Transaction& tx, long long centre_unit_id,
                                          const std::vector<std::string>& prefixes) {
  std::map<std::string, Block> out;
  for (size_t from = 0; from < prefixes.size(); from += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, prefixes.size() - from);
    std::vector<Value> p{i64(centre_unit_id)};
    for (size_t i = 0; i < n; ++i) p.emplace_back(prefixes[from + i]);
    for (const auto& r : tx.query(std::string(kColumns) + "WHERE b.centre_unit_id = ? AND b.state <> 'unblocked' AND b.prefix IN (" +
                                      marks(n, "?") + ")",
                                  p)) {
      auto b = from_row(r);
      out.emplace(b.prefix, std::move(b));
    }
  }
  return out;
}

void insert_many(Transaction& tx, std::vector<Block>& blocks) {
  for (size_t from = 0; from < blocks.size(); from += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, blocks.size() - from);
    std::vector<Value> p;
    std::vector<std::string> prefixes;
    for (size_t i = 0; i < n; ++i) {
      auto& b = blocks[from + i];
      b.updated_at = b.blocked_at;
      for (Value v : std::vector<Value>{b.prefix, i64(b.unit_id), i64(b.centre_unit_id), b.reason, optional_value(b.warning_id),
                                        optional_value(b.incident_id), std::string(core::to_string(b.state)), b.blocked_by,
                                        b.blocked_at, b.expires_at ? Value(*b.expires_at) : Value(nullptr), b.updated_at})
        p.push_back(std::move(v));
      prefixes.push_back(b.prefix);
    }
    tx.execute("INSERT INTO blocks (prefix, unit_id, centre_unit_id, reason, warning_id, incident_id, state, blocked_by, "
               "blocked_at, expires_at, updated_at) VALUES " + marks(n, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
               p);
    // Ids by prefix: one unended block per centre and prefix, so the pair names the new row.
    const auto made = find_unended(tx, blocks[from].centre_unit_id, prefixes);
    for (size_t i = 0; i < n; ++i) {
      auto& b = blocks[from + i];
      auto it = made.find(b.prefix);
      if (it == made.end() || it->second.centre_unit_id != b.centre_unit_id)
        throw StoreError("a block just inserted was not found: " + b.prefix);
      b.id = it->second.id;
    }
  }
}

void add_events(Transaction& tx, const std::vector<std::pair<long long, core::BlockEvent>>& events) {
  for (size_t from = 0; from < events.size(); from += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, events.size() - from);
    std::vector<Value> p;
    for (size_t i = 0; i < n; ++i) {
      const auto& [id, e] = events[from + i];
      for (Value v : std::vector<Value>{i64(id), e.at, e.actor, e.action, joined(e.actions), e.note}) p.push_back(std::move(v));
    }
    tx.execute("INSERT INTO block_events (block_id, at, actor, action, actions, note) VALUES " +
                   marks(n, "(?, ?, ?, ?, ?, ?)"),
               p);
  }
}

void save(Transaction& tx, const Block& b) {
  tx.execute(
      "UPDATE blocks SET state = ?, reason = ?, expires_at = ?, request_actions = ?, request_note = ?, requested_by = ?, "
      "requested_at = ?, decision_reason = ?, decided_by = ?, decided_at = ?, unblocked_at = ?, updated_at = ? "
      "WHERE id = ?",
      {std::string(core::to_string(b.state)), b.reason, b.expires_at ? Value(*b.expires_at) : Value(nullptr),
       joined(b.request_actions), b.request_note, b.requested_by,
       b.requested_at ? Value(*b.requested_at) : Value(nullptr), b.decision_reason, b.decided_by,
       b.decided_at ? Value(*b.decided_at) : Value(nullptr), b.unblocked_at ? Value(*b.unblocked_at) : Value(nullptr),
       b.updated_at, i64(b.id)});
}

void add_event(Transaction& tx, long long block_id, const core::BlockEvent& e) {
  tx.execute("INSERT INTO block_events (block_id, at, actor, action, actions, note) VALUES (?, ?, ?, ?, ?, ?)",
             {i64(block_id), e.at, e.actor, e.action, joined(e.actions), e.note});
}

std::vector<core::BlockEvent> events(Transaction& tx, long long block_id) {
  std::vector<core::BlockEvent> out;
  for (const auto& r : tx.query("SELECT at, actor, action, note, actions FROM block_events WHERE block_id = ? ORDER BY id",
                                {i64(block_id)}))
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), split_actions(r.text(4))});
  return out;
}

std::vector<Block> list(Transaction& tx, const Filter& f) {
  std::vector<Value> p;
  // Those awaiting a decision first, then the newest.
  auto sql = std::string(kColumns) + where(f, p) +
             " ORDER BY CASE WHEN b.state = 'unblock_requested' THEN 0 ELSE 1 END, b.blocked_at DESC, b.id DESC "
             "LIMIT ? OFFSET ?";
  p.emplace_back(i64(f.limit));
  p.emplace_back(i64(f.offset));
  std::vector<Block> out;
  for (const auto& r : tx.query(sql, p)) out.push_back(from_row(r));
  return out;
}

long long count(Transaction& tx, const Filter& f) {
  std::vector<Value> p;
  return tx.query_one("SELECT COUNT(*) FROM blocks b " + where(f, p), p)->integer(0);
}

std::vector<FeedEntry> feed(Transaction& tx, const std::string& within_path, core::TimeMs now,
                            std::optional<core::TimeMs> updated_since) {
  Filter f;
  f.within_path = within_path;
  f.now = now;
  f.updated_since = updated_since;
  if (!updated_since) f.standing = "in_force";
  std::vector<Value> p{now};  // the in-force column's parameter comes first
  const auto sql = "SELECT b.prefix, u.oid, b.blocked_at, b.expires_at, CASE WHEN " + std::string(kInForce) + " THEN 1 ELSE 0 END FROM blocks b " +
                   where(f, p) + " ORDER BY b.prefix";
  std::vector<FeedEntry> out;
  tx.each(sql, p, [&](const RowView& r) {
    out.push_back({r.text(0), r.text(1), r.integer(2),
                   r.is_null(3) ? std::nullopt : std::optional<core::TimeMs>(r.integer(3)), r.integer(4) != 0});
  });
  return out;
}

std::vector<core::BlockSpan> spans(Transaction& tx, const std::string& within_path, core::TimeMs from, core::TimeMs to) {
  std::vector<core::BlockSpan> out;
  tx.each(
      "SELECT b.unit_id, b.blocked_at, b.unblocked_at, b.expires_at FROM blocks b JOIN units u ON u.id = b.unit_id "
      "WHERE u.path LIKE ? AND b.blocked_at < ? AND (b.unblocked_at IS NULL OR b.unblocked_at >= ?) "
      "AND (b.expires_at IS NULL OR b.expires_at >= ?)",
      {within_path + "%", to, from, from}, [&](const RowView& r) {
        core::BlockSpan s;
        s.unit_id = r.integer(0);
        s.blocked_at = r.integer(1);
        const auto unblocked = r.is_null(2) ? std::nullopt : std::optional<core::TimeMs>(r.integer(2));
        const auto expires = r.is_null(3) ? std::nullopt : std::optional<core::TimeMs>(r.integer(3));
        s.ended_at = unblocked;
        s.unblocked = unblocked.has_value();
        if (expires && (!s.ended_at || *expires < *s.ended_at)) {
          s.ended_at = expires;
          s.unblocked = false;
        }
        out.push_back(s);
      });
  return out;
}

long long follow_owners(Transaction& tx, const core::PrefixTable& owners, core::TimeMs now) {
  long long moved = 0;
  for (const auto& r : tx.query("SELECT id, prefix, unit_id FROM blocks WHERE state <> 'unblocked'")) {
    const auto range = core::parse_ip_range(r.text(1));
    if (!range) continue;
    const auto owner = owners.owner_of(*range);
    if (!owner || *owner == r.integer(2)) continue;
    tx.execute("UPDATE blocks SET unit_id = ?, updated_at = ? WHERE id = ?", {i64(*owner), now, i64(r.integer(0))});
    ++moved;
  }
  return moved;
}

namespace {

constexpr const char* kEvidenceColumns =
    "id, block_id, file_name, declared_type, size_bytes, sha256, uploaded_by, uploaded_at FROM block_evidence";

Evidence evidence_from(const Row& r) {
  return {r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(5), r.text(6), r.integer(4), r.integer(7)};
}

}  // namespace

long long add_evidence(Transaction& tx, const Evidence& e) {
  return tx
      .query_one("INSERT INTO block_evidence (block_id, file_name, declared_type, size_bytes, sha256, uploaded_by, "
                 "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 {static_cast<std::int64_t>(e.block_id), e.file_name, e.declared_type,
                  static_cast<std::int64_t>(e.size_bytes), e.sha256, e.uploaded_by, e.uploaded_at})
      ->integer(0);
}

std::vector<Evidence> evidence(Transaction& tx, long long block_id) {
  std::vector<Evidence> out;
  for (const auto& r : tx.query(std::string("SELECT ") + kEvidenceColumns + " WHERE block_id = ? ORDER BY id LIMIT 100",
                                {static_cast<std::int64_t>(block_id)}))
    out.push_back(evidence_from(r));
  return out;
}

std::optional<Evidence> find_evidence(Transaction& tx, long long id) {
  auto r = tx.query_one(std::string("SELECT ") + kEvidenceColumns + " WHERE id = ?", {static_cast<std::int64_t>(id)});
  if (!r) return std::nullopt;
  return evidence_from(*r);
}

std::optional<long long> limit_days(Transaction& tx, const std::string& unit_path) {
  // The unit's path "/1/4/9/" names it and every unit above it; the longest path is the nearest.
  auto r = tx.query_one("SELECT block_limit_days FROM units WHERE block_limit_days IS NOT NULL AND ? LIKE path || '%' "
                        "ORDER BY LENGTH(path) DESC LIMIT 1",
                        {unit_path});
  return r ? r->optional_integer(0) : std::nullopt;
}

void set_limit_days(Transaction& tx, long long unit_id, long long days) {
  tx.execute("UPDATE units SET block_limit_days = ? WHERE id = ?",
             {static_cast<std::int64_t>(days), static_cast<std::int64_t>(unit_id)});
}

}  // namespace tongbao::store::blocks
