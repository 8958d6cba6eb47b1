#include "core/advisory.h"

#include <algorithm>
#include <regex>

#include "core/error.h"
#include "core/utf8.h"

namespace tongbao::core {

const std::vector<std::string_view>& advisory_severities() {
  static const std::vector<std::string_view> v = {"low", "medium", "high", "critical"};
  return v;
}

const std::vector<std::string_view>& advisory_answers() {
  static const std::vector<std::string_view> v = {"affected", "not_affected", "patched", "mitigated"};
  return v;
}

namespace {

void check_text(const std::string& text, std::size_t max, const std::string& field, bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) throw invalid(field, field + " is required");
  if (!is_valid_utf8(text)) throw invalid(field, field + " is not valid UTF-8");
  if (utf8_length(text) > max) throw invalid(field, field + " may hold at most " + std::to_string(max) + " characters");
}

void check_list(const std::vector<std::string>& items, const std::string& field) {
  if (items.size() > kMaxAdvisoryListItems)
    throw invalid(field, field + " may hold at most " + std::to_string(kMaxAdvisoryListItems) + " items");
  for (size_t i = 0; i < items.size(); ++i) {
    check_text(items[i], kMaxAdvisoryItem, field + "[" + std::to_string(i) + "]", true);
    if (items[i].find('\n') != std::string::npos) throw invalid(field + "[" + std::to_string(i) + "]", "one line each");
  }
}

}  // namespace

void check_advisory(const AdvisoryInput& a, TimeMs now) {
  check_text(a.title, kMaxAdvisoryTitle, "title", true);
  if (a.title.find('\n') != std::string::npos) throw invalid("title", "title is one line");
  check_text(a.text, kMaxAdvisoryText, "text", true);
  const auto& s = advisory_severities();
  if (std::find(s.begin(), s.end(), a.severity) == s.end())
    throw invalid("severity", "severity must be low, medium, high or critical");
  check_list(a.products, "products");
  check_list(a.cves, "cves");
  static const std::regex cve(R"(CVE-\d{4}-\d{4,})");
  for (size_t i = 0; i < a.cves.size(); ++i)
    if (!std::regex_match(a.cves[i], cve))
      throw invalid("cves[" + std::to_string(i) + "]", "a CVE identifier looks like CVE-2026-12345");
  check_list(a.references, "references");
  if (a.reply_by <= now) throw invalid("reply_by", "reply_by must be in the future");
}

void check_advisory_answer(const std::string& answer, const std::string& note) {
  const auto& a = advisory_answers();
  if (std::find(a.begin(), a.end(), answer) == a.end())
    throw invalid("answer", "answer must be affected, not_affected, patched or mitigated");
  check_text(note, kMaxAdvisoryNote, "note", answer == "affected" || answer == "mitigated");
}

}  // namespace tongbao::core
