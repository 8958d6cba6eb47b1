#pragma once
// Sessions, API keys, sign-in throttling state and the sign-in record.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/login_throttle.h"
#include "store/database.h"

namespace tongbao::store::auth {

struct SessionRow {
  std::string token_hash;
  long long contact_id = 0;
  core::TimeMs created_at = 0, expires_at = 0, last_used_at = 0;
  std::string remote, user_agent, second_factor;
};
struct NewSession {
  std::string remote, user_agent, second_factor;
};
void insert_session(Transaction& tx, const std::string& token_hash, long long contact_id, core::TimeMs now,
                    core::TimeMs expires_at, const NewSession& details = {});
std::optional<SessionRow> find_session(Transaction& tx, const std::string& token_hash);
// A contact's sessions not yet expired, most recently used first.
std::vector<SessionRow> sessions_of(Transaction& tx, long long contact_id, core::TimeMs now);
void touch_session(Transaction& tx, const std::string& token_hash, core::TimeMs now);
void delete_session(Transaction& tx, const std::string& token_hash);
void delete_sessions_of(Transaction& tx, long long contact_id);
// Every session of the contact but the one named (the person's own, kept open).
void delete_other_sessions(Transaction& tx, long long contact_id, const std::string& keep_token_hash);

struct ApiKeyRow {
  long long id = 0;
  long long unit_id = 0;
  std::string name;
  std::string prefix;  // first characters of the key, to recognise it in a list
  std::string created_by;
  core::TimeMs created_at = 0;
  std::optional<core::TimeMs> revoked_at;
  std::string scope = "read_write";  // read: GET and HEAD only
  std::optional<core::TimeMs> expires_at;
  std::optional<core::TimeMs> last_used_at;
};
long long insert_api_key(Transaction& tx, const ApiKeyRow& key, const std::string& key_hash);
std::optional<ApiKeyRow> find_api_key_by_hash(Transaction& tx, const std::string& key_hash);
std::optional<ApiKeyRow> find_api_key(Transaction& tx, long long id);
std::vector<ApiKeyRow> api_keys_of_unit(Transaction& tx, long long unit_id);
void revoke_api_key(Transaction& tx, long long id, core::TimeMs now);
void touch_api_key(Transaction& tx, long long id, core::TimeMs now);

// Sign-in throttling (core/login_throttle.h): a state per (unit OID, account, address), and one
// per address across all accounts, whose OID and account are empty.
struct ThrottleKey {
  std::string oid;
  std::string account;
  std::string address;
};
inline ThrottleKey address_throttle_key(const std::string& address) { return {"", "", address}; }
core::ThrottleState throttle_state(Transaction& tx, const ThrottleKey& key);
// An empty state (no failures, nothing reserved) removes the row.
void save_throttle_state(Transaction& tx, const ThrottleKey& key, const core::ThrottleState& state);
void clear_throttle_state(Transaction& tx, const ThrottleKey& key);
// Rows whose last failure and last reservation are both older than these times count for nothing.
void prune_throttle_states(Transaction& tx, core::TimeMs failures_before, core::TimeMs reservations_before);

struct LoginEvent {
  core::TimeMs at = 0;
  std::string oid;
  std::string account;
  std::optional<long long> contact_id;
  std::string remote;
  std::string outcome;  // success, wrong_password, unknown_account, closed_account, throttled,
                        // password_ok (the second factor is asked next), wrong_second_factor
                        // (before 0015: also locked)
  std::string second_factor;  // on success: "" (none), "totp" or "recovery_code"
};
void record_login(Transaction& tx, const LoginEvent& event);
// The contact's sign-ins before the one just made (the newest `limit`, newest first).
std::vector<LoginEvent> logins_of(Transaction& tx, long long contact_id, int limit);
std::vector<LoginEvent> recent_logins(Transaction& tx, int limit, int offset);

}  // namespace tongbao::store::auth
