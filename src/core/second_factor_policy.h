#pragma once
// Which contacts must sign in with a second factor: by the kind of their unit. By default the
// CERT, the ministry and the centres, whose accounts reach many units; schools may choose it.
#include <optional>
#include <set>
#include <string>

#include "core/unit.h"

namespace tongbao::core {

struct SecondFactorPolicy {
  std::set<UnitKind> required{UnitKind::cert, UnitKind::ministry, UnitKind::regional_centre, UnitKind::county_centre};
  bool required_for(UnitKind kind) const { return required.count(kind) > 0; }
};

// "cert,county_centre" (unit kinds), or "none"; nullopt naming nothing valid.
std::optional<SecondFactorPolicy> parse_second_factor_policy(const std::string& kinds);

}  // namespace tongbao::core
