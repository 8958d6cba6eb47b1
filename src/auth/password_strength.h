#pragma once
// Whether a password a person chooses is good enough: 10 to 256 characters (core's rule), not on
// the list of the most common leaked passwords (catalogues/passwords/), and hard enough to guess
// by zxcvbn's estimate, counting the words of the person's own unit and account as known to the
// attacker. Passwords the platform generates (auth::random_password) always pass.
#include <string>
#include <string_view>
#include <vector>

#include "core/unit.h"

namespace tongbao::auth {

// The estimated guessing entropy a new password needs, in bits (log2 of the guesses).
//
// Stored passwords are Argon2id hashes with libsodium's interactive limits (64 MiB, about 0.1 s of
// one core each), and sign-in is throttled, so the danger is a copy of the database taken
// offline. 2^40 (about 10^12) guesses keep a small GPU farm of some 10,000 such hashes a second
// busy for years per account; zxcvbn's "score 3" (10^8 guesses, about 27 bits) would fall in
// hours and its "score 4" (10^10, about 33 bits) within weeks. Three unrelated common words
// ("harbour lamp violin", about 52 bits) clear it, so a passphrase a teacher can remember does.
constexpr double kMinPasswordEntropyBits = 40;

struct PasswordEstimate {
  double entropy_bits = 0;
  // What would make it stronger, as codes the web application translates (most telling first):
  // avoid_own_words, avoid_common_words, avoid_substitutions, avoid_repeats, avoid_sequences,
  // avoid_keyboard_patterns, avoid_dates; add_words comes last, always.
  std::vector<std::string> suggestions;
};

// zxcvbn's estimate, with `user_words` (any case) counted as the first words an attacker tries.
PasswordEstimate estimate_password(std::string_view password, const std::vector<std::string>& user_words);

// Whether the password is on the shipped list of common leaked passwords, in any letter case.
bool is_common_password(std::string_view password);

// The words of a person's unit (name, code, OID and its longer arcs) and of their account (account
// name, person's name, e-mail address's local part and their parts), with the platform's own name.
std::vector<std::string> password_user_words(const core::Unit* unit, const core::Contact* contact);

// Throws core::Error (invalid, naming `field`): password_too_short / password_too_long (length),
// common_password (on the list) or weak_password (below kMinPasswordEntropyBits; its
// `suggestions` are filled).
void check_new_password(std::string_view password, const std::vector<std::string>& user_words,
                        const std::string& field);

}  // namespace tongbao::auth
