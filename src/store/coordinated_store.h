#pragma once
// What a coordinated incident shows of each school: its child ticket, the warnings answered into
// it, and the school's blocked addresses.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace tongbao::store::coordinated {

struct ChildRow {
  long long ticket_id = 0, unit_id = 0;
  std::string number, state;
  bool responded = false;  // a response (what was done to clean up) is on file
  long long warnings = 0;  // warnings answered into the child ticket
  long long blocks_in_force = 0, unblock_requests = 0, blocks_ended = 0;  // of the school's addresses
};
std::vector<ChildRow> children(Transaction& tx, long long parent_id, core::TimeMs now);

}  // namespace tongbao::store::coordinated
