#include "store/auth_store.h"

namespace tongbao::store::auth {
namespace {
std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }

ApiKeyRow api_key_from(const Row& r) {
  return ApiKeyRow{r.integer(0), r.integer(1), r.text(2),           r.text(3),
                   r.text(4),    r.integer(5), r.optional_integer(6), r.text(7),
                   r.optional_integer(8), r.optional_integer(9)};
}
constexpr const char* kSelectKey =
    "SELECT id, unit_id, name, prefix, created_by, created_at, revoked_at, scope, expires_at, last_used_at "
    "FROM api_keys ";
}  // namespace

void insert_session(Transaction& tx, const std::string& token_hash, long long contact_id, core::TimeMs now,
                    core::TimeMs expires_at, const NewSession& d) {
  tx.execute(
      "INSERT INTO sessions (token_hash, contact_id, created_at, expires_at, last_used_at, remote, user_agent, "
      "second_factor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {token_hash, i64(contact_id), now, expires_at, now, d.remote, d.user_agent.substr(0, 256), d.second_factor});
}

namespace {
constexpr const char* kSessionColumns =
    "SELECT token_hash, contact_id, created_at, expires_at, COALESCE(last_used_at, created_at), remote, user_agent, "
    "second_factor FROM sessions ";
SessionRow session_from(const Row& r) {
  return SessionRow{r.text(0), r.integer(1), r.integer(2), r.integer(3), r.integer(4), r.text(5), r.text(6), r.text(7)};
}
}  // namespace

std::optional<SessionRow> find_session(Transaction& tx, const std::string& token_hash) {
  auto r = tx.query_one(std::string(kSessionColumns) + "WHERE token_hash = ?", {token_hash});
  if (!r) return std::nullopt;
  return session_from(*r);
}

std::vector<SessionRow> sessions_of(Transaction& tx, long long contact_id, core::TimeMs now) {
  std::vector<SessionRow> out;
  for (const auto& r : tx.query(std::string(kSessionColumns) +
                                    "WHERE contact_id = ? AND expires_at > ? ORDER BY COALESCE(last_used_at, "
                                    "created_at) DESC LIMIT 100",
                                {i64(contact_id), now}))
    out.push_back(session_from(r));
  return out;
}

void touch_session(Transaction& tx, const std::string& token_hash, core::TimeMs now) {
  tx.execute("UPDATE sessions SET last_used_at = ? WHERE token_hash = ?", {now, token_hash});
}

void delete_other_sessions(Transaction& tx, long long contact_id, const std::string& keep_token_hash) {
  tx.execute("DELETE FROM sessions WHERE contact_id = ? AND token_hash <> ?", {i64(contact_id), keep_token_hash});
}

void delete_session(Transaction& tx, const std::string& token_hash) {
  tx.execute("DELETE FROM sessions WHERE token_hash = ?", {token_hash});
}

void delete_sessions_of(Transaction& tx, long long contact_id) {
  tx.execute("DELETE FROM sessions WHERE contact_id = ?", {i64(contact_id)});
}

long long insert_api_key(Transaction& tx, const ApiKeyRow& key, const std::string& key_hash) {
  auto r = tx.query_one(
      "INSERT INTO api_keys (unit_id, name, key_hash, prefix, created_by, created_at, scope, expires_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {i64(key.unit_id), key.name, key_hash, key.prefix, key.created_by, key.created_at, key.scope,
       key.expires_at ? Value(*key.expires_at) : Value(nullptr)});
  return r->integer(0);
}

std::optional<ApiKeyRow> find_api_key_by_hash(Transaction& tx, const std::string& key_hash) {
  auto r = tx.query_one(std::string(kSelectKey) + "WHERE key_hash = ?", {key_hash});
  if (!r) return std::nullopt;
  return api_key_from(*r);
}

std::optional<ApiKeyRow> find_api_key(Transaction& tx, long long id) {
  auto r = tx.query_one(std::string(kSelectKey) + "WHERE id = ?", {i64(id)});
  if (!r) return std::nullopt;
  return api_key_from(*r);
}

std::vector<ApiKeyRow> api_keys_of_unit(Transaction& tx, long long unit_id) {
  std::vector<ApiKeyRow> out;
  for (auto& r : tx.query(std::string(kSelectKey) + "WHERE unit_id = ? ORDER BY id", {i64(unit_id)}))
    out.push_back(api_key_from(r));
  return out;
}

void revoke_api_key(Transaction& tx, long long id, core::TimeMs now) {
  tx.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {now, i64(id)});
}

void touch_api_key(Transaction& tx, long long id, core::TimeMs now) {
  tx.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", {now, i64(id)});
}

core::ThrottleState throttle_state(Transaction& tx, const ThrottleKey& key) {
  auto r = tx.query_one(
      "SELECT failures, last_failure, reserved, reserved_at FROM login_throttle WHERE oid = ? AND account = ? AND "
      "address = ?",
      {key.oid, key.account, key.address});
  if (!r) return {};
  return {static_cast<int>(r->integer(0)), r->integer(1), static_cast<int>(r->integer(2)), r->integer(3)};
}

void save_throttle_state(Transaction& tx, const ThrottleKey& key, const core::ThrottleState& s) {
  if (s.failures == 0 && s.reserved == 0) return clear_throttle_state(tx, key);
  // Portable upsert: SQLite and PostgreSQL both accept ON CONFLICT ... DO UPDATE.
  tx.execute(
      "INSERT INTO login_throttle (oid, account, address, failures, last_failure, reserved, reserved_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (oid, account, address) DO UPDATE SET failures = excluded.failures, "
      "last_failure = excluded.last_failure, reserved = excluded.reserved, reserved_at = excluded.reserved_at",
      {key.oid, key.account, key.address, static_cast<std::int64_t>(s.failures), s.last_failure,
       static_cast<std::int64_t>(s.reserved), s.reserved_at});
}

void clear_throttle_state(Transaction& tx, const ThrottleKey& key) {
  tx.execute("DELETE FROM login_throttle WHERE oid = ? AND account = ? AND address = ?",
             {key.oid, key.account, key.address});
}

void prune_throttle_states(Transaction& tx, core::TimeMs failures_before, core::TimeMs reservations_before) {
  tx.execute("DELETE FROM login_throttle WHERE last_failure < ? AND reserved_at < ?",
             {failures_before, reservations_before});
}

void record_login(Transaction& tx, const LoginEvent& e) {
  tx.execute(
      "INSERT INTO login_events (at, oid, account, contact_id, remote, outcome, second_factor) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {e.at, e.oid, e.account, e.contact_id ? Value(i64(*e.contact_id)) : Value(nullptr), e.remote, e.outcome,
       e.second_factor});
}

std::vector<LoginEvent> logins_of(Transaction& tx, long long contact_id, int limit) {
  std::vector<LoginEvent> out;
  for (auto& r : tx.query("SELECT at, oid, account, contact_id, remote, outcome, second_factor FROM login_events "
                          "WHERE contact_id = ? ORDER BY id DESC LIMIT ?",
                          {i64(contact_id), static_cast<std::int64_t>(limit)}))
    out.push_back({r.integer(0), r.text(1), r.text(2), r.optional_integer(3), r.text(4), r.text(5), r.text(6)});
  return out;
}

std::vector<LoginEvent> recent_logins(Transaction& tx, int limit, int offset) {
  std::vector<LoginEvent> out;
  for (auto& r : tx.query("SELECT at, oid, account, contact_id, remote, outcome, second_factor FROM login_events "
                          "ORDER BY id DESC LIMIT ? OFFSET ?",
                          {static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset)})) {
    out.push_back({r.integer(0), r.text(1), r.text(2), r.optional_integer(3), r.text(4), r.text(5), r.text(6)});
  }
  return out;
}

}  // namespace tongbao::store::auth
