#pragma once
// A contact's second factor: enrolment with a QR code and a first code, ten single-use recovery
// codes, turning it off where policy allows, and a reset by a centre above the contact's unit
// (audited, with a mail to the contact). The check at sign-in lives here too.
#include <optional>
#include <string>
#include <vector>

#include "auth/session_cache.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/second_factor_policy.h"
#include "store/database.h"

namespace tongbao::auth {

constexpr int kRecoveryCodes = 10;

struct SecondFactorStatus {
  bool enrolled = false;  // confirmed: asked at every sign-in
  bool pending = false;   // enrolment begun, no code entered yet
  bool required = false;  // by the policy for the unit's kind
  std::optional<core::TimeMs> enrolled_at;
  long long recovery_codes_left = 0;
};

struct Enrolment {
  std::string secret;  // base32, to type into an app that cannot scan
  std::string otpauth_uri;
  std::string qr_svg;
};

// How a sign-in's second step was passed: "totp" or "recovery_code"; empty when it was not.
// Takes the code's step (or the recovery code) as used in the same transaction.
std::string pass_second_factor(store::Transaction& tx, long long contact_id, const std::string& code,
                               const std::string& recovery_code, core::TimeMs now);
bool has_second_factor(store::Transaction& tx, long long contact_id);

class SecondFactors {
 public:
  SecondFactors(store::Database& db, const core::Clock& clock, core::SecondFactorPolicy policy);
  // Setting up, turning off or resetting a second factor forgets the sessions kept there.
  void cache_sessions(SessionCache* cache) { sessions_ = cache; }

  SecondFactorStatus status(const core::Principal& who);
  // A new secret; 409 when one is already confirmed (turn it off first).
  Enrolment begin(const core::Principal& who);
  // The first code confirms the secret; returns the recovery codes, shown this once.
  std::vector<std::string> confirm(const core::Principal& who, const std::string& code);
  // New recovery codes for old ones, with a current code.
  std::vector<std::string> renew_recovery_codes(const core::Principal& who, const std::string& code);
  // With a current code (or a recovery code), where the policy does not require it.
  void turn_off(const core::Principal& who, const std::string& code, const std::string& recovery_code);
  // A centre above the unit (or the CERT) clears a contact's second factor: they enrol again at
  // their next sign-in. Audited; the contact is told by mail.
  void reset(const core::Principal& who, const std::string& oid, int slot);

  const core::SecondFactorPolicy& policy() const { return policy_; }

 private:
  store::Database& db_;
  const core::Clock& clock_;
  core::SecondFactorPolicy policy_;
  SessionCache* sessions_ = nullptr;
};

}  // namespace tongbao::auth
