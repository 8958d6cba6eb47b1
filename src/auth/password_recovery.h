#pragma once
// Forgotten passwords: a person who gives their unit's OID, their name, e-mail and mobile as a
// contact of that unit holds them, and answers a captcha, gets a new random password by e-mail
// and SMS (through the outbox), at most once every fifteen minutes. The answer to the form is the
// same whether or not a contact matched, so the form does not tell who is a contact.
// Someone who only knows those details changes nothing: the old password keeps working until the
// new one is first used, and the new one lapses after a day. Captchas and requests are limited per
// client address; instead of the picture, a code can be mailed to the contact's own address.
#include <optional>
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace tongbao::auth {

class PasswordRecovery {
 public:
  PasswordRecovery(store::Database& db, const core::Clock& clock);
  void set_links(std::string public_url, bool sms_enabled) {
    public_url_ = std::move(public_url);
    sms_enabled_ = sms_enabled;
  }

  struct Captcha {
    std::string id, image;  // image: an SVG data URL
    core::TimeMs expires_at = 0;
  };
  // Throws core::Error too_many when this address asked for too many lately.
  Captcha new_captcha(const std::string& remote = "");
  // The accessible alternative to the picture: a code mailed to the contact of `oid` whose
  // e-mail this is (if any: the answer is the same either way). `image` is empty.
  Captcha mailed_code(const std::string& oid, const std::string& email, const std::string& remote = "");
  // The answer, for tests only (the route exists only with a test clock).
  std::optional<std::string> captcha_answer(const std::string& id);

  struct Request {
    std::string oid, name, email, mobile, captcha_id, captcha_answer;
  };
  // Throws core::Error naming captcha_answer when the captcha is wrong, used or expired (a captcha
  // answers once, right or wrong). Returns whether a contact matched, for the audit trail only.
  bool recover(const Request& request, const std::string& remote = "");

 private:
  store::Database& db_;
  const core::Clock& clock_;
  std::string public_url_;
  bool sms_enabled_ = false;
};

// Mobile numbers as digits, "+886 912-345-678" and "0912345678" alike.
std::string normalised_mobile(const std::string& mobile);

}  // namespace tongbao::auth
