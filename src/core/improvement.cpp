#include "core/improvement.h"

#include <algorithm>

#include "core/error.h"
#include "core/time_format.h"
#include "core/utf8.h"

namespace tongbao::core {

std::string_view to_string(ImprovementStatus s) {
  switch (s) {
    case ImprovementStatus::planned: return "planned";
    case ImprovementStatus::in_progress: return "in_progress";
    case ImprovementStatus::done: return "done";
    case ImprovementStatus::verified: return "verified";
    case ImprovementStatus::not_accepted: return "not_accepted";
  }
  return "planned";
}

std::optional<ImprovementStatus> parse_improvement_status(std::string_view text) {
  for (auto s : {ImprovementStatus::planned, ImprovementStatus::in_progress, ImprovementStatus::done,
                 ImprovementStatus::verified, ImprovementStatus::not_accepted})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

bool is_open(ImprovementStatus s) {
  return s == ImprovementStatus::planned || s == ImprovementStatus::in_progress || s == ImprovementStatus::not_accepted;
}

std::string_view to_string(ImprovementSource s) {
  switch (s) {
    case ImprovementSource::incident: return "incident";
    case ImprovementSource::audit: return "audit";
    case ImprovementSource::drill: return "drill";
    case ImprovementSource::advisory: return "advisory";
  }
  return "incident";
}

std::optional<ImprovementSource> parse_improvement_source(std::string_view text) {
  for (auto s : {ImprovementSource::incident, ImprovementSource::audit, ImprovementSource::drill, ImprovementSource::advisory})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

const std::vector<std::string_view>& improvement_severities() {
  static const std::vector<std::string_view> s = {"major", "minor", "observation", "recommendation"};
  return s;
}

bool needs_evidence(std::string_view severity) { return severity == "major" || severity == "minor"; }

const std::vector<ImprovementCategory>& default_improvement_categories() {
  static const std::vector<ImprovementCategory> c = {{"to_improve", "待改善事項", "To improve"},
                                                     {"suggestion", "建議事項", "Suggestion"},
                                                     {"compliant", "法遵符合情形", "Compliant"}};
  return c;
}

std::string_view to_string(ImprovementAction a) {
  switch (a) {
    case ImprovementAction::edit: return "edit";
    case ImprovementAction::progress: return "progress";
    case ImprovementAction::mark_done: return "mark_done";
    case ImprovementAction::verify: return "verify";
    case ImprovementAction::not_accept: return "not_accept";
  }
  return "edit";
}

std::optional<long long> parent_id_of(const std::string& path) {
  // "/1/2/3/31/": the unit's own id is last, its parent's just before.
  if (path.size() < 2 || path.back() != '/') return std::nullopt;
  const auto own = path.rfind('/', path.size() - 2);
  if (own == std::string::npos || own == 0) return std::nullopt;
  const auto parent = path.rfind('/', own - 1);
  if (parent == std::string::npos) return std::nullopt;
  try {
    return std::stoll(path.substr(parent + 1, own - parent - 1));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool is_strictly_above(const TreePosition& ancestor, const std::string& path) {
  return ancestor.path.size() < path.size() && path.compare(0, ancestor.path.size(), ancestor.path) == 0;
}

ImprovementRoles improvement_roles(const Principal& who, const TreePosition& owner,
                                   std::optional<long long> auditor_unit_id) {
  ImprovementRoles r;
  const bool auditor = auditor_unit_id && *auditor_unit_id == who.unit_id;
  r.reader = can_read_unit(who, owner) || auditor;
  if (!r.reader || who.unit_kind == UnitKind::ministry) return r;
  r.owner = who.unit_id == owner.unit_id;
  if (r.owner) return r;  // a unit never verifies its own work, whatever else it is
  r.verifier = who.unit_kind == UnitKind::cert || parent_id_of(owner.path) == who.unit_id || auditor;
  return r;
}

bool may_create_improvement(const Principal& who, const TreePosition& owner) {
  if (who.unit_kind == UnitKind::ministry) return false;
  if (who.unit_id == owner.unit_id) return true;
  return (who.unit_kind == UnitKind::cert || is_centre(who.unit_kind)) && can_read_unit(who, owner);
}

ImprovementStatus next_improvement_status(ImprovementAction action, ImprovementStatus from, const ImprovementRoles& roles) {
  using S = ImprovementStatus;
  auto conflict = [](const std::string& code, const std::string& message) {
    return Error(ErrorKind::conflict, code, message);
  };
  switch (action) {
    case ImprovementAction::edit:
      if (!roles.owner && !roles.verifier) throw forbidden("The owner unit, or its verifier, edits an improvement item.");
      if (!is_open(from)) throw conflict("not_open", "a done or verified item is no longer edited");
      return from;
    case ImprovementAction::progress:
      if (!roles.owner) throw forbidden("The owner unit reports progress on its improvement items.");
      if (!is_open(from)) throw conflict("not_open", "this item awaits verification or is verified");
      return S::in_progress;
    case ImprovementAction::mark_done:
      if (!roles.owner) throw forbidden("The owner unit marks its improvement items done.");
      if (!is_open(from)) throw conflict("not_open", "this item was marked done already");
      return S::done;
    case ImprovementAction::verify:
    case ImprovementAction::not_accept:
      if (!roles.verifier)
        throw forbidden("The owner's parent centre, the CERT or the auditing unit verifies an improvement item.");
      if (from != S::done) throw conflict("not_done", "only an item marked done awaits verification");
      return action == ImprovementAction::verify ? S::verified : S::not_accepted;
  }
  return from;
}

void check_text(const std::string& text, std::size_t max, const std::string& field, bool required) {
  if (!is_valid_utf8(text)) throw invalid(field, field + " is not valid UTF-8");
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) throw invalid(field, field + " is required");
  if (utf8_length(text) > max) throw invalid(field, field + " may hold at most " + std::to_string(max) + " characters");
}

bool is_valid_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return false;
  const int y = std::stoi(std::string(t.substr(0, 4)));
  const unsigned m = std::stoi(std::string(t.substr(5, 2))), d = std::stoi(std::string(t.substr(8, 2)));
  if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

TimeMs taipei_day_end(std::string_view date) {
  const int y = std::stoi(std::string(date.substr(0, 4)));
  const unsigned m = std::stoi(std::string(date.substr(5, 2))), d = std::stoi(std::string(date.substr(8, 2)));
  constexpr TimeMs kDay = 86'400'000, kTaipei = 8LL * 3'600'000;
  return (days_from_civil(y, m, d) + 1) * kDay - kTaipei;
}

TimeMs next_improvement_reminder(TimeMs due_at, TimeMs now) {
  // Candidates: due_at + k weeks, k >= -1. The first strictly after now.
  TimeMs at = due_at - kImprovementReminderEvery;
  if (at > now) return at;
  const TimeMs weeks = (now - at) / kImprovementReminderEvery + 1;
  return at + weeks * kImprovementReminderEvery;
}

void check_improvement(const ImprovementInput& in, const std::vector<ImprovementCategory>& categories) {
  check_text(in.owner_person, kMaxImprovementShort, "owner_person", false);
  check_text(in.finding, kMaxImprovementText, "finding", true);
  check_text(in.measure, kMaxImprovementText, "measure", false);
  check_text(in.reference, kMaxImprovementShort, "source.reference", false);
  check_text(in.auditor, kMaxImprovementShort, "source.auditor", false);
  if (std::none_of(categories.begin(), categories.end(), [&](const auto& c) { return c.key == in.category; })) {
    std::string keys;
    for (const auto& c : categories) keys += (keys.empty() ? "" : ", ") + c.key;
    throw invalid("category", "category must be one of " + keys);
  }
  const auto& severities = improvement_severities();
  if (std::find(severities.begin(), severities.end(), in.severity) == severities.end())
    throw invalid("severity", "severity must be major, minor, observation or recommendation");
  if (!is_valid_date(in.planned_on)) throw invalid("planned_on", "planned_on must be a date such as 2026-03-31");
  switch (in.source) {
    case ImprovementSource::incident:
      if (!in.incident_id) throw invalid("source.incident_id", "an item from an incident names its ticket");
      break;
    case ImprovementSource::audit:
      if (!is_valid_date(in.audit_date)) throw invalid("source.audit_date", "an audit finding gives the audit's date, such as 2023-12-21");
      if (in.auditor.find_first_not_of(" \t\r\n") == std::string::npos && !in.auditor_unit_id)
        throw invalid("source.auditor", "an audit finding names its auditor, or the auditing unit");
      break;
    case ImprovementSource::drill:
      if (in.reference.find_first_not_of(" \t\r\n") == std::string::npos)
        throw invalid("source.reference", "an item from a drill names the drill");
      break;
    case ImprovementSource::advisory:
      if (!in.advisory_id) throw invalid("source.advisory_id", "an item from an advisory names it");
      break;
  }
}

}  // namespace tongbao::core
