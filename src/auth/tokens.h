#pragma once
// Random secrets and their digests (libsodium). Only digests of tokens and keys are stored.
#include <string>
#include <string_view>

namespace tongbao::auth {

// n random bytes as URL-safe base64 without padding.
std::string random_token(size_t bytes = 32);
// A password a person can type from a message: letters and digits without look-alikes. From 10
// characters on it passes auth::check_new_password (without a person's own words).
std::string random_password(size_t length = 12);
// How far above the strength rule a generated password is kept, in bits: the person it is for is
// not known when it is drawn, and a piece of it may read as their name. 100,000 draws of 12
// characters lost at most 9 bits to a test teacher's own words.
constexpr double kGeneratedPasswordMarginBits = 12;
std::string sha256_hex(std::string_view data);
// The digest in standard base64 with padding, as a Content-Security-Policy hash source wants it.
std::string sha256_base64(std::string_view data);
// Compares in time independent of where the strings differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace tongbao::auth
