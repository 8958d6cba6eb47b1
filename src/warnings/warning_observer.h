#pragma once
// Told of new warnings routed to units, within the transaction that stores them (the outbreak
// alert counts them there).
#include <vector>

#include "core/clock.h"
#include "core/warning.h"
#include "store/database.h"

namespace tongbao::warnings {

class WarningObserver {
 public:
  virtual ~WarningObserver() = default;
  virtual void on_warnings_routed(store::Transaction& tx, const std::vector<core::Warning>& routed, core::TimeMs now) = 0;
};

}  // namespace tongbao::warnings
