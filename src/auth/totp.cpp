#include "auth/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <cstdio>

#include "auth/tokens.h"

namespace tongbao::auth {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// Percent-encoding for the parts of an otpauth address.
std::string uri_escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace

std::string base32_encode(std::string_view bytes) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '=') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const auto at = kAlphabet.find(c);
    if (at == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | static_cast<unsigned>(at);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string new_totp_secret() {
  std::string secret(20, '\0');
  randombytes_buf(secret.data(), secret.size());
  return secret;
}

long long totp_step(core::TimeMs now) { return now >= 0 ? now / kTotpStepMs : (now - kTotpStepMs + 1) / kTotpStepMs; }

std::string totp_code(std::string_view secret, long long step) {
  std::array<unsigned char, 8> counter{};
  auto value = static_cast<unsigned long long>(step);
  for (int i = 7; i >= 0; --i, value >>= 8) counter[static_cast<size_t>(i)] = static_cast<unsigned char>(value & 0xff);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), counter.data(), counter.size(), digest, &length);
  // RFC 4226 5.3: dynamic truncation.
  const unsigned offset = digest[length - 1] & 0x0f;
  const unsigned long binary = ((digest[offset] & 0x7fUL) << 24) | (static_cast<unsigned long>(digest[offset + 1]) << 16) |
                               (static_cast<unsigned long>(digest[offset + 2]) << 8) | digest[offset + 3];
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06lu", binary % 1'000'000UL);
  return buf;
}

std::optional<long long> matching_totp_step(std::string_view secret, std::string_view code, core::TimeMs now,
                                            long long last_used_step) {
  std::string digits;
  for (char c : code)
    if (c >= '0' && c <= '9') digits += c;
    else if (c != ' ') return std::nullopt;
  if (digits.size() != kTotpDigits) return std::nullopt;
  const long long current = totp_step(now);
  std::optional<long long> found;
  // Every candidate is computed and compared in constant time, so timing tells nothing.
  for (long long step : {current - 1, current, current + 1})
    if (constant_time_equal(totp_code(secret, step), digits) && step > last_used_step && !found) found = step;
  return found;
}

std::string otpauth_uri(std::string_view issuer, std::string_view label, std::string_view secret) {
  const auto i = uri_escape(issuer);
  return "otpauth://totp/" + i + ":" + uri_escape(label) + "?secret=" + base32_encode(secret) + "&issuer=" + i +
         "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace tongbao::auth
