#include "core/stix_pattern.h"

#include <algorithm>

namespace tongbao::core {
namespace {

constexpr std::size_t kLongestAddress = 45;  // IPv6 with an embedded IPv4 address, as text

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

// From the opening quote at `i`: the end of the quoted string (one past the closing quote), and its
// value when it is short enough to be an address. STIX escapes a quote or backslash with a backslash.
std::size_t read_quoted(std::string_view s, std::size_t i, std::string& value, bool& short_enough) {
  value.clear();
  short_enough = true;
  for (++i; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) c = s[++i];
    else if (c == '\'') return i + 1;
    if (value.size() < kLongestAddress) value += c;
    else short_enough = false;
  }
  short_enough = false;  // never closed
  return s.size();
}

}  // namespace

std::vector<std::string> stix_pattern_addresses(std::string_view pattern) {
  static constexpr std::string_view kPaths[] = {"ipv4-addr:value", "ipv6-addr:value"};
  std::vector<std::string> out;
  std::string value;
  std::size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '\'') {  // a string that is not the right-hand side of an address comparison
      bool ignored = false;
      i = read_quoted(pattern, i, value, ignored);
      continue;
    }
    const auto path = std::find_if(std::begin(kPaths), std::end(kPaths),
                                   [&](std::string_view p) { return pattern.substr(i, p.size()) == p; });
    if (path == std::end(kPaths)) {
      ++i;
      continue;
    }
    i = skip_spaces(pattern, i + path->size());
    if (i >= pattern.size() || pattern[i] != '=') continue;
    i = skip_spaces(pattern, i + 1);
    if (i >= pattern.size() || pattern[i] != '\'') continue;
    bool short_enough = false;
    i = read_quoted(pattern, i, value, short_enough);
    if (short_enough && std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
  }
  return out;
}

}  // namespace tongbao::core
