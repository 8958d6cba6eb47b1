#include "core/ticket_search.h"

#include <set>
#include <string_view>

#include "core/error.h"
#include "core/utf8.h"

namespace tongbao::core {
namespace {

// ASCII only: Chinese has no case, and a byte of a UTF-8 sequence is never an ASCII letter.
std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// A character that stands in a pair: an ASCII letter or digit, or any non-ASCII character (the
// index's tokenizer takes every non-ASCII character as part of a word, and ASCII punctuation as a
// break).
bool pairs_with_others(std::string_view ch) {
  const auto c = static_cast<unsigned char>(ch[0]);
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The text cut into characters (a well-formed UTF-8 sequence each, or a single stray byte).
std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < text.size();) {
    size_t n = 1;
    while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80 && n < 4) ++n;
    if (static_cast<unsigned char>(text[i]) < 0x80) n = 1;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::string search_pairs(const std::string& lowered_text) {
  const auto chars = characters(lowered_text);
  std::set<std::string_view> seen_single;
  std::set<std::string> seen_pair;
  std::string out;
  auto add = [&](std::string_view token) {
    if (!out.empty()) out += ' ';
    out += token;
  };
  for (size_t i = 0; i < chars.size(); ++i) {
    if (!pairs_with_others(chars[i])) continue;
    if (seen_single.insert(chars[i]).second) add(chars[i]);
    if (i + 1 < chars.size() && pairs_with_others(chars[i + 1])) {
      std::string pair(chars[i]);
      pair += chars[i + 1];
      if (seen_pair.insert(pair).second) add(pair);
    }
  }
  return out;
}

bool answered_by_pairs(const std::string& term) {
  const auto chars = characters(term);
  if (chars.empty() || chars.size() > 2) return false;
  for (auto c : chars)
    if (!pairs_with_others(c)) return false;
  return true;
}

std::string ticket_search_text(const Incident& t, const std::string& unit_code, const std::string& unit_name) {
  std::string text = t.number + " " + unit_code + " " + unit_name + " " + t.report.subcategory;
  for (const auto& h : t.report.hosts) text += " " + h.ip + " " + h.hostname;
  for (const std::string* part : {&t.report.description, &t.report.impact_scope, &t.report.loss_assessment})
    if (!part->empty()) text += " " + *part;
  if (t.response) {
    const auto& r = *t.response;
    for (const std::string* part : {&r.emergency_measures, &r.solution, &r.root_cause.first_infected_host,
                                    &r.root_cause.entry_vector, &r.root_cause.lateral_movement})
      if (!part->empty()) text += " " + *part;
  }
  return lower(text);
}

std::vector<std::string> search_terms(const std::string& query) {
  if (!is_valid_utf8(query)) throw invalid("q", "The search is not valid UTF-8 text.");
  std::vector<std::string> terms;
  std::string current;
  auto flush = [&] {
    if (current.size() > 100) {  // cut at a character's start, never inside one
      size_t cut = 100;
      while (cut > 0 && (static_cast<unsigned char>(current[cut]) & 0xC0) == 0x80) --cut;
      current.resize(cut);
    }
    if (!current.empty() && terms.size() < 5) terms.push_back(lower(current));
    current.clear();
  };
  for (char c : query) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') flush();
    else if (c != '%' && c != '_' && c != '\\') current += c;
  }
  flush();
  return terms;
}

}  // namespace tongbao::core
