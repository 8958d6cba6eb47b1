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

namespace tongbao::core {
namespace {

bool path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == ':' || c == '.';
}
bool word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A path such as network-traffic:protocols[*] or extensions.'http-request-ext'.request_method.
std::size_t read_path(std::string_view s, std::size_t i, std::string& path) {
  path.clear();
  while (i < s.size()) {
    const char c = s[i];
    if (path_char(c)) {
      path += c;
      ++i;
    } else if (c == '[') {  // a list index inside the path: [*], [0]
      const auto close = s.find(']', i);
      if (close == std::string_view::npos || close - i > 12) break;
      path += s.substr(i, close - i + 1);
      i = close + 1;
    } else if (c == '\'' && !path.empty() && path.back() == '.') {  // a quoted key
      std::string key;
      bool ok = false;
      i = read_quoted(s, i, key, ok);
      path += key;
    } else {
      break;
    }
  }
  return i;
}

// A value after an operator: 'text', t'time', h'..', b'..', a number or true/false.
std::size_t read_value(std::string_view s, std::size_t i, std::string& value, bool& ok, std::size_t longest) {
  value.clear();
  ok = false;
  if (i + 1 < s.size() && (s[i] == 't' || s[i] == 'h' || s[i] == 'b') && s[i + 1] == '\'') ++i;
  if (i < s.size() && s[i] == '\'') {
    bool short_enough = false;
    // read_quoted keeps the first kLongestAddress characters: read it again here with our own limit.
    std::size_t j = i + 1;
    std::string v;
    bool closed = false;
    for (; j < s.size(); ++j) {
      char c = s[j];
      if (c == '\\' && j + 1 < s.size()) c = s[++j];
      else if (c == '\'') {
        closed = true;
        ++j;
        break;
      }
      if (v.size() <= longest) v += c;
    }
    (void)short_enough;
    ok = closed && v.size() <= longest;
    if (ok) value = std::move(v);
    return j;
  }
  const std::size_t start = i;
  while (i < s.size() && (path_char(s[i]) || s[i] == '+')) ++i;
  ok = i > start && i - start <= longest;
  if (ok) value = std::string(s.substr(start, i - start));
  return i;
}

}  // namespace

std::vector<std::vector<PatternComparison>> stix_pattern_observations(std::string_view s, std::size_t longest) {
  std::vector<std::vector<PatternComparison>> out;
  std::string scratch, path, op, value;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '\'') {  // a qualifier's time, outside any observation
      bool ignored = false;
      i = read_quoted(s, i, scratch, ignored);
      continue;
    }
    if (s[i] != '[') {
      ++i;
      continue;
    }
    out.emplace_back();
    auto& comparisons = out.back();
    ++i;
    while (i < s.size() && s[i] != ']') {
      i = skip_spaces(s, i);
      if (i >= s.size() || s[i] == ']') break;
      if (s[i] == '(' || s[i] == ')') {
        ++i;
        continue;
      }
      if (s[i] == '\'') {
        bool ignored = false;
        i = read_quoted(s, i, scratch, ignored);
        continue;
      }
      if (!path_char(s[i])) {
        ++i;
        continue;
      }
      const std::size_t before = i;
      i = read_path(s, i, path);
      if (i == before) {
        ++i;
        continue;
      }
      if (path.find(':') == std::string::npos) continue;  // AND, OR, NOT ...
      i = skip_spaces(s, i);
      op.clear();
      while (i < s.size() && (s[i] == '=' || s[i] == '!' || s[i] == '<' || s[i] == '>')) op += s[i++];
      if (op.empty()) {
        while (i < s.size() && word_char(s[i])) op += s[i++];
        if (op == "NOT") {
          i = skip_spaces(s, i);
          op = "NOT ";
          while (i < s.size() && word_char(s[i])) op += s[i++];
        }
      }
      if (op.empty()) continue;
      i = skip_spaces(s, i);
      if (i < s.size() && s[i] == '(') {  // IN ('a', 'b')
        ++i;
        while (i < s.size() && s[i] != ')' && s[i] != ']') {
          i = skip_spaces(s, i);
          if (i < s.size() && s[i] == ',') {
            ++i;
            continue;
          }
          bool ok = false;
          const std::size_t at = i;
          i = read_value(s, i, value, ok, longest);
          if (ok) comparisons.push_back({path, op == "IN" ? "=" : op, value});
          if (i == at) ++i;
        }
        if (i < s.size() && s[i] == ')') ++i;
        continue;
      }
      bool ok = false;
      i = read_value(s, i, value, ok, longest);
      if (ok) comparisons.push_back({path, op, value});
    }
    if (i < s.size()) ++i;  // the closing ]
  }
  return out;
}

}  // namespace tongbao::core
