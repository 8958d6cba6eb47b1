#pragma once
// The outbreak view of a centre or the CERT: its subtree's warnings, tickets and blocks over a
// window, grouped by sub-category, remote address or rule, each unit in order of first sighting.
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/outbreak.h"
#include "store/database.h"

namespace tongbao::containment {

struct OutbreakQuery {
  core::TimeMs from = 0, to = 0;
  core::OutbreakGrouping by = core::OutbreakGrouping::subcategory;
  size_t min_units = 2;                 // an outbreak is more than one unit
  std::optional<std::string> unit_oid;  // a part of the caller's subtree
};

constexpr core::TimeMs kMaxOutbreakWindow = 400LL * 86'400'000;

class OutbreakService {
 public:
  explicit OutbreakService(store::Database& db) : db_(db) {}
  std::vector<core::OutbreakGroup> outbreaks(const core::Principal& who, const OutbreakQuery& q);

 private:
  store::Database& db_;
};

}  // namespace tongbao::containment
