#pragma once
// Outbreaks: the warnings, tickets and blocks of a subtree over a time window, grouped by what
// they have in common (sub-category, the remote address such as a C2 server, or the detection
// rule), with each unit's first sighting in time order, so that the first infected school and the
// spread are visible.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace tongbao::core {

enum class SightingKind { warning, ticket, block };
std::string_view to_string(SightingKind k);

// One thing seen at one unit at one time.
struct Sighting {
  long long unit_id = 0;
  TimeMs at = 0;
  SightingKind kind = SightingKind::warning;
  long long id = 0;          // of the warning, ticket or block
  std::string subcategory;   // the incident sub-category: a ticket's own; see incident_subcategory_for
  std::string warning_subcategory;  // a warning's own (or a block's warning's), until mapped
  std::string remote;        // the other end of a warning's observation (a C2 address), if any
  std::string rule;          // the warning's detection rule, if any
  long long coordinated_id = 0;     // a ticket's coordinated incident (its parent), if any
  std::string coordinated_number;
};

enum class OutbreakGrouping { subcategory, remote, rule };
std::optional<OutbreakGrouping> parse_outbreak_grouping(std::string_view text);

struct OutbreakUnit {
  long long unit_id = 0;
  TimeMs first_seen = 0, last_seen = 0;
  long long warnings = 0, tickets = 0, blocks = 0;
};

struct OutbreakGroup {
  std::string key;                // the sub-category, remote address or rule
  std::vector<OutbreakUnit> units;  // in order of first sighting: the first is where it began
  long long sightings = 0;
  TimeMs first_seen = 0, last_seen = 0;
  long long coordinated_id = 0;  // escalated: the coordinated incident its tickets are part of
  std::string coordinated_number;
};

// What a sighting has in common with the others of its group under a grouping ("" if nothing).
const std::string& grouping_key(const Sighting& s, OutbreakGrouping by);

// Gives warnings' sightings the incident sub-category their warning would become, so that a
// county's botnet warnings and its schools' botnet tickets are one group.
void map_warning_subcategories(std::vector<Sighting>& sightings);

// Groups with at least `min_units` units, the most widespread first; sightings without the key
// (no remote address, no rule) are left out of that grouping.
std::vector<OutbreakGroup> group_outbreaks(const std::vector<Sighting>& sightings, OutbreakGrouping by,
                                           size_t min_units = 1);

}  // namespace tongbao::core
