#include "auth/password.h"

#include <sodium.h>

#include <stdexcept>

#include "auth/tokens.h"

namespace tongbao::auth {
namespace {
// libsodium's "interactive" limits: about 50–100 ms and 64 MiB per hash on this class of machine.
constexpr unsigned long long kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}  // namespace

std::string hash_password(std::string_view password) {
  random_token(1);  // makes sure libsodium is initialised
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOps, kMem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(const std::string& encoded_hash, std::string_view password) {
  if (encoded_hash.empty()) return false;
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

void verify_against_dummy(std::string_view password) {
  static const std::string dummy = hash_password("not-a-real-password");
  verify_password(dummy, password);
}

}  // namespace tongbao::auth
