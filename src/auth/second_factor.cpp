#include "auth/second_factor.h"

#include "audit/audit_log.h"
#include "auth/qr_svg.h"
#include "auth/tokens.h"
#include "auth/totp.h"
#include "core/error.h"
#include "notify/outbox.h"
#include "store/auth_store.h"
#include "store/contact_store.h"
#include "store/second_factor_store.h"
#include "store/unit_store.h"

namespace tongbao::auth {
namespace {

namespace sf = store::second_factors;

core::Error wrong_code(const std::string& field) {
  return core::Error(core::ErrorKind::invalid, "wrong_second_factor",
                     "The code is not right, or was used already: enter the code your app shows now.", field);
}

// Recovery codes as people type them: case, spaces and dashes do not matter.
std::string normalised_recovery_code(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::vector<std::string> new_recovery_codes(store::Transaction& tx, long long contact_id) {
  std::vector<std::string> codes, hashes;
  for (int i = 0; i < kRecoveryCodes; ++i) {
    const auto raw = random_password(10);  // about 56 bits: letters and digits without look-alikes
    codes.push_back(raw.substr(0, 5) + "-" + raw.substr(5));
    hashes.push_back(sha256_hex(normalised_recovery_code(raw)));
  }
  sf::replace_recovery_codes(tx, contact_id, hashes);
  return codes;
}

struct Owner {
  core::Contact contact;
  core::Unit unit;
  std::string target() const { return unit.oid + "#" + std::to_string(contact.slot); }
};

Owner owner_of(store::Transaction& tx, const core::Principal& who) {
  if (who.contact_id <= 0) throw core::forbidden("A second factor belongs to a person, not to an API key.");
  auto contact = store::contacts::find_by_id(tx, who.contact_id);
  auto unit = contact ? store::units::find_by_id(tx, contact->unit_id) : std::nullopt;
  if (!contact || !unit) throw core::not_found("Your contact is gone.");
  return {*contact, *unit};
}

struct Text {
  std::string subject, body;
};
Text reset_text(const std::string& locale, const std::string& name, const std::string& oid, const std::string& account,
                const std::string& by) {
  if (locale == "en")
    return {"Tongbao: your second factor was reset",
            "Dear " + name + ",\n\nThe second factor of your account on Tongbao (unit OID " + oid + ", account " +
                account + ") was reset by " + by +
                ".\nAt your next sign-in you will set it up again with your authenticator app.\n"
                "If you did not ask for this, tell your unit's network centre at once.\n"};
  return {"通報平台：您的兩步驟驗證已重設",
          name + " 您好：\n\n您在通報平台的帳號（單位 OID " + oid + "，帳號 " + account + "）的兩步驟驗證已由 " + by +
              " 重設。\n下次登入時，請以驗證器 App 重新設定。\n若不是您本人要求，請立即通知所屬的網路中心。\n"};
}

}  // namespace

bool has_second_factor(store::Transaction& tx, long long contact_id) {
  auto row = sf::find(tx, contact_id);
  return row && row->confirmed_at;
}

std::string pass_second_factor(store::Transaction& tx, long long contact_id, const std::string& code,
                               const std::string& recovery_code, core::TimeMs now) {
  auto row = sf::find(tx, contact_id);
  if (!row || !row->confirmed_at) return "";
  if (!recovery_code.empty()) {
    if (recovery_code.size() > 64) return "";
    return sf::use_recovery_code(tx, contact_id, sha256_hex(normalised_recovery_code(recovery_code)), now)
               ? "recovery_code"
               : "";
  }
  auto secret = base32_decode(row->secret);
  if (!secret) return "";
  auto step = matching_totp_step(*secret, code, now, row->last_step);
  // The conditional update makes two requests with the same code race to one winner.
  return step && sf::use_step(tx, contact_id, *step) ? "totp" : "";
}

SecondFactors::SecondFactors(store::Database& db, const core::Clock& clock, core::SecondFactorPolicy policy)
    : db_(db), clock_(clock), policy_(std::move(policy)) {}

SecondFactorStatus SecondFactors::status(const core::Principal& who) {
  return db_.read_value([&](store::Transaction& tx) {
    auto owner = owner_of(tx, who);
    SecondFactorStatus s;
    s.required = policy_.required_for(owner.unit.kind);
    if (auto row = sf::find(tx, who.contact_id)) {
      s.enrolled = row->confirmed_at.has_value();
      s.pending = !s.enrolled;
      s.enrolled_at = row->confirmed_at;
      if (s.enrolled) s.recovery_codes_left = sf::recovery_codes_left(tx, who.contact_id);
    }
    return s;
  });
}

Enrolment SecondFactors::begin(const core::Principal& who) {
  const auto secret = new_totp_secret();
  return db_.write_value([&](store::Transaction& tx) {
    auto owner = owner_of(tx, who);
    if (has_second_factor(tx, who.contact_id))
      throw core::Error(core::ErrorKind::conflict, "second_factor_enrolled",
                        "A second factor is set up already: turn it off first to set up another.");
    sf::begin(tx, who.contact_id, base32_encode(secret), clock_.now());
    Enrolment e;
    e.secret = base32_encode(secret);
    e.otpauth_uri = otpauth_uri("Tongbao", owner.unit.code + "/" + owner.contact.account, secret);
    e.qr_svg = qr_code_svg(e.otpauth_uri);
    return e;
  });
}

std::vector<std::string> SecondFactors::confirm(const core::Principal& who, const std::string& code) {
  const SessionCache::ForgetOnExit forget_sessions(sessions_);
  return db_.write_value([&](store::Transaction& tx) {
    auto owner = owner_of(tx, who);
    auto row = sf::find(tx, who.contact_id);
    if (!row) throw core::Error(core::ErrorKind::conflict, "no_enrolment", "Begin the set-up first.");
    if (row->confirmed_at)
      throw core::Error(core::ErrorKind::conflict, "second_factor_enrolled", "The second factor is set up already.");
    const auto now = clock_.now();
    auto secret = base32_decode(row->secret);
    auto step = secret ? matching_totp_step(*secret, code, now, row->last_step) : std::nullopt;
    if (!step || !sf::use_step(tx, who.contact_id, *step)) throw wrong_code("code");
    sf::confirm(tx, who.contact_id, now);
    auto codes = new_recovery_codes(tx, who.contact_id);
    audit::append(tx, now, who.label, "contact.second_factor_enrolled", "contact", owner.target(), std::nullopt,
                  std::nullopt);
    return codes;
  });
}

std::vector<std::string> SecondFactors::renew_recovery_codes(const core::Principal& who, const std::string& code) {
  return db_.write_value([&](store::Transaction& tx) {
    auto owner = owner_of(tx, who);
    const auto now = clock_.now();
    if (!has_second_factor(tx, who.contact_id))
      throw core::Error(core::ErrorKind::conflict, "no_second_factor", "No second factor is set up.");
    if (pass_second_factor(tx, who.contact_id, code, "", now).empty()) throw wrong_code("code");
    auto codes = new_recovery_codes(tx, who.contact_id);
    audit::append(tx, now, who.label, "contact.recovery_codes_renewed", "contact", owner.target(), std::nullopt,
                  std::nullopt);
    return codes;
  });
}

void SecondFactors::turn_off(const core::Principal& who, const std::string& code, const std::string& recovery_code) {
  const SessionCache::ForgetOnExit forget_sessions(sessions_);
  db_.write([&](store::Transaction& tx) {
    auto owner = owner_of(tx, who);
    if (policy_.required_for(owner.unit.kind))
      throw core::Error(core::ErrorKind::forbidden, "second_factor_required",
                        "Contacts of your unit must sign in with a second factor: it cannot be turned off.");
    const auto now = clock_.now();
    if (!has_second_factor(tx, who.contact_id)) {
      sf::remove(tx, who.contact_id);  // an enrolment never confirmed
      return;
    }
    if (pass_second_factor(tx, who.contact_id, code, recovery_code, now).empty())
      throw wrong_code(recovery_code.empty() ? "code" : "recovery_code");
    sf::remove(tx, who.contact_id);
    audit::append(tx, now, who.label, "contact.second_factor_removed", "contact", owner.target(), std::nullopt,
                  std::nullopt);
  });
}

void SecondFactors::reset(const core::Principal& who, const std::string& oid, int slot) {
  const SessionCache::ForgetOnExit forget_sessions(sessions_);
  db_.write([&](store::Transaction& tx) {
    auto unit = store::units::find_by_oid(tx, oid);
    if (!unit || !core::can_read_unit(who, {unit->id, unit->path}))
      throw core::not_found("No unit with the OID " + oid + " is visible to you.");
    // A person of a centre above the unit, or of the CERT: never a colleague of the same unit,
    // so one contact's stolen password cannot clear another's factor. No API key.
    if (!core::can_manage_unit(who, {unit->id, unit->path}))
      throw core::forbidden("Only a centre above " + oid + " may reset the second factor of its contacts.");
    auto contact = store::contacts::find(tx, unit->id, slot);
    if (!contact || !contact->active)
      throw core::not_found("Contact " + std::to_string(slot) + " of " + oid + " is not open.");
    if (!sf::find(tx, contact->id))
      throw core::Error(core::ErrorKind::conflict, "no_second_factor",
                        "Contact " + std::to_string(slot) + " of " + oid + " has no second factor to reset.");
    const auto now = clock_.now();
    sf::remove(tx, contact->id);
    store::auth::delete_sessions_of(tx, contact->id);
    audit::append(tx, now, who.label, "contact.second_factor_reset", "contact", oid + "#" + std::to_string(slot),
                  std::nullopt, std::nullopt);
    const auto text = reset_text(contact->locale, contact->name, oid, contact->account, who.label);
    notify::enqueue(tx, {0, "email", contact->email, contact->name, contact->locale, text.subject, text.body,
                         "second_factor_reset", 0},
                    now);
  });
}

}  // namespace tongbao::auth
