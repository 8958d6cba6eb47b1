#include "auth/auth_service.h"

#include <algorithm>

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

namespace {

core::Error too_many_attempts(const core::ThrottleDecision& decision) {
  core::Error e(core::ErrorKind::too_many, "too_many_attempts",
                "Too many failed sign-ins: wait a moment before trying again.");
  e.retry_after_seconds = static_cast<long>((decision.retry_after_ms + 999) / 1000);
  return e;
}

// Rows older than the rules remember go as sign-ins come (an index range, usually empty).
void prune(store::Transaction& tx, const core::ThrottlePolicy& policy, core::TimeMs now) {
  const auto forget = std::max(policy.account_address.forget_after_ms, policy.address.forget_after_ms);
  store::auth::prune_throttle_states(tx, now - forget, now - core::kReservationLifetimeMs);
}

}  // namespace

LoginResult AuthService::login(const std::string& oid, const std::string& account, const std::string& password,
                               const std::string& remote, const std::string& user_agent) {
  const auto attempt = begin_login(oid, account, remote, user_agent);
  return finish_login(attempt, check_password(attempt, password));
}

LoginAttempt AuthService::begin_login(const std::string& oid, const std::string& account, const std::string& remote,
                                      const std::string& user_agent) {
  const core::TimeMs now = clock_.now();
  LoginAttempt attempt{oid, account, remote, core::throttle_address(remote), user_agent, std::nullopt};
  const store::auth::ThrottleKey pair{oid, account, attempt.address};
  const auto address = store::auth::address_throttle_key(attempt.address);
  // Checked and reserved in one write: parallel attempts see each other's reservations.
  const auto decision = db_.write_value([&](store::Transaction& tx) {
    attempt.record = store::contacts::find_for_login(tx, oid, account);
    attempt.pending_valid = attempt.record && !attempt.record->pending_password_hash.empty() &&
                            now < attempt.record->pending_password_expires_at;
    const auto pair_state = store::auth::throttle_state(tx, pair);
    const auto address_state = store::auth::throttle_state(tx, address);
    auto d = core::check_attempt(policy_, pair_state, address_state, now);
    if (d.verdict != core::ThrottleVerdict::allowed) {
      store::auth::record_login(tx, {now, oid, account, attempt.record ? std::optional(attempt.record->contact.id) : std::nullopt,
                                     remote, "throttled"});
      return d;
    }
    prune(tx, policy_, now);
    store::auth::save_throttle_state(tx, pair, core::reserve_attempt(policy_.account_address, pair_state, now));
    store::auth::save_throttle_state(tx, address, core::reserve_attempt(policy_.address, address_state, now));
    return d;
  });
  if (decision.verdict != core::ThrottleVerdict::allowed) throw too_many_attempts(decision);
  return attempt;
}

PasswordMatch AuthService::check_password(const LoginAttempt& attempt, const std::string& password) {
  if (!attempt.record) {
    verify_against_dummy(password);  // as long as a real check, so the answer's time tells nothing
    return PasswordMatch::none;
  }
  if (verify_password(attempt.record->password_hash, password)) return PasswordMatch::current;
  // The forgotten-password form's new password works beside the old one until first used.
  if (attempt.pending_valid && verify_password(attempt.record->pending_password_hash, password))
    return PasswordMatch::pending;
  return PasswordMatch::none;
}

LoginResult AuthService::finish_login(const LoginAttempt& attempt, PasswordMatch match) {
  const bool password_right = match != PasswordMatch::none;
  const bool used_pending = match == PasswordMatch::pending;
  const core::TimeMs now = clock_.now();
  const auto& oid = attempt.oid;
  const auto& account = attempt.account;
  const auto& record = attempt.record;
  const store::auth::ThrottleKey pair{oid, account, attempt.address};
  const auto address = store::auth::address_throttle_key(attempt.address);
  std::string failure;
  if (!record) failure = "unknown_account";
  else if (!password_right) failure = "wrong_password";
  else if (!record->contact.active) failure = "closed_account";

  auto log = [&](store::Transaction& tx, const std::string& outcome) {
    store::auth::record_login(
        tx, {now, oid, account, record ? std::optional<long long>(record->contact.id) : std::nullopt, attempt.remote, outcome});
  };
  // A reservation settled: a failure counts for the account from this address and for the address.
  auto settle = [&](store::Transaction& tx, bool failed) {
    store::auth::save_throttle_state(
        tx, pair, core::settle_attempt(policy_.account_address, store::auth::throttle_state(tx, pair), failed, now));
    store::auth::save_throttle_state(
        tx, address, core::settle_attempt(policy_.address, store::auth::throttle_state(tx, address), failed, now));
  };

  if (!failure.empty()) {
    db_.write([&](store::Transaction& tx) {
      settle(tx, true);
      log(tx, failure);
    });
    throw core::Error(core::ErrorKind::unauthenticated, "invalid_credentials",
                      "The unit OID, account or password is not right.");
  }

  LoginResult result;
  result.contact = record->contact;
  if (used_pending) result.contact.must_change_password = true;
  db_.write([&](store::Transaction& tx) {
    // The password was right: not a failure, for the account or the address.
    settle(tx, false);
    auto contact = record->contact;
    if (used_pending) {
      // The new password is taken, the old one ends, and with it every session it opened.
      store::contacts::set_password(tx, contact.id, record->pending_password_hash, true, now);
      store::auth::delete_sessions_of(tx, contact.id);
      contact.must_change_password = true;
    }
    if (has_second_factor(tx, record->contact.id)) {
      // The failures of the account from this address stay: only the whole sign-in, second step
      // included, clears them.
      store::second_factors::delete_expired_challenges(tx, now);
      result.challenge = random_token();
      result.challenge_expires_at = now + kChallengeTtlMs;
      store::second_factors::insert_challenge(tx, sha256_hex(result.challenge), record->contact.id, attempt.remote, now,
                                              result.challenge_expires_at);
      log(tx, "password_ok");
      return;
    }
    store::auth::clear_throttle_state(tx, pair);
    fill_history(tx, contact.id, result);
    result.token = random_token();
    result.expires_at = now + session_ttl_ms_;
    store::auth::insert_session(tx, sha256_hex(result.token), contact.id, now, result.expires_at,
                                {attempt.remote, attempt.user_agent, ""});
    log(tx, "success");
    result.principal = principal_for(tx, contact);
    result.principal.session_hash = sha256_hex(result.token);
    result.principal.must_enrol_second_factor = second_factor_.required_for(result.principal.unit_kind);
  });
  if (used_pending) forget_cached_sessions();  // the old password's sessions ended with it
  return result;
}

LoginResult AuthService::pass_second_step(const std::string& challenge, const std::string& code,
                                          const std::string& recovery_code, const std::string& remote,
                                          const std::string& user_agent) {
  const core::TimeMs now = clock_.now();
  const auto challenge_hash = sha256_hex(challenge);
  const auto address = store::auth::address_throttle_key(core::throttle_address(remote));
  enum class Outcome { expired, throttled, wrong, passed };
  Outcome outcome = Outcome::expired;
  core::ThrottleDecision decision;
  LoginResult result;
  // One write: the throttling checked, the code checked (cheap), and the outcome counted.
  db_.write([&](store::Transaction& tx) {
    auto c = store::second_factors::find_challenge(tx, challenge_hash);
    if (!c || c->expires_at <= now) return;
    auto contact = store::contacts::find_by_id(tx, c->contact_id);
    auto unit = contact ? store::units::find_by_id(tx, contact->unit_id) : std::nullopt;
    if (!contact || !unit || !contact->active) return;
    const auto& oid = unit->oid;
    const auto& account = contact->account;
    const store::auth::ThrottleKey pair{oid, account, address.address};
    const auto pair_state = store::auth::throttle_state(tx, pair);
    const auto address_state = store::auth::throttle_state(tx, address);
    store::auth::LoginEvent event{now, oid, account, c->contact_id, remote, "throttled"};
    decision = core::check_attempt(policy_, pair_state, address_state, now);
    if (decision.verdict != core::ThrottleVerdict::allowed) {
      outcome = Outcome::throttled;
      store::auth::record_login(tx, event);
      return;
    }
    const auto method = pass_second_factor(tx, c->contact_id, code, recovery_code, now);
    if (!method.empty()) fill_history(tx, c->contact_id, result);
    event.outcome = method.empty() ? "wrong_second_factor" : "success";
    event.second_factor = method;
    store::auth::record_login(tx, event);
    if (method.empty()) {
      outcome = Outcome::wrong;
      prune(tx, policy_, now);
      store::auth::save_throttle_state(tx, pair, core::record_failure(policy_.account_address, pair_state, now));
      store::auth::save_throttle_state(tx, address, core::record_failure(policy_.address, address_state, now));
      if (c->failures + 1 >= kChallengeAttempts) store::second_factors::delete_challenge(tx, challenge_hash);
      else store::second_factors::count_challenge_failure(tx, challenge_hash);
      return;
    }
    outcome = Outcome::passed;
    store::second_factors::delete_challenge(tx, challenge_hash);
    store::auth::clear_throttle_state(tx, pair);
    result.contact = *contact;
    result.token = random_token();
    result.expires_at = now + session_ttl_ms_;
    store::auth::insert_session(tx, sha256_hex(result.token), c->contact_id, now, result.expires_at,
                                {remote, user_agent, method});
    result.principal = principal_for(tx, *contact);
    result.principal.session_hash = sha256_hex(result.token);
  });
  switch (outcome) {
    case Outcome::expired:
      throw core::Error(core::ErrorKind::unauthenticated, "challenge_expired",
                        "This sign-in has expired: enter your password again.");
    case Outcome::throttled:
      throw too_many_attempts(decision);
    case Outcome::wrong:
      throw core::Error(core::ErrorKind::unauthenticated, "wrong_second_factor",
                        "The code is not right, or was used already: enter the code your app shows now.",
                        recovery_code.empty() ? "code" : "recovery_code");
    case Outcome::passed:
      break;
  }
  return result;
}

void AuthService::logout(const std::string& token) {
  db_.write([&](store::Transaction& tx) { store::auth::delete_session(tx, sha256_hex(token)); });
  forget_cached_sessions();
}

// The last use is a note for the lists of sessions and keys, not evidence: it is queued, so that
// a request (a read, on a request thread) never waits for its commit, nor fails with it.
void AuthService::note_use(std::function<void(store::Transaction&)> write) {
  db_.write_rerunnable_async(std::move(write), [](std::exception_ptr) {});
}

std::optional<core::Principal> AuthService::authenticate(const std::string& credential) {
  if (credential.empty() || credential.size() > 200) return std::nullopt;
  if (credential.rfind(kApiKeyPrefix, 0) == 0) return from_api_key(credential);
  return from_session(credential);
}

std::optional<core::Principal> AuthService::from_session(const std::string& token) {
  const auto now = clock_.now();
  const auto hash = sha256_hex(token);
  if (cache_) {
    if (auto kept = cache_->find(hash); kept && kept->expires_at > now) {
      if (now - kept->last_used_at >= kTouchEveryMs) {
        note_use([hash, now](store::Transaction& tx) { store::auth::touch_session(tx, hash, now); });
        cache_->touched(hash, now);
      }
      return kept->principal;
    }
  }
  const auto generation = cache_ ? cache_->generation() : 0;
  std::optional<core::Principal> out;
  core::TimeMs expires_at = 0, last_used_at = 0;
  db_.read([&](store::Transaction& tx) {
    auto session = store::auth::find_session(tx, hash);
    if (!session || session->expires_at <= now) return;
    auto contact = store::contacts::find_by_id(tx, session->contact_id);
    if (!contact || !contact->active) return;
    out = principal_for(tx, *contact);
    out->session_hash = hash;
    out->must_enrol_second_factor = second_factor_.required_for(out->unit_kind) && !has_second_factor(tx, contact->id);
    expires_at = session->expires_at;
    last_used_at = session->last_used_at;
  });
  if (!out) return out;
  if (now - last_used_at >= kTouchEveryMs) {
    note_use([hash, now](store::Transaction& tx) { store::auth::touch_session(tx, hash, now); });
    last_used_at = now;
  }
  if (cache_) cache_->keep(hash, {*out, expires_at, last_used_at}, generation);
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
  forget_cached_sessions();
  if (!ended) throw core::not_found("You have no session " + id.substr(0, 32) + ".");
}

long long AuthService::end_other_sessions(const core::Principal& who) {
  if (who.contact_id <= 0) throw core::forbidden("Sessions belong to people; an API key has none.");
  const auto ended = db_.write_value([&](store::Transaction& tx) {
    const auto before = store::auth::sessions_of(tx, who.contact_id, clock_.now()).size();
    store::auth::delete_other_sessions(tx, who.contact_id, who.session_hash);
    return static_cast<long long>(before) - static_cast<long long>(store::auth::sessions_of(tx, who.contact_id, clock_.now()).size());
  });
  forget_cached_sessions();
  return ended;
}

std::optional<core::Principal> AuthService::from_api_key(const std::string& key) {
  const auto now = clock_.now();
  std::optional<core::Principal> out;
  bool touch = false;
  db_.read([&](store::Transaction& tx) {
    auto row = store::auth::find_api_key_by_hash(tx, sha256_hex(key));
    // An expired key is refused as an unknown one is.
    if (!row || row->revoked_at || (row->expires_at && *row->expires_at <= now)) return;
    auto unit = store::units::find_by_id(tx, row->unit_id);
    if (!unit) return;
    core::Principal p;
    p.unit_id = unit->id;
    p.unit_oid = unit->oid;
    p.unit_path = unit->path;
    p.unit_kind = unit->kind;
    p.api_key_id = row->id;
    p.read_only = row->scope != "read_write";
    p.label = "apikey:" + std::to_string(row->id);
    out = p;
    touch = !row->last_used_at || now - *row->last_used_at >= kTouchEveryMs;
  });
  // The last use is written at most once a minute per key, not on every request of a script.
  if (out && touch)
    note_use([id = out->api_key_id, now](store::Transaction& tx) { store::auth::touch_api_key(tx, id, now); });
  return out;
}

}  // namespace tongbao::auth
