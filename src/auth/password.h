#pragma once
// Password hashing with argon2id (libsodium's crypto_pwhash_str). The encoded hash carries its
// own salt and cost, so costs can rise later without breaking stored hashes.
#include <string>
#include <string_view>

namespace tongbao::auth {

std::string hash_password(std::string_view password);
bool verify_password(const std::string& encoded_hash, std::string_view password);
// Spends the same effort as a real check, so a wrong account name takes as long as a wrong password.
void verify_against_dummy(std::string_view password);

}  // namespace tongbao::auth
