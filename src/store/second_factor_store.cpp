#include "store/second_factor_store.h"

namespace tongbao::store::second_factors {
namespace {
std::int64_t i64(long long v) { return static_cast<std::int64_t>(v); }
}  // namespace

std::optional<SecondFactorRow> find(Transaction& tx, long long contact_id) {
  auto r = tx.query_one("SELECT contact_id, secret, created_at, confirmed_at, last_step FROM second_factors "
                        "WHERE contact_id = ?",
                        {i64(contact_id)});
  if (!r) return std::nullopt;
  return SecondFactorRow{r->integer(0), r->text(1), r->integer(2), r->optional_integer(3), r->integer(4)};
}

void begin(Transaction& tx, long long contact_id, const std::string& secret, core::TimeMs now) {
  tx.execute("INSERT INTO second_factors (contact_id, secret, created_at, confirmed_at, last_step) "
             "VALUES (?, ?, ?, NULL, 0) ON CONFLICT (contact_id) DO UPDATE SET secret = excluded.secret, "
             "created_at = excluded.created_at, confirmed_at = NULL, last_step = 0",
             {i64(contact_id), secret, now});
}

void confirm(Transaction& tx, long long contact_id, core::TimeMs now) {
  tx.execute("UPDATE second_factors SET confirmed_at = ? WHERE contact_id = ?", {now, i64(contact_id)});
}

bool use_step(Transaction& tx, long long contact_id, long long step) {
  return tx.execute("UPDATE second_factors SET last_step = ? WHERE contact_id = ? AND last_step < ?",
                    {i64(step), i64(contact_id), i64(step)}) == 1;
}

void remove(Transaction& tx, long long contact_id) {
  tx.execute("DELETE FROM second_factors WHERE contact_id = ?", {i64(contact_id)});
  tx.execute("DELETE FROM recovery_codes WHERE contact_id = ?", {i64(contact_id)});
}

void replace_recovery_codes(Transaction& tx, long long contact_id, const std::vector<std::string>& code_hashes) {
  tx.execute("DELETE FROM recovery_codes WHERE contact_id = ?", {i64(contact_id)});
  for (const auto& h : code_hashes)
    tx.execute("INSERT INTO recovery_codes (contact_id, code_hash) VALUES (?, ?)", {i64(contact_id), h});
}

bool use_recovery_code(Transaction& tx, long long contact_id, const std::string& code_hash, core::TimeMs now) {
  return tx.execute("UPDATE recovery_codes SET used_at = ? WHERE contact_id = ? AND code_hash = ? AND used_at IS NULL",
                    {now, i64(contact_id), code_hash}) == 1;
}

long long recovery_codes_left(Transaction& tx, long long contact_id) {
  return tx.query_one("SELECT COUNT(*) FROM recovery_codes WHERE contact_id = ? AND used_at IS NULL", {i64(contact_id)})
      ->integer(0);
}

void insert_challenge(Transaction& tx, const std::string& token_hash, long long contact_id, const std::string& remote,
                      core::TimeMs now, core::TimeMs expires_at) {
  tx.execute("INSERT INTO sign_in_challenges (token_hash, contact_id, remote, created_at, expires_at) "
             "VALUES (?, ?, ?, ?, ?)",
             {token_hash, i64(contact_id), remote, now, expires_at});
}

std::optional<Challenge> find_challenge(Transaction& tx, const std::string& token_hash) {
  auto r = tx.query_one("SELECT contact_id, remote, expires_at, failures FROM sign_in_challenges WHERE token_hash = ?",
                        {token_hash});
  if (!r) return std::nullopt;
  return Challenge{r->integer(0), r->text(1), r->integer(2), static_cast<int>(r->integer(3))};
}

void count_challenge_failure(Transaction& tx, const std::string& token_hash) {
  tx.execute("UPDATE sign_in_challenges SET failures = failures + 1 WHERE token_hash = ?", {token_hash});
}

void delete_challenge(Transaction& tx, const std::string& token_hash) {
  tx.execute("DELETE FROM sign_in_challenges WHERE token_hash = ?", {token_hash});
}

void delete_expired_challenges(Transaction& tx, core::TimeMs now) {
  tx.execute("DELETE FROM sign_in_challenges WHERE expires_at <= ?", {now});
}

}  // namespace tongbao::store::second_factors
