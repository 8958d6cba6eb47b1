#pragma once
// A ticket's deadlines under its policy profile, computed from the time of awareness: when each
// falls due, whether it was met, and how late. Pure: recomputed whenever the ticket is read, so a
// level change moves them at once.
#include <optional>
#include <string>
#include <vector>

#include "core/incident.h"
#include "core/policy.h"
#include "core/policy_set.h"

namespace tongbao::core {

// The moments of a ticket's life that deadlines look at.
struct TicketMoments {
  TimeMs aware_at = 0;
  int level = 1;
  std::optional<TimeMs> reported_at, filed_at, reviewed_at, responded_at, resolved_at, approved_at, investigation_report_at;
  std::optional<TimeMs> at(Milestone m) const;
};

// The moments of a ticket as they stand. While a reviewer has not decided on the level, the
// deadlines follow the stricter of the chosen and the computed level (computed under `profile`,
// the ticket's own).
TicketMoments moments_of(const Incident& ticket, const PolicyProfile& profile);
// The same, with the level its report is assessed at under its profile known already (assess_level).
TicketMoments moments_of(const Incident& ticket, int computed_level);
// The level whose clock runs: until a reviewer has decided, the higher of the level in force and
// the one the answers give (a level in doubt runs on the stricter clock).
int deadline_level(int level, int computed_level, bool reviewed);

enum class DeadlineState {
  not_started,  // its clock has not started (e.g. review before the report is filed)
  pending,      // due in the future, not yet met
  overdue,      // due in the past, not yet met
  met,          // met on time
  met_late,     // met after it fell due
};
std::string_view to_string(DeadlineState s);

struct DeadlineStatus {
  const DeadlineRule* rule = nullptr;
  std::optional<TimeMs> due_at;
  std::optional<TimeMs> met_at;
  DeadlineState state = DeadlineState::not_started;
  TimeMs late_by_ms = 0;     // for overdue (until now) and met_late
  TimeMs remaining_ms = 0;   // for pending
};

// Only the deadlines that apply at the ticket's level.
std::vector<DeadlineStatus> compute_deadlines(const PolicyProfile& profile, const TicketMoments& moments, TimeMs now);

// When a ticket becomes late and overdue, as its moments stand: fixed until one of them (or its
// profile) changes, so they can be kept with the ticket and a list of late tickets read from an
// index. Late at `now` exactly when now >= late_from (a deadline met late, or one not yet met and
// past its minute); overdue when now >= overdue_from (one not yet met and past its minute). None:
// not while the moments stand.
struct LatenessMarks {
  std::optional<TimeMs> late_from, overdue_from;
  bool operator==(const LatenessMarks&) const = default;
};
LatenessMarks lateness_marks(const PolicyProfile& profile, const TicketMoments& moments);
// A ticket's, under its own profile (see moments_of).
LatenessMarks lateness_marks(const Incident& ticket, const PolicyProfile& profile);
// A ticket's, under the profile in force for a unit of this kind when it became aware (a draft
// without that time has no deadline running).
LatenessMarks lateness_marks(const Incident& ticket, UnitKind unit_kind, const PolicySet& policies);

// "19 days 3 hours", "45 minutes": the largest two units, for people to read.
std::string describe_span_en(TimeMs ms);
// "19 天 3 小時"
std::string describe_span_zh(TimeMs ms);

}  // namespace tongbao::core
