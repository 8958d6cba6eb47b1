#pragma once
// The tree of tickets the statistics and list benchmarks run on: 4,000 schools under 20 county
// centres under 4 regional centres under the CERT, and tickets spread over five years, the
// most recent `open_share` of them still open (reported), the rest closed.
#include <cstdint>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "store/database.h"

namespace tongbao::bench {

struct Tree {
  std::vector<std::int64_t> schools, school_parent;
  core::Principal cert, county, school;  // someone signed in at the CERT, a county and a school
};

void write_tree(store::Database& db);
Tree read_tree(store::Database& db);
// Tickets in order of awareness over the five years before `end`; ids 1..tickets.
void load_tickets(store::Database& db, const Tree& tree, long tickets, core::TimeMs end, double open_share = 0);
// Early warnings from the CERT to schools over the year before `end`, the newest `open_share` of
// them not yet answered.
void load_warnings(store::Database& db, const Tree& tree, long warnings, core::TimeMs end, double open_share);

}  // namespace tongbao::bench
