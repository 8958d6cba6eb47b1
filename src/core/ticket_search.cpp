#include "core/ticket_search.h"

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

}  // namespace

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
