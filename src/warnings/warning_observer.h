#pragma once
// Told of a batch's new warnings, within the transaction that stores them (the outbreak alert
// counts those routed to units there; those in triage have no unit yet).
#include <map>
#include <vector>

#include "core/clock.h"
#include "core/warning.h"
#include "store/database.h"
#include "store/unit_places.h"

namespace tongbao::warnings {

class WarningObserver {
 public:
  virtual ~WarningObserver() = default;
  // `places` holds the place of each of their units (more may be there): the caller has read them.
  virtual void on_warnings_routed(store::Transaction& tx, const std::vector<core::Warning>& fresh,
                                  const std::map<long long, store::units::UnitPlace>& places, core::TimeMs now) = 0;
};

}  // namespace tongbao::warnings
