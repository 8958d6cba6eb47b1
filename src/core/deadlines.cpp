#include "core/deadlines.h"

#include <algorithm>

#include "core/level.h"

namespace tongbao::core {
namespace {

struct Parts {
  long long days, hours, minutes;
};
Parts split(TimeMs ms) {
  const long long minutes_total = ms / 60'000;
  return {minutes_total / 1440, (minutes_total % 1440) / 60, minutes_total % 60};
}

std::string plural(long long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

TimeMs to_minute(TimeMs t) { return t - ((t % 60'000) + 60'000) % 60'000; }

TicketMoments moments_at_level(const Incident& t, int level) {
  TicketMoments m;
  m.aware_at = t.report.aware_at;
  m.level = level;
  m.reported_at = t.reported_at;
  m.filed_at = t.filed_at;
  m.approved_at = t.approved_at;
  m.reviewed_at = t.reviewed_at;
  m.responded_at = t.responded_at;
  if (t.response) m.resolved_at = t.response->resolved_at;
  m.investigation_report_at = t.investigation_report_at;
  return m;
}

}  // namespace

int deadline_level(int level, int computed_level, bool reviewed) {
  return reviewed ? level : std::max(level, computed_level);
}

std::optional<TimeMs> TicketMoments::at(Milestone m) const {
  switch (m) {
    case Milestone::reported: return reported_at;
    case Milestone::filed: return filed_at ? filed_at : reported_at;
    case Milestone::approved: return approved_at;
    case Milestone::reviewed: return reviewed_at;
    case Milestone::responded: return responded_at;
    case Milestone::resolved: return resolved_at;
    case Milestone::investigation_report: return investigation_report_at;
  }
  return std::nullopt;
}

// Until a reviewer has decided, a level chosen below the one the answers give runs on the
// stricter clock of the computed level (assessed only then).
TicketMoments moments_of(const Incident& t, const PolicyProfile& profile) {
  return t.reviewed_at ? moments_at_level(t, t.level) : moments_of(t, assess_level(t.report.impact, profile).level);
}

TicketMoments moments_of(const Incident& t, int computed_level) {
  return moments_at_level(t, deadline_level(t.level, computed_level, t.reviewed_at.has_value()));
}

std::string_view to_string(DeadlineState s) {
  switch (s) {
    case DeadlineState::not_started: return "not_started";
    case DeadlineState::pending: return "pending";
    case DeadlineState::overdue: return "overdue";
    case DeadlineState::met: return "met";
    case DeadlineState::met_late: return "met_late";
  }
  return "";
}

std::vector<DeadlineStatus> compute_deadlines(const PolicyProfile& profile, const TicketMoments& m, TimeMs now) {
  std::vector<DeadlineStatus> out;
  const int level = std::clamp(m.level, 1, 4);
  for (const auto& rule : profile.deadlines) {
    const auto& within = rule.within[level - 1];
    if (!within) continue;
    DeadlineStatus s;
    s.rule = &rule;
    s.met_at = m.at(rule.met_by);
    const std::optional<TimeMs> start =
        rule.from == ClockStart::aware ? std::optional<TimeMs>(m.aware_at) : m.at(rule.from_milestone);
    if (!start || !*start) {
      out.push_back(s);
      continue;
    }
    s.due_at = add_span(*start, *within);
    // Compared at the minute, as times are shown and entered: a report filed at 60:00 after
    // awareness (and some milliseconds) is on time, never "0 minutes late".
    const TimeMs due_minute = to_minute(*s.due_at);
    if (s.met_at) {
      s.state = to_minute(*s.met_at) <= due_minute ? DeadlineState::met : DeadlineState::met_late;
      s.late_by_ms = std::max<TimeMs>(0, to_minute(*s.met_at) - due_minute);
    } else if (to_minute(now) > due_minute) {
      s.state = DeadlineState::overdue;
      s.late_by_ms = to_minute(now) - due_minute;
    } else {
      s.state = DeadlineState::pending;
      s.remaining_ms = *s.due_at - now;
    }
    out.push_back(s);
  }
  return out;
}

LatenessMarks lateness_marks(const PolicyProfile& profile, const TicketMoments& moments) {
  LatenessMarks marks;
  auto earliest = [](std::optional<TimeMs>& mark, TimeMs at) { mark = mark ? std::min(*mark, at) : at; };
  // Seen from 1970, before every due minute, each deadline is met, met late or pending; a pending
  // one turns overdue once the minute after its due minute begins (compute_deadlines compares
  // minutes), and one met late is late from the start.
  for (const auto& d : compute_deadlines(profile, moments, 0)) {
    if (d.state == DeadlineState::met_late) {
      earliest(marks.late_from, 0);
    } else if (d.state == DeadlineState::pending) {
      const TimeMs overdue_at = to_minute(*d.due_at) + 60'000;
      earliest(marks.late_from, overdue_at);
      earliest(marks.overdue_from, overdue_at);
    }
  }
  return marks;
}

LatenessMarks lateness_marks(const Incident& ticket, const PolicyProfile& profile) {
  return lateness_marks(profile, moments_of(ticket, profile));
}

LatenessMarks lateness_marks(const Incident& ticket, UnitKind unit_kind, const PolicySet& policies) {
  const TimeMs aware_at = ticket.report.aware_at ? ticket.report.aware_at : ticket.created_at;
  return lateness_marks(ticket, policies.for_ticket(unit_kind, aware_at));
}

std::string describe_span_en(TimeMs ms) {
  auto p = split(ms);
  if (p.days > 0) return plural(p.days, "day", "days") + (p.hours ? " " + plural(p.hours, "hour", "hours") : "");
  if (p.hours > 0) return plural(p.hours, "hour", "hours") + (p.minutes ? " " + plural(p.minutes, "minute", "minutes") : "");
  return plural(p.minutes, "minute", "minutes");
}

std::string describe_span_zh(TimeMs ms) {
  auto p = split(ms);
  if (p.days > 0) return std::to_string(p.days) + " 天" + (p.hours ? " " + std::to_string(p.hours) + " 小時" : "");
  if (p.hours > 0) return std::to_string(p.hours) + " 小時" + (p.minutes ? " " + std::to_string(p.minutes) + " 分鐘" : "");
  return std::to_string(p.minutes) + " 分鐘";
}

}  // namespace tongbao::core
