#pragma once
// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second steps,
// six digits, which every authenticator app reads from the otpauth:// address of a QR code.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace tongbao::auth {

constexpr core::TimeMs kTotpStepMs = 30'000;
constexpr int kTotpDigits = 6;

// RFC 4648 base32 without padding, as authenticator apps show and accept secrets.
std::string base32_encode(std::string_view bytes);
// Spaces and case are ignored; nullopt on any other character.
std::optional<std::string> base32_decode(std::string_view text);

// A new random secret of 20 bytes (the size of an HMAC-SHA1 key, RFC 4226's recommendation).
std::string new_totp_secret();

long long totp_step(core::TimeMs now);
// The six digits of a step, zero-padded.
std::string totp_code(std::string_view secret, long long step);

// The step among the previous, current and next one whose code is `code`, if any is later than
// `last_used_step` (a code counts once: the same or an earlier step is a replay).
std::optional<long long> matching_totp_step(std::string_view secret, std::string_view code, core::TimeMs now,
                                            long long last_used_step);

// otpauth://totp/ISSUER:LABEL?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer, std::string_view label, std::string_view secret);

}  // namespace tongbao::auth
