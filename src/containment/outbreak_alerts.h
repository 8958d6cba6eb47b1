#pragma once
// Tells a centre and the CERT that an outbreak may be under way: when new warnings reach units,
// each centre above them counts the units of its subtree that received warnings of that kind
// within the profile's span; at the profile's threshold it is told, once per span and kind.
#include <string>
#include <vector>

#include "core/policy_set.h"
#include "warnings/warning_observer.h"

namespace tongbao::containment {

class OutbreakAlerts : public warnings::WarningObserver {
 public:
  explicit OutbreakAlerts(const core::PolicySet& policies, std::string public_url = "")
      : policies_(policies), public_url_(std::move(public_url)) {}
  void set_public_url(std::string url) { public_url_ = std::move(url); }

  void on_warnings_routed(store::Transaction& tx, const std::vector<core::Warning>& fresh,
                          const std::map<long long, store::units::UnitPlace>& places, core::TimeMs now) override;

 private:
  const core::PolicySet& policies_;
  std::string public_url_;
};

}  // namespace tongbao::containment
