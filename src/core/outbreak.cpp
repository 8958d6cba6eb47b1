#include "core/outbreak.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/warning.h"

namespace tongbao::core {

std::string_view to_string(SightingKind k) {
  switch (k) {
    case SightingKind::warning: return "warning";
    case SightingKind::ticket: return "ticket";
    case SightingKind::block: return "block";
  }
  return "warning";
}

std::optional<OutbreakGrouping> parse_outbreak_grouping(std::string_view text) {
  if (text == "subcategory") return OutbreakGrouping::subcategory;
  if (text == "remote") return OutbreakGrouping::remote;
  if (text == "rule") return OutbreakGrouping::rule;
  return std::nullopt;
}

const std::string& grouping_key(const Sighting& s, OutbreakGrouping by) {
  return by == OutbreakGrouping::subcategory ? s.subcategory : by == OutbreakGrouping::remote ? s.remote : s.rule;
}

void map_warning_subcategories(std::vector<Sighting>& sightings) {
  for (auto& s : sightings)
    if (s.subcategory.empty() && !s.warning_subcategory.empty())
      s.subcategory = incident_subcategory_for(s.warning_subcategory);
}

std::vector<OutbreakGroup> group_outbreaks(const std::vector<Sighting>& sightings, OutbreakGrouping by,
                                           size_t min_units) {
  std::map<std::string, std::map<long long, OutbreakUnit>> groups;
  std::map<std::string, long long> counts;
  std::map<std::string, std::pair<long long, std::string>> coordinated;
  for (const auto& s : sightings) {
    const std::string& key = grouping_key(s, by);
    if (key.empty()) continue;
    auto& u = groups[key][s.unit_id];
    if (u.unit_id == 0 || s.at < u.first_seen) u.first_seen = s.at;
    if (u.unit_id == 0 || s.at > u.last_seen) u.last_seen = s.at;
    u.unit_id = s.unit_id;
    (s.kind == SightingKind::warning ? u.warnings : s.kind == SightingKind::ticket ? u.tickets : u.blocks) += 1;
    ++counts[key];
    if (s.coordinated_id && !coordinated.count(key)) coordinated[key] = {s.coordinated_id, s.coordinated_number};
  }
  std::vector<OutbreakGroup> out;
  for (auto& [key, units] : groups) {
    if (units.size() < min_units) continue;
    OutbreakGroup g;
    g.key = key;
    g.sightings = counts[key];
    if (auto c = coordinated.find(key); c != coordinated.end())
      std::tie(g.coordinated_id, g.coordinated_number) = c->second;
    for (auto& [id, u] : units) g.units.push_back(u);
    std::sort(g.units.begin(), g.units.end(), [](const auto& a, const auto& b) {
      return a.first_seen != b.first_seen ? a.first_seen < b.first_seen : a.unit_id < b.unit_id;
    });
    g.first_seen = g.units.front().first_seen;
    g.last_seen = std::max_element(g.units.begin(), g.units.end(), [](auto& a, auto& b) { return a.last_seen < b.last_seen; })
                      ->last_seen;
    out.push_back(std::move(g));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.units.size() != b.units.size() ? a.units.size() > b.units.size()
           : a.first_seen != b.first_seen   ? a.first_seen < b.first_seen
                                            : a.key < b.key;
  });
  return out;
}

}  // namespace tongbao::core
