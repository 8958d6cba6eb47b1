#pragma once
// When a centre is told that an outbreak may be under way: enough units of its subtree received
// warnings of one kind within the profile's span, and it has not been told of that kind within
// the span already.
#include <optional>

#include "core/clock.h"
#include "core/policy.h"

namespace tongbao::core {

// The start of the span that ends now.
TimeMs outbreak_alert_since(const PolicyProfile& profile, TimeMs now);

bool outbreak_alert_due(const PolicyProfile& profile, long long units_warned, std::optional<TimeMs> last_alert,
                        TimeMs now);

}  // namespace tongbao::core
