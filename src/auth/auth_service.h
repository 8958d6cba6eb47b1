#pragma once
// Signing in and recognising who is calling: sessions for people (cookie or bearer token),
// API keys for machine clients. Failed sign-ins are slowed down per (account, address) and per
// address (core/login_throttle.h), never locked.
#include <optional>
#include <string>

#include "auth/session_cache.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/login_throttle.h"
#include "core/second_factor_policy.h"
#include "core/unit.h"
#include "store/auth_store.h"
#include "store/contact_store.h"
#include "store/database.h"

namespace tongbao::auth {

constexpr std::string_view kApiKeyPrefix = "tbk_";

struct LoginResult {
  // The password was right and the contact has a second factor: no session yet, but a challenge
  // to answer with a code (POST /api/v1/auth/login/second-factor) before it expires.
  std::string challenge;
  core::TimeMs challenge_expires_at = 0;
  std::string token;  // the session, when signed in
  core::TimeMs expires_at = 0;
  core::Principal principal;
  core::Contact contact;
  // Shown after signing in, so a person notices a sign-in that was not theirs: the previous
  // successful one, and the failed attempts since.
  std::optional<store::auth::LoginEvent> previous_sign_in;
  long long failures_since = 0;
  std::optional<store::auth::LoginEvent> last_failure;
};

// One of a person's sessions, as they see it in their details.
struct SessionView {
  std::string id;  // a prefix of the token's digest: names it without revealing it
  core::TimeMs created_at = 0, last_used_at = 0, expires_at = 0;
  std::string remote, user_agent, second_factor;
  bool current = false;
};

// A sign-in between its throttling check and its answer: the attempt is reserved (counted as if it
// had failed) until finish_login settles it, so parallel attempts cannot slip past the rules.
struct LoginAttempt {
  std::string oid;
  std::string account;
  std::string remote;
  std::string address;  // as throttling counts it (core::throttle_address)
  std::string user_agent;
  std::optional<store::contacts::LoginRecord> record;
  bool pending_valid = false;  // a password from the forgotten-password form waits, not yet lapsed
};

// Which password a sign-in gave: none of the contact's, the current one, or the one the
// forgotten-password form sent (which then replaces the current one).
enum class PasswordMatch { none, current, pending };

constexpr core::TimeMs kChallengeTtlMs = 5 * 60'000;
constexpr int kChallengeAttempts = 5;  // wrong codes before the password must be given again

class AuthService {
 public:
  AuthService(store::Database& db, const core::Clock& clock, core::ThrottlePolicy policy = {},
              core::TimeMs session_ttl_ms = 12 * 3600 * 1000, core::SecondFactorPolicy second_factor = {});

  // Signs in on the calling thread: begin_login, check_password, finish_login. Throws core::Error:
  // unauthenticated (wrong OID, account or password: one message for all) or too_many (wait
  // before trying again). Every attempt is recorded.
  LoginResult login(const std::string& oid, const std::string& account, const std::string& password,
                    const std::string& remote, const std::string& user_agent = "");
  // The same in three steps, so that the expensive one can run on another thread (HashingPool).
  // First the throttling, checked and the attempt reserved in one write; throws too_many (recorded
  // as "throttled") when the caller must wait.
  LoginAttempt begin_login(const std::string& oid, const std::string& account, const std::string& remote,
                           const std::string& user_agent = "");
  // Argon2id against the stored hash (or a dummy one, for an unknown account): no database.
  static PasswordMatch check_password(const LoginAttempt& attempt, const std::string& password);
  // Settles the attempt and records it; throws unauthenticated when the password was wrong.
  LoginResult finish_login(const LoginAttempt& attempt, PasswordMatch match);
  // The second step: a TOTP code or a recovery code for the challenge. Wrong codes count towards
  // the throttling of the account from this address, and of the address, like wrong passwords;
  // after kChallengeAttempts the challenge is gone.
  LoginResult pass_second_step(const std::string& challenge, const std::string& code, const std::string& recovery_code,
                               const std::string& remote, const std::string& user_agent = "");
  // A person's own sessions; ending one of them, or all but the current one.
  std::vector<SessionView> sessions(const core::Principal& who);
  void end_session(const core::Principal& who, const std::string& id);
  long long end_other_sessions(const core::Principal& who);
  void logout(const std::string& token);
  // A bearer value or cookie: an API key when it starts with kApiKeyPrefix, else a session token.
  std::optional<core::Principal> authenticate(const std::string& credential);

  // The principal of a contact, for use right after sign-in and by the CLI.
  static core::Principal principal_for(store::Transaction& tx, const core::Contact& contact);

  // Sessions looked up are kept a moment (SessionCache) once this is given one; the services that
  // change who a person is (contacts, units, second factors) call forget_cached_sessions().
  void cache_sessions(SessionCache* cache) { cache_ = cache; }
  void forget_cached_sessions() {
    if (cache_) cache_->forget_all();
  }

  const core::ThrottlePolicy& policy() const { return policy_; }
  const core::SecondFactorPolicy& second_factor_policy() const { return second_factor_; }

 private:
  void note_use(std::function<void(store::Transaction&)> write);
  std::optional<core::Principal> from_session(const std::string& token);
  std::optional<core::Principal> from_api_key(const std::string& key);

  store::Database& db_;
  const core::Clock& clock_;
  core::ThrottlePolicy policy_;
  core::TimeMs session_ttl_ms_;
  core::SecondFactorPolicy second_factor_;
  SessionCache* cache_ = nullptr;
};

}  // namespace tongbao::auth
