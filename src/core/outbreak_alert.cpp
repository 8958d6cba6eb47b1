#include "core/outbreak_alert.h"

namespace tongbao::core {

TimeMs outbreak_alert_since(const PolicyProfile& p, TimeMs now) {
  // A span in months counts them as 30 days: this is a look back, not a calendar deadline.
  return now - p.outbreak_alert_within.ms - p.outbreak_alert_within.months * 30LL * 86'400'000;
}

bool outbreak_alert_due(const PolicyProfile& p, long long units_warned, std::optional<TimeMs> last_alert, TimeMs now) {
  if (p.outbreak_alert_units <= 0 || units_warned < p.outbreak_alert_units) return false;
  return !last_alert || *last_alert < outbreak_alert_since(p, now);
}

}  // namespace tongbao::core
