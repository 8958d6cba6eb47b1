#pragma once
// Told of a batch's new warnings, within the transaction that stores them (the outbreak alert
// counts those routed to units there; those in triage have no unit yet).
#include <vector>

#include "core/clock.h"
#include "core/warning.h"
#include "store/database.h"

namespace tongbao::warnings {

class WarningObserver {
 public:
  virtual ~WarningObserver() = default;
  virtual void on_warnings_routed(store::Transaction& tx, const std::vector<core::Warning>& fresh, core::TimeMs now) = 0;
};

}  // namespace tongbao::warnings
