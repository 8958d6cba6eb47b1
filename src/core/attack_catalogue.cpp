#include "core/attack_catalogue.h"

#include <algorithm>
#include <cctype>

#include "core/csv.h"
#include "core/error.h"

namespace tongbao::core {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The records of a catalogue file after its header, which must be `header`.
std::vector<CsvRecord> rows_of(std::string_view text, const CsvRecord& header, const std::string& file) {
  auto parsed = parse_csv(text);
  if (!parsed.error.empty())
    throw Error(ErrorKind::invalid, "invalid_catalogue", file + " line " + std::to_string(parsed.error_line) + ": " + parsed.error);
  if (parsed.records.empty() || parsed.records.front() != header)
    throw Error(ErrorKind::invalid, "invalid_catalogue", file + ": the first row must name the columns of the catalogue");
  for (std::size_t i = 1; i < parsed.records.size(); ++i)
    if (parsed.records[i].size() < header.size())
      throw Error(ErrorKind::invalid, "invalid_catalogue", file + " row " + std::to_string(i + 1) + ": missing columns");
  parsed.records.erase(parsed.records.begin());
  return parsed.records;
}

}  // namespace

AttackCatalogue AttackCatalogue::parse(std::string_view techniques_csv, std::string_view tactics_csv) {
  AttackCatalogue c;
  for (auto& r : rows_of(tactics_csv, {"id", "shortname", "name"}, "attack-enterprise-tactics.csv"))
    c.tactics_.push_back({r[0], r[1], r[2]});
  for (auto& r : rows_of(techniques_csv, {"id", "name", "tactics", "modified"}, "attack-enterprise-techniques.csv")) {
    AttackTechnique t{r[0], r[1], {}};
    std::size_t start = 0;
    while (start < r[2].size()) {
      const auto end = std::min(r[2].find(' ', start), r[2].size());
      if (end > start) t.tactics.push_back(r[2].substr(start, end - start));
      start = end + 1;
    }
    c.techniques_.push_back(std::move(t));
  }
  std::sort(c.techniques_.begin(), c.techniques_.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return c;
}

const AttackTechnique* AttackCatalogue::find(std::string_view id) const {
  auto it = std::lower_bound(techniques_.begin(), techniques_.end(), id, [](const auto& t, std::string_view v) { return t.id < v; });
  return it != techniques_.end() && it->id == id ? &*it : nullptr;
}

const AttackTactic* AttackCatalogue::tactic(std::string_view id) const {
  auto it = std::find_if(tactics_.begin(), tactics_.end(), [&](const auto& t) { return t.id == id; });
  return it != tactics_.end() ? &*it : nullptr;
}

std::vector<const AttackTechnique*> AttackCatalogue::search(std::string_view text, std::size_t limit) const {
  const auto wanted = lower(text);
  std::vector<const AttackTechnique*> by_id, by_name;
  for (const auto& t : techniques_) {
    if (lower(t.id).rfind(wanted, 0) == 0) by_id.push_back(&t);
    else if (lower(t.name).find(wanted) != std::string::npos) by_name.push_back(&t);
  }
  by_id.insert(by_id.end(), by_name.begin(), by_name.end());
  if (by_id.size() > limit) by_id.resize(limit);
  return by_id;
}

}  // namespace tongbao::core
