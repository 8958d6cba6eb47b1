#pragma once
// Second factors of contacts: TOTP secrets, recovery code digests, and sign-ins waiting for their
// second step.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace tongbao::store::second_factors {

struct SecondFactorRow {
  long long contact_id = 0;
  std::string secret;  // base32
  core::TimeMs created_at = 0;
  std::optional<core::TimeMs> confirmed_at;
  long long last_step = 0;
};
std::optional<SecondFactorRow> find(Transaction& tx, long long contact_id);
// A new secret waiting for its first code; replaces any earlier one of the contact.
void begin(Transaction& tx, long long contact_id, const std::string& secret, core::TimeMs now);
void confirm(Transaction& tx, long long contact_id, core::TimeMs now);
// Takes a time step as used, if no later or equal one was: false when it was (a replay, or a
// concurrent use of the same code).
bool use_step(Transaction& tx, long long contact_id, long long step);
// The secret and every recovery code of the contact go.
void remove(Transaction& tx, long long contact_id);

void replace_recovery_codes(Transaction& tx, long long contact_id, const std::vector<std::string>& code_hashes);
// Marks an unused code used; false when there is none with this digest.
bool use_recovery_code(Transaction& tx, long long contact_id, const std::string& code_hash, core::TimeMs now);
long long recovery_codes_left(Transaction& tx, long long contact_id);

struct Challenge {
  long long contact_id = 0;
  std::string remote;
  core::TimeMs expires_at = 0;
  int failures = 0;
};
void insert_challenge(Transaction& tx, const std::string& token_hash, long long contact_id, const std::string& remote,
                      core::TimeMs now, core::TimeMs expires_at);
std::optional<Challenge> find_challenge(Transaction& tx, const std::string& token_hash);
void count_challenge_failure(Transaction& tx, const std::string& token_hash);
void delete_challenge(Transaction& tx, const std::string& token_hash);
void delete_expired_challenges(Transaction& tx, core::TimeMs now);

}  // namespace tongbao::store::second_factors
