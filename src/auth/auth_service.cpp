#include "auth/auth_service.h"

#include "auth/password.h"
#include "auth/second_factor.h"
#include "auth/tokens.h"
#include "core/error.h"
#include "store/auth_store.h"
#include "store/contact_store.h"
#include "store/second_factor_store.h"
#include "store/unit_store.h"

namespace tongbao::auth {
namespace {

constexpr core::TimeMs kTouchEveryMs = 60'000;  // last use is kept to the minute: no write per request
constexpr size_t kSessionIdLength = 16;

// The previous successful sign-in and the failures since, read before this one is recorded.
void fill_history(store::Transaction& tx, long long contact_id, LoginResult& result) {
  for (auto& e : store::auth::logins_of(tx, contact_id, 200)) {
    if (e.outcome == "success") {
      result.previous_sign_in = std::move(e);
      return;
    }
    if (e.outcome == "password_ok") continue;  // the first step of a sign-in, not a failure
    if (++result.failures_since == 1) result.last_failure = e;
  }
}

}  // namespace

AuthService::AuthService(store::Database& db, const core::Clock& clock, core::ThrottlePolicy policy,
                         core::TimeMs session_ttl_ms, core::SecondFactorPolicy second_factor)
    : db_(db), clock_(clock), policy_(policy), session_ttl_ms_(session_ttl_ms), second_factor_(std::move(second_factor)) {}

core::Principal AuthService::principal_for(store::Transaction& tx, const core::Contact& contact) {
  auto unit = store::units::find_by_id(tx, contact.unit_id);
  if (!unit) throw core::Error(core::ErrorKind::unauthenticated, "unauthenticated", "the account's unit is gone");
  core::Principal p;
  p.unit_id = unit->id;
  p.unit_oid = unit->oid;
  p.unit_path = unit->path;
  p.unit_kind = unit->kind;
  p.contact_id = contact.id;
  p.account_manager = contact.account_manager;
  p.must_change_password = contact.must_change_password;
  p.label = unit->oid + "/" + contact.account;
  return p;
}

LoginResult AuthService::login(const std::string& oid, const std::string& account, const std::string& password,
                               const std::string& remote, const std::string& user_agent) {
  const core::TimeMs now = clock_.now();
  core::ThrottleState state;
  std::optional<store::contacts::LoginRecord> record;
  db_.read([&](store::Transaction& tx) {
    state = store::auth::throttle_state(tx, oid, account);
    record = store::contacts::find_for_login(tx, oid, account);
  });

  auto log = [&](store::Transaction& tx, const std::string& outcome) {
    store::auth::record_login(
        tx, {now, oid, account, record ? std::optional<long long>(record->contact.id) : std::nullopt, remote, outcome});
  };

  auto decision = core::check_attempt(policy_, state, now);
  if (decision.verdict != core::ThrottleVerdict::allowed) {
    const bool locked = decision.verdict == core::ThrottleVerdict::locked;
    db_.write([&](store::Transaction& tx) { log(tx, locked ? "locked" : "throttled"); });
    core::Error e(locked ? core::ErrorKind::locked : core::ErrorKind::too_many,
                  locked ? "account_locked" : "too_many_attempts",
                  locked ? "Too many failed sign-ins: this account is locked for a while. Try again later."
                         : "Too many failed sign-ins: wait a moment before trying again.");
    e.retry_after_seconds = static_cast<long>((decision.retry_after_ms + 999) / 1000);
    throw e;
  }

  // The expensive check runs outside any transaction, so it never holds the write lock.
  bool ok;
  bool used_pending = false;
  std::string failure;
  if (!record) {
    verify_against_dummy(password);
    ok = false;
    failure = "unknown_account";
  } else {
    ok = verify_password(record->password_hash, password);
    // The forgotten-password form's new password works beside the old one until first used.
    if (!ok && !record->pending_password_hash.empty() && now < record->pending_password_expires_at &&
        verify_password(record->pending_password_hash, password)) {
      ok = true;
      used_pending = true;
    }
    if (!ok) failure = "wrong_password";
    else if (!record->contact.active) ok = false, failure = "closed_account";
  }

  if (!ok) {
    db_.write([&](store::Transaction& tx) {
      // Read again inside the write: concurrent failures must all count.
      auto fresh = store::auth::throttle_state(tx, oid, account);
      store::auth::save_throttle_state(tx, oid, account, core::record_failure(policy_, fresh, now));
      log(tx, failure);
    });
    throw core::Error(core::ErrorKind::unauthenticated, "invalid_credentials",
                      "The unit OID, account or password is not right.");
  }

  LoginResult result;
  result.contact = record->contact;
  if (used_pending) result.contact.must_change_password = true;
  db_.write([&](store::Transaction& tx) {
    if (used_pending) {
      // The new password is taken, the old one ends, and with it every session it opened.
      store::contacts::set_password(tx, record->contact.id, record->pending_password_hash, true, now);
      store::auth::delete_sessions_of(tx, record->contact.id);
      record->contact.must_change_password = true;
    }
    if (has_second_factor(tx, record->contact.id)) {
      // The throttling state stays: only the whole sign-in, second step included, clears it.
      store::second_factors::delete_expired_challenges(tx, now);
      result.challenge = random_token();
      result.challenge_expires_at = now + kChallengeTtlMs;
      store::second_factors::insert_challenge(tx, sha256_hex(result.challenge), record->contact.id, remote, now,
                                              result.challenge_expires_at);
      log(tx, "password_ok");
      return;
    }
    store::auth::clear_throttle_state(tx, oid, account);
    fill_history(tx, record->contact.id, result);
    result.token = random_token();
    result.expires_at = now + session_ttl_ms_;
    store::auth::insert_session(tx, sha256_hex(result.token), record->contact.id, now, result.expires_at,
                                {remote, user_agent, ""});
    log(tx, "success");
    result.principal = principal_for(tx, record->contact);
    result.principal.session_hash = sha256_hex(result.token);
    result.principal.must_enrol_second_factor = second_factor_.required_for(result.principal.unit_kind);
  });
  return result;
}

LoginResult AuthService::pass_second_step(const std::string& challenge, const std::string& code,
                                          const std::string& recovery_code, const std::string& remote,
                                          const std::string& user_agent) {
  const core::TimeMs now = clock_.now();
  const auto challenge_hash = sha256_hex(challenge);
  auto expired = [] {
    return core::Error(core::ErrorKind::unauthenticated, "challenge_expired",
                       "This sign-in has expired: enter your password again.");
  };
  struct Who {
    core::Contact contact;
    std::string oid;
  };
  std::optional<Who> who;
  core::ThrottleState state;
  db_.read([&](store::Transaction& tx) {
    auto c = store::second_factors::find_challenge(tx, challenge_hash);
    if (!c || c->expires_at <= now) return;
    auto contact = store::contacts::find_by_id(tx, c->contact_id);
    auto unit = contact ? store::units::find_by_id(tx, contact->unit_id) : std::nullopt;
    if (!contact || !unit || !contact->active) return;
    who = Who{*contact, unit->oid};
    state = store::auth::throttle_state(tx, unit->oid, contact->account);
  });
  if (!who) throw expired();
  const auto& oid = who->oid;
  const auto& account = who->contact.account;
  auto decision = core::check_attempt(policy_, state, now);
  if (decision.verdict != core::ThrottleVerdict::allowed) {
    core::Error e(core::ErrorKind::too_many, "too_many_attempts",
                  "Too many failed sign-ins: wait a moment before trying again.");
    e.retry_after_seconds = static_cast<long>((decision.retry_after_ms + 999) / 1000);
    throw e;
  }

  LoginResult result;
  result.contact = who->contact;
  bool passed = false;
  db_.write([&](store::Transaction& tx) {
    auto c = store::second_factors::find_challenge(tx, challenge_hash);
    if (!c || c->expires_at <= now) return;
    const auto method = pass_second_factor(tx, c->contact_id, code, recovery_code, now);
    if (!method.empty()) fill_history(tx, c->contact_id, result);
    store::auth::LoginEvent event{now, oid, account, c->contact_id, remote, method.empty() ? "wrong_second_factor" : "success",
                                  method};
    store::auth::record_login(tx, event);
    if (method.empty()) {
      store::auth::save_throttle_state(
          tx, oid, account, core::record_failure(policy_, store::auth::throttle_state(tx, oid, account), now));
      if (c->failures + 1 >= kChallengeAttempts) store::second_factors::delete_challenge(tx, challenge_hash);
      else store::second_factors::count_challenge_failure(tx, challenge_hash);
      return;
    }
    passed = true;
    store::second_factors::delete_challenge(tx, challenge_hash);
    store::auth::clear_throttle_state(tx, oid, account);
    result.token = random_token();
    result.expires_at = now + session_ttl_ms_;
    store::auth::insert_session(tx, sha256_hex(result.token), c->contact_id, now, result.expires_at,
                                {remote, user_agent, method});
    result.principal = principal_for(tx, who->contact);
    result.principal.session_hash = sha256_hex(result.token);
  });
  if (!passed) {
    auto e = core::Error(core::ErrorKind::unauthenticated, "wrong_second_factor",
                         "The code is not right, or was used already: enter the code your app shows now.",
                         recovery_code.empty() ? "code" : "recovery_code");
    throw e;
  }
  return result;
}

void AuthService::logout(const std::string& token) {
  db_.write([&](store::Transaction& tx) { store::auth::delete_session(tx, sha256_hex(token)); });
}

std::optional<core::Principal> AuthService::authenticate(const std::string& credential) {
  if (credential.empty() || credential.size() > 200) return std::nullopt;
  if (credential.rfind(kApiKeyPrefix, 0) == 0) return from_api_key(credential);
  return from_session(credential);
}

std::optional<core::Principal> AuthService::from_session(const std::string& token) {
  std::optional<core::Principal> out;
  const auto now = clock_.now();
  const auto hash = sha256_hex(token);
  bool stale = false;
  db_.read([&](store::Transaction& tx) {
    auto session = store::auth::find_session(tx, hash);
    if (!session || session->expires_at <= now) return;
    auto contact = store::contacts::find_by_id(tx, session->contact_id);
    if (!contact || !contact->active) return;
    out = principal_for(tx, *contact);
    out->session_hash = hash;
    out->must_enrol_second_factor = second_factor_.required_for(out->unit_kind) && !has_second_factor(tx, contact->id);
    stale = now - session->last_used_at >= kTouchEveryMs;
  });
  if (out && stale) db_.write([&](store::Transaction& tx) { store::auth::touch_session(tx, hash, now); });
  return out;
}

std::vector<SessionView> AuthService::sessions(const core::Principal& who) {
  if (who.contact_id <= 0) throw core::forbidden("Sessions belong to people; an API key has none.");
  std::vector<SessionView> out;
  db_.read([&](store::Transaction& tx) {
    for (const auto& s : store::auth::sessions_of(tx, who.contact_id, clock_.now()))
      out.push_back({s.token_hash.substr(0, kSessionIdLength), s.created_at, s.last_used_at, s.expires_at, s.remote,
                     s.user_agent, s.second_factor, s.token_hash == who.session_hash});
  });
  return out;
}

void AuthService::end_session(const core::Principal& who, const std::string& id) {
  if (who.contact_id <= 0) throw core::forbidden("Sessions belong to people; an API key has none.");
  const bool ended = db_.write_value([&](store::Transaction& tx) {
    for (const auto& s : store::auth::sessions_of(tx, who.contact_id, clock_.now()))
      if (id.size() == kSessionIdLength && s.token_hash.compare(0, kSessionIdLength, id) == 0) {
        store::auth::delete_session(tx, s.token_hash);
        return true;
      }
    return false;
  });
  if (!ended) throw core::not_found("You have no session " + id.substr(0, 32) + ".");
}

long long AuthService::end_other_sessions(const core::Principal& who) {
  if (who.contact_id <= 0) throw core::forbidden("Sessions belong to people; an API key has none.");
  return db_.write_value([&](store::Transaction& tx) {
    const auto before = store::auth::sessions_of(tx, who.contact_id, clock_.now()).size();
    store::auth::delete_other_sessions(tx, who.contact_id, who.session_hash);
    return static_cast<long long>(before) - static_cast<long long>(store::auth::sessions_of(tx, who.contact_id, clock_.now()).size());
  });
}

std::optional<core::Principal> AuthService::from_api_key(const std::string& key) {
  std::optional<core::Principal> out;
  db_.read([&](store::Transaction& tx) {
    auto row = store::auth::find_api_key_by_hash(tx, sha256_hex(key));
    if (!row || row->revoked_at) return;
    auto unit = store::units::find_by_id(tx, row->unit_id);
    if (!unit) return;
    core::Principal p;
    p.unit_id = unit->id;
    p.unit_oid = unit->oid;
    p.unit_path = unit->path;
    p.unit_kind = unit->kind;
    p.api_key_id = row->id;
    p.label = "apikey:" + std::to_string(row->id);
    out = p;
  });
  return out;
}

}  // namespace tongbao::auth
