#pragma once
// What the outbreak view reads: each warning, ticket and block of a subtree in a time window, as
// a sighting at a unit at a time.
#include <optional>
#include <string>
#include <vector>

#include "core/outbreak.h"
#include "store/database.h"

namespace tongbao::store::outbreaks {

// Warnings seen in [from, to) (by first and last sighting), tickets filed (not drafts) whose
// awareness falls in it, blocks made in it, of units under `within_path` (every unit when empty).
// Warnings' sub-categories are their own (warning_subcategory): core maps them.
std::vector<core::Sighting> sightings(Transaction& tx, const std::string& within_path, core::TimeMs from,
                                      core::TimeMs to);

// How many units under `within_path` received warnings of this sub-category since then.
long long units_warned(Transaction& tx, const std::string& within_path, const std::string& subcategory, core::TimeMs since);
// When this centre was last told of an outbreak of this kind, if ever.
std::optional<core::TimeMs> last_alert(Transaction& tx, long long centre_unit_id, const std::string& subcategory);
void record_alert(Transaction& tx, long long centre_unit_id, const std::string& subcategory, long long units,
                  core::TimeMs now);

}  // namespace tongbao::store::outbreaks
