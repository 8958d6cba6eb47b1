#include "auth/tokens.h"

#include <sodium.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

#include "auth/password_strength.h"

namespace tongbao::auth {
namespace {
struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  }
};
void ensure_sodium() { static SodiumInit once; }
}  // namespace

std::string random_token(size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string out(sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string random_password(size_t length) {
  ensure_sodium();
  static constexpr std::string_view alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  for (;;) {
    std::string out;
    for (size_t i = 0; i < length; ++i) out += alphabet[randombytes_uniform(static_cast<uint32_t>(alphabet.size()))];
    // About one draw of 12 characters in 5,000 happens to read as words or a pattern to zxcvbn and
    // would fail the rule people's own passwords meet: such a draw is made again. The draw is kept
    // only well clear of the rule (one in forty is made again), because the person it is for is
    // not known here, and a piece of it may read as their own name or account (a draw holding
    // "Lin9" lost 1 bit to a teacher named Huang Mei-ling, and fell short by it).
    if (length < core::kMinPasswordLength ||
        (!is_common_password(out) &&
         estimate_password(out, {}).entropy_bits >= kMinPasswordEntropyBits + kGeneratedPasswordMarginBits))
      return out;
  }
}

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string sha256_base64(std::string_view data) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
  return b64;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tongbao::auth
