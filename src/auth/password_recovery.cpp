#include "auth/password_recovery.h"

#include <algorithm>
#include <cctype>
#include <random>

#include <sodium.h>

#include "audit/audit_log.h"
#include "auth/password.h"
#include "auth/tokens.h"
#include "core/captcha.h"
#include "core/error.h"
#include "notify/outbox.h"
#include "store/auth_store.h"
#include "store/contact_store.h"
#include "store/unit_store.h"

namespace tongbao::auth {
namespace {

constexpr core::TimeMs kCaptchaLifetime = 10 * 60 * 1000;
constexpr int kCaptchaDigits = 5;
constexpr core::TimeMs kRecoveryInterval = 15 * 60 * 1000;  // at most one new password per contact

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

core::Error wrong_captcha() {
  return core::invalid("captcha_answer", "The captcha answer is wrong or has expired: ask for a new captcha.");
}

struct Text {
  std::string subject, body, sms;
};

Text new_password_text(const std::string& locale, const std::string& name, const std::string& oid,
                       const std::string& account, const std::string& password, const std::string& url) {
  if (locale == "en")
    return {"Tongbao: your new password",
            "Dear " + name + ",\n\nA new password was requested for your account on Tongbao with the forgotten-password "
            "form.\n\nUnit OID: " + oid + "\nAccount: " + account + "\nNew password: " + password +
                "\n\nSign in and change it at once: " + url +
                "\nIf you did not ask for this, tell your unit's network centre.\n",
            "Tongbao: new password for " + oid + " / " + account + ": " + password + " (change it after signing in)"};
  return {"通報平台：您的新密碼",
          name + " 您好：\n\n有人以「忘記密碼」為您在通報平台的帳號申請了新密碼。\n\n單位 OID：" + oid + "\n帳號：" +
              account + "\n新密碼：" + password + "\n\n請登入後立即變更密碼：" + url +
              "\n若不是您本人申請，請通知所屬的網路中心。\n",
          "通報平台：" + oid + " / " + account + " 的新密碼為 " + password + "，登入後請立即變更。"};
}

}  // namespace

std::string normalised_mobile(const std::string& mobile) {
  std::string digits;
  for (char c : mobile)
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  if (digits.rfind("886", 0) == 0 && digits.size() > 9) digits = "0" + digits.substr(3);
  return digits;
}

PasswordRecovery::PasswordRecovery(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

PasswordRecovery::Captcha PasswordRecovery::new_captcha() {
  std::string digits;
  for (int i = 0; i < kCaptchaDigits; ++i) digits += static_cast<char>('0' + randombytes_uniform(10));
  Captcha c;
  c.id = random_token(16);
  c.expires_at = clock_.now() + kCaptchaLifetime;
  std::uint64_t seed = 0;
  randombytes_buf(&seed, sizeof seed);
  c.image = core::svg_data_url(core::captcha_svg(digits, seed));
  db_.write([&](store::Transaction& tx) {
    tx.execute("DELETE FROM captchas WHERE expires_at < ?", {clock_.now()});
    tx.execute("INSERT INTO captchas (id, answer, expires_at) VALUES (?, ?, ?)", {c.id, digits, c.expires_at});
  });
  return c;
}

std::optional<std::string> PasswordRecovery::captcha_answer(const std::string& id) {
  return db_.read_value([&](store::Transaction& tx) -> std::optional<std::string> {
    auto r = tx.query_one("SELECT answer FROM captchas WHERE id = ?", {id});
    return r ? std::optional(r->text(0)) : std::nullopt;
  });
}

bool PasswordRecovery::recover(const Request& in) {
  const auto now = clock_.now();
  // The captcha is spent first, in its own transaction, so a wrong guess cannot be tried again.
  const bool captcha_ok = db_.write_value([&](store::Transaction& tx) {
    auto r = tx.query_one("SELECT answer, expires_at FROM captchas WHERE id = ?", {in.captcha_id});
    if (!r) return false;
    tx.execute("DELETE FROM captchas WHERE id = ?", {in.captcha_id});
    return r->integer(1) >= now && constant_time_equal(r->text(0), trimmed(in.captcha_answer));
  });
  if (!captcha_ok) throw wrong_captcha();

  const std::string password = random_password();
  const std::string hash = hash_password(password);
  return db_.write_value([&](store::Transaction& tx) {
    auto unit = store::units::find_by_oid(tx, trimmed(in.oid));
    if (!unit) return false;
    for (const auto& c : store::contacts::for_unit(tx, unit->id)) {
      if (!c.active || c.name != trimmed(in.name) || lower(c.email) != lower(trimmed(in.email)) ||
          c.mobile.empty() || normalised_mobile(c.mobile) != normalised_mobile(in.mobile))
        continue;
      auto last = tx.query_one("SELECT last_at FROM password_recoveries WHERE contact_id = ?",
                               {static_cast<std::int64_t>(c.id)});
      if (last && now - last->integer(0) < kRecoveryInterval) return false;  // the last one is on its way
      tx.execute("INSERT INTO password_recoveries (contact_id, last_at) VALUES (?, ?) "
                 "ON CONFLICT (contact_id) DO UPDATE SET last_at = excluded.last_at",
                 {static_cast<std::int64_t>(c.id), now});
      store::contacts::set_password(tx, c.id, hash, true, now);
      store::auth::delete_sessions_of(tx, c.id);
      const auto text = new_password_text(c.locale, c.name, unit->oid, c.account, password, public_url_);
      notify::enqueue(tx, {0, "email", c.email, c.name, c.locale, text.subject, text.body, "password_recovery", 0}, now);
      if (sms_enabled_)
        notify::enqueue(tx, {0, "sms", c.mobile, c.name, c.locale, "", text.sms, "password_recovery", 0}, now);
      audit::append(tx, now, unit->oid + "/" + c.account, "contact.password_recovered", "contact",
                    unit->oid + "#" + std::to_string(c.slot), std::nullopt, std::nullopt);
      return true;
    }
    return false;
  });
}

}  // namespace tongbao::auth
