#include "auth/password_strength.h"

#include <zxcvbn.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "core/error.h"
#include "store/embedded.h"

namespace tongbao::auth {
namespace {

// Words shorter than this would match pieces of unrelated passwords ("31", "db").
constexpr std::size_t kMinUserWordLength = 3;

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return out;
}

const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> all = [] {
    std::unordered_set<std::string> set;
    const std::string_view text = embedded::common_passwords_txt();
    std::size_t start = 0;
    while (start < text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      auto line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      // Shorter ones are refused by length before the list is asked.
      if (line.size() >= core::kMinPasswordLength) set.insert(ascii_lower(line));
      start = end + 1;
    }
    return set;
  }();
  return all;
}

void add_word(std::vector<std::string>& words, std::string_view word) {
  if (word.size() < kMinUserWordLength) return;
  std::string w = ascii_lower(word);
  if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(std::move(w));
}

// The word and, when it has separators, each of its parts.
void add_word_and_parts(std::vector<std::string>& words, std::string_view word, std::string_view separators) {
  add_word(words, word);
  std::size_t start = 0;
  while (start <= word.size()) {
    auto end = word.find_first_of(separators, start);
    if (end == std::string_view::npos) end = word.size();
    if (end - start < word.size()) add_word(words, word.substr(start, end - start));
    start = end + 1;
  }
}

struct Suggestion {
  const char* code;
  const char* text;
};

// In the order they are given: the most telling first.
constexpr Suggestion kSuggestions[] = {
    {"avoid_own_words", "Leave out the unit's name, code and OID, your account and your name."},
    {"avoid_common_words", "Common words, names and passwords are guessed first."},
    {"avoid_substitutions", "Look-alike swaps such as p@ssw0rd help little."},
    {"avoid_repeats", "Repeated characters or words such as aaa or abcabc add little."},
    {"avoid_sequences", "Sequences such as abc or 1234 are easy to guess."},
    {"avoid_keyboard_patterns", "Keyboard patterns such as qwerty or 1qaz2wsx are easy to guess."},
    {"avoid_dates", "Dates and years are easy to guess."},
    {"add_words", "Add a word or two: several unrelated words make a strong passphrase that is easy to remember."},
};

const char* suggestion_for(ZxcTypeMatch_t type) {
  switch (static_cast<int>(type) & ~static_cast<int>(MULTIPLE_MATCH)) {
    case USER_MATCH:
    case USER_LEET_MATCH: return "avoid_own_words";
    case DICTIONARY_MATCH: return "avoid_common_words";
    case DICT_LEET_MATCH: return "avoid_substitutions";
    case REPEATS_MATCH: return "avoid_repeats";
    case SEQUENCE_MATCH: return "avoid_sequences";
    case SPATIAL_MATCH: return "avoid_keyboard_patterns";
    case DATE_MATCH:
    case YEAR_MATCH: return "avoid_dates";
    default: return nullptr;
  }
}

}  // namespace

PasswordEstimate estimate_password(std::string_view password, const std::vector<std::string>& user_words) {
  // zxcvbn reads a C string: a password with a NUL byte is judged by what comes before it, which
  // can only lower the estimate.
  const std::string pwd(password);
  std::vector<const char*> dict;
  dict.reserve(user_words.size() + 1);
  for (const auto& w : user_words) dict.push_back(w.c_str());
  dict.push_back(nullptr);

  ZxcMatch_t* info = nullptr;
  PasswordEstimate out;
  out.entropy_bits = ZxcvbnMatch(pwd.c_str(), dict.data(), &info);
  std::vector<std::string> found;
  bool multiple = false;
  for (const ZxcMatch_t* m = info; m; m = m->Next) {
    // A character or two read as a word ("!" as a look-alike of i) says nothing worth advice.
    if (m->Length < static_cast<int>(kMinUserWordLength)) continue;
    if (const char* code = suggestion_for(m->Type)) found.emplace_back(code);
    if (static_cast<int>(m->Type) & MULTIPLE_MATCH) multiple = true;
  }
  ZxcvbnFreeInfo(info);
  if (multiple) found.emplace_back("avoid_repeats");
  for (const auto& s : kSuggestions)
    if (std::string_view(s.code) == "add_words" || std::find(found.begin(), found.end(), s.code) != found.end())
      out.suggestions.emplace_back(s.code);
  return out;
}

bool is_common_password(std::string_view password) { return common_passwords().count(ascii_lower(password)) > 0; }

std::vector<std::string> password_user_words(const core::Unit* unit, const core::Contact* contact) {
  std::vector<std::string> words;
  if (unit) {
    add_word_and_parts(words, unit->name, " ");
    add_word_and_parts(words, unit->code, "_");
    add_word_and_parts(words, unit->oid, ".");
  }
  if (contact) {
    add_word_and_parts(words, contact->account, "._-@");
    add_word_and_parts(words, contact->name, " ");
    add_word_and_parts(words, contact->email.substr(0, contact->email.find('@')), "._-+");
  }
  add_word(words, "tongbao");
  add_word(words, "通報");
  return words;
}

void check_new_password(std::string_view password, const std::vector<std::string>& user_words,
                        const std::string& field) {
  core::validate_password_strength(password, field);
  if (is_common_password(password))
    throw core::Error(core::ErrorKind::invalid, "common_password",
                      field + " is one of the most common leaked passwords, which are tried first: choose another",
                      field);
  auto estimate = estimate_password(password, user_words);
  if (estimate.entropy_bits >= kMinPasswordEntropyBits) return;
  char bits[64];
  std::snprintf(bits, sizeof bits, "about %.0f bits where %.0f are needed", std::floor(estimate.entropy_bits),
                kMinPasswordEntropyBits);
  std::string message = field + " is too easy to guess (" + bits + ").";
  for (const auto& code : estimate.suggestions)
    for (const auto& s : kSuggestions)
      if (code == s.code) message += std::string(" ") + s.text;
  core::Error error(core::ErrorKind::invalid, "weak_password", message, field);
  error.suggestions = std::move(estimate.suggestions);
  throw error;
}

}  // namespace tongbao::auth
