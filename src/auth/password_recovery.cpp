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
constexpr core::TimeMs kPendingPasswordLifetime = 24LL * 3600 * 1000;
// Per client address: captchas (pictures or mailed codes) in their lifetime, and filled-in forms
// in an hour. Enough for a person who mistypes; a script gets 429 after a handful.
constexpr int kCaptchasPerAddress = 10;
constexpr int kRequestsPerAddress = 10;
constexpr core::TimeMs kRequestWindow = 3600 * 1000;
constexpr core::TimeMs kMailedCodeInterval = 5 * 60 * 1000;  // at most one mailed code per contact

core::Error too_many(core::TimeMs retry_after_ms) {
  core::Error e(core::ErrorKind::too_many, "too_many_attempts",
                "Too many requests from your address: wait a while before asking again.");
  e.retry_after_seconds = static_cast<long>((retry_after_ms + 999) / 1000);
  return e;
}

// Counts this address's captchas in their lifetime; throws when there are too many already.
void limit_captchas(store::Transaction& tx, const std::string& remote, core::TimeMs now) {
  auto r = tx.query_one("SELECT COUNT(*), MIN(created_at) FROM captchas WHERE remote = ? AND created_at > ?",
                        {remote, now - kCaptchaLifetime});
  if (r && r->integer(0) >= kCaptchasPerAddress) throw too_many(r->integer(1) + kCaptchaLifetime - now);
}

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
                "\nIt works for 24 hours; your old password keeps working until the new one is first used."
                "\nIf you did not ask for this, ignore this message and tell your unit's network centre.\n",
            "Tongbao: new password for " + oid + " / " + account + ": " + password + " (change it after signing in)"};
  return {"通報平台：您的新密碼",
          name + " 您好：\n\n有人以「忘記密碼」為您在通報平台的帳號申請了新密碼。\n\n單位 OID：" + oid + "\n帳號：" +
              account + "\n新密碼：" + password + "\n\n請登入後立即變更密碼：" + url +
              "\n新密碼 24 小時內有效；在您第一次使用新密碼之前，舊密碼仍然可用。"
              "\n若不是您本人申請，請忽略此信並通知所屬的網路中心。\n",
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

PasswordRecovery::Captcha PasswordRecovery::new_captcha(const std::string& remote) {
  std::string digits;
  for (int i = 0; i < kCaptchaDigits; ++i) digits += static_cast<char>('0' + randombytes_uniform(10));
  Captcha c;
  c.id = random_token(16);
  c.expires_at = clock_.now() + kCaptchaLifetime;
  std::uint64_t seed = 0;
  randombytes_buf(&seed, sizeof seed);
  c.image = core::svg_data_url(core::captcha_svg(digits, seed));
  const auto now = clock_.now();
  db_.write([&](store::Transaction& tx) {
    tx.execute("DELETE FROM captchas WHERE expires_at < ?", {now});
    limit_captchas(tx, remote, now);
    tx.execute("INSERT INTO captchas (id, answer, expires_at, remote, created_at) VALUES (?, ?, ?, ?, ?)",
               {c.id, digits, c.expires_at, remote, now});
  });
  return c;
}

PasswordRecovery::Captcha PasswordRecovery::mailed_code(const std::string& oid, const std::string& email,
                                                        const std::string& remote) {
  std::string digits;
  for (int i = 0; i < 6; ++i) digits += static_cast<char>('0' + randombytes_uniform(10));
  Captcha c;
  c.id = random_token(16);
  const auto now = clock_.now();
  c.expires_at = now + kCaptchaLifetime;
  db_.write([&](store::Transaction& tx) {
    tx.execute("DELETE FROM captchas WHERE expires_at < ?", {now});
    limit_captchas(tx, remote, now);
    std::optional<core::Contact> to;
    if (auto unit = store::units::find_by_oid(tx, trimmed(oid)))
      for (const auto& contact : store::contacts::for_unit(tx, unit->id))
        if (contact.active && lower(contact.email) == lower(trimmed(email))) to = contact;
    if (to) {
      auto last = tx.query_one("SELECT MAX(created_at) FROM captchas WHERE contact_id = ?",
                               {static_cast<std::int64_t>(to->id)});
      if (last && !last->is_null(0) && now - last->integer(0) < kMailedCodeInterval) to.reset();  // one on its way
    }
    // Without a matching contact the row still exists, with an answer nobody was sent.
    tx.execute("INSERT INTO captchas (id, answer, expires_at, remote, created_at, contact_id) VALUES (?, ?, ?, ?, ?, ?)",
               {c.id, to ? digits : random_token(16), c.expires_at, remote, now,
                to ? store::Value(static_cast<std::int64_t>(to->id)) : store::Value(nullptr)});
    if (!to) return;
    const bool en = to->locale == "en";
    const std::string subject = en ? "Tongbao: your code for the forgotten-password form" : "通報平台：忘記密碼表單的驗證碼";
    const std::string body =
        en ? "Dear " + to->name + ",\n\nThe code for the forgotten-password form is: " + digits +
                 "\nIt is valid for ten minutes. If you did not ask for it, you can ignore this message.\n"
           : to->name + " 您好：\n\n忘記密碼表單的驗證碼為：" + digits + "\n十分鐘內有效。若不是您本人要求，請忽略此信。\n";
    notify::enqueue(tx, {0, "email", to->email, to->name, to->locale, subject, body, "recovery_code", 0}, now);
  });
  return c;
}

std::optional<std::string> PasswordRecovery::captcha_answer(const std::string& id) {
  return db_.read_value([&](store::Transaction& tx) -> std::optional<std::string> {
    auto r = tx.query_one("SELECT answer FROM captchas WHERE id = ?", {id});
    return r ? std::optional(r->text(0)) : std::nullopt;
  });
}

bool PasswordRecovery::recover(const Request& in, const std::string& remote) {
  const auto now = clock_.now();
  // The captcha is spent first, in its own transaction, so a wrong guess cannot be tried again.
  std::optional<long long> code_for;  // a mailed code answers only for its contact
  const bool captcha_ok = db_.write_value([&](store::Transaction& tx) {
    auto requests = tx.query_one("SELECT COUNT(*), MIN(at) FROM recovery_requests WHERE remote = ? AND at > ?",
                                 {remote, now - kRequestWindow});
    if (requests && requests->integer(0) >= kRequestsPerAddress) throw too_many(requests->integer(1) + kRequestWindow - now);
    tx.execute("DELETE FROM recovery_requests WHERE at <= ?", {now - kRequestWindow});
    tx.execute("INSERT INTO recovery_requests (remote, at) VALUES (?, ?)", {remote, now});
    auto r = tx.query_one("SELECT answer, expires_at, contact_id FROM captchas WHERE id = ?", {in.captcha_id});
    if (!r) return false;
    tx.execute("DELETE FROM captchas WHERE id = ?", {in.captcha_id});
    code_for = r->optional_integer(2);
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
      if (code_for && *code_for != c.id) return false;  // a code mailed to someone else
      auto last = tx.query_one("SELECT last_at FROM password_recoveries WHERE contact_id = ?",
                               {static_cast<std::int64_t>(c.id)});
      if (last && now - last->integer(0) < kRecoveryInterval) return false;  // the last one is on its way
      tx.execute("INSERT INTO password_recoveries (contact_id, last_at) VALUES (?, ?) "
                 "ON CONFLICT (contact_id) DO UPDATE SET last_at = excluded.last_at",
                 {static_cast<std::int64_t>(c.id), now});
      // Beside the old password, not instead of it: details known to others change nothing.
      store::contacts::set_pending_password(tx, c.id, hash, now + kPendingPasswordLifetime);
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
