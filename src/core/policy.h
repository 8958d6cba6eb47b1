#pragma once
// Policy profiles: the law's clocks as data. A deployment picks a profile (per unit kind if it
// likes); a ticket keeps the version in force at its time of awareness.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/improvement.h"

namespace tongbao::core {

// A span of time as the rules state it: hours and minutes, or calendar months ("one month").
struct Span {
  TimeMs ms = 0;
  int months = 0;
  bool operator==(const Span&) const = default;
};
// Adds a span to a time; months are calendar months in Taiwan time (31 Jan + 1 month = 28/29 Feb).
TimeMs add_span(TimeMs t, const Span& span);
// "1h", "30m", "72h", "7d", "1mo"; nullopt when malformed.
std::optional<Span> parse_span(const std::string& text);

// What fulfils a deadline, or starts one. `reported` is the first filing of the report (a report
// returned and filed again was still reported then); `filed` the latest filing, from which the
// centre's review runs again; `approved` the centre's approval of the response.
enum class Milestone { reported, filed, reviewed, responded, resolved, approved, investigation_report };
std::optional<Milestone> parse_milestone(const std::string& text);
std::string_view to_string(Milestone m);

// When a deadline's clock starts: at awareness, or when a milestone is reached (another
// deadline met), e.g. the investigation report one month after recovery.
enum class ClockStart { aware, milestone };

struct DeadlineRule {
  std::string key;          // "report", "review", "recovery", ...
  std::string label_zh, label_en;
  ClockStart from = ClockStart::aware;
  Milestone from_milestone = Milestone::reported;  // when `from` is a milestone
  std::array<std::optional<Span>, 4> within;  // per level 1..4; empty: does not apply at that level
  Milestone met_by = Milestone::reported;
};

struct ReminderRule {
  Span first_after{3600 * 1000, 0};   // after the ticket is opened
  Span repeat_every{12 * 3600 * 1000, 0};
  Span overdue_every{12 * 3600 * 1000, 0};
  std::string overdue_deadline;  // past this deadline, reminders become overdue notices (none if empty)
  // A draft never filed is reminded this long after it was opened; then its centre is told once
  // that it was left behind, and the reminders stop.
  Span drafts_reminded_for{7LL * 24 * 3600 * 1000, 0};
};

// A level of its own criteria, for a profile whose levels are not the regulation's
// confidentiality/integrity/availability table (the 2002 notice: "A: affects public safety, social
// order, or people's lives and property"). The reporter marks the criteria that apply; the level
// is the highest of them.
struct LevelCriterion {
  std::string key;  // "operations_halted": lower-case letters, digits and _
  int level = 1;    // 1..4
  std::string label_zh, label_en;
  bool operator==(const LevelCriterion&) const = default;
};
// A profile holds at most this many criteria (so a report may mark them all), each key at most
// this long: the limits of impact.criteria in a request too.
constexpr std::size_t kMaxLevelCriteria = 16;
constexpr std::size_t kMaxCriterionKeyLength = 64;
constexpr std::size_t kMaxImprovementCategories = 32;

struct PolicyProfile {
  std::string name;           // "taiwan"
  std::string title;
  std::string version;        // "2026-01-05"
  TimeMs effective_from = 0;  // in force for awareness at or after this time
  std::array<std::string, 4> level_labels{"1", "2", "3", "4"};
  // Empty: the level follows the regulation's confidentiality/integrity/availability table.
  std::vector<LevelCriterion> level_criteria;
  std::vector<DeadlineRule> deadlines;
  ReminderRule reminders;
  Span warning_reply_within{7LL * 24 * 3600 * 1000, 0};
  // When this many units under one centre receive warnings of one kind within the span, the
  // centre and the CERT are told an outbreak may be under way (0: never).
  int outbreak_alert_units = 5;
  Span outbreak_alert_within{24LL * 3600 * 1000, 0};
  // Categories of improvement items ([improvement_category KEY] sections); none listed: seed 003's
  // three (default_improvement_categories()).
  std::vector<ImprovementCategory> improvement_categories;
  std::string source;         // file it came from
};

// The criterion of this key, or nullptr.
const LevelCriterion* find_criterion(const PolicyProfile& profile, const std::string& key);

// Of the profiles named `name`, the one in force at `aware_at`; nullptr if none.
const PolicyProfile* profile_in_force(const std::vector<PolicyProfile>& profiles, const std::string& name, TimeMs aware_at);

}  // namespace tongbao::core
