#pragma once
// What the outbreak view reads: each warning, ticket and block of a subtree in a time window, as
// a sighting at a unit at a time.
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

}  // namespace tongbao::store::outbreaks
