#pragma once
// Improvement items (改善事項): a corrective action from an incident, an audit finding, a drill or
// an advisory, owned by a unit, followed through progress updates with evidence until the verifier
// (the owner's parent centre, the CERT, or the auditing unit) accepts it or sends it back.
// Pure rules: statuses, who may do what, the checks on input and when reminders fall due.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/time_format.h"

namespace tongbao::core {

enum class ImprovementStatus { planned, in_progress, done, verified, not_accepted };
std::string_view to_string(ImprovementStatus s);
std::optional<ImprovementStatus> parse_improvement_status(std::string_view text);
// Still the owner's to work on: planned, in progress, or sent back.
bool is_open(ImprovementStatus s);

// Where the finding came from.
enum class ImprovementSource { incident, audit, drill, advisory };
std::string_view to_string(ImprovementSource s);
std::optional<ImprovementSource> parse_improvement_source(std::string_view text);

// main deficiency (主要缺失), minor deficiency (次要缺失), observation (觀察事項), recommendation (建議事項).
const std::vector<std::string_view>& improvement_severities();  // major, minor, observation, recommendation
// Evidence is required before a deficiency is marked done; observations and recommendations may
// be closed by what the progress notes say.
bool needs_evidence(std::string_view severity);

// A category of findings (seed 003: 待改善事項, 建議事項, 法遵符合情形); profiles may list their own.
struct ImprovementCategory {
  std::string key, label_zh, label_en;
};
const std::vector<ImprovementCategory>& default_improvement_categories();

enum class ImprovementAction { edit, progress, mark_done, verify, not_accept };
std::string_view to_string(ImprovementAction a);

// What the caller is to one item.
struct ImprovementRoles {
  bool reader = false;    // sees it: its subtree holds the owner, or it audited the unit
  bool owner = false;     // a person or key of the owner unit
  bool verifier = false;  // the owner's parent, the CERT, or the auditing unit (never the owner, never the ministry)
};
// `auditor_unit_id` is the unit that audited the owner, when the finding came from its audit.
ImprovementRoles improvement_roles(const Principal& who, const TreePosition& owner,
                                   std::optional<long long> auditor_unit_id);
// The id of the unit's parent from its path ("/1/2/3/31/" -> 3); none for a root.
std::optional<long long> parent_id_of(const std::string& path);
// Whether `ancestor` lies strictly above the unit at `path`.
bool is_strictly_above(const TreePosition& ancestor, const std::string& path);

// Who may open an item for the unit at `owner`: the unit itself, or a centre or the CERT above it.
// Never the ministry, which reads.
bool may_create_improvement(const Principal& who, const TreePosition& owner);

// The status after `action`, or throws core::Error: forbidden when the roles do not allow it,
// conflict when the status does not.
ImprovementStatus next_improvement_status(ImprovementAction action, ImprovementStatus from, const ImprovementRoles& roles);

// Limits (api/openapi.json states them too).
constexpr std::size_t kMaxImprovementText = 4'000;     // finding, measure, progress note
constexpr std::size_t kMaxImprovementReason = 2'000;   // verifier's reason
constexpr std::size_t kMaxImprovementShort = 200;      // owner person, auditor, reference
constexpr long long kMaxEvidenceBytes = 20LL * 1024 * 1024;
constexpr int kMaxEvidencePerItem = 50;
constexpr int kMaxUpdatesPerItem = 500;

struct ImprovementInput {
  long long owner_unit_id = 0;
  std::string owner_person;
  ImprovementSource source = ImprovementSource::incident;
  std::optional<long long> incident_id, advisory_id, auditor_unit_id;
  std::string audit_date;  // YYYY-MM-DD, with an audit
  std::string auditor;     // who audited (a person or a firm), with an audit
  std::string reference;   // audit item ("7.6"), drill name, ticket or advisory number
  std::string audit_item;  // with an audit register: the row's number there (項次)
  std::string audit_group; // with an audit register: the auditing group (稽核組別)
  std::string category, severity, finding, measure;
  std::string planned_on;  // YYYY-MM-DD, Taipei
};

// Throws core::Error naming the field. `categories` are the keys the profile allows.
void check_improvement(const ImprovementInput& in, const std::vector<ImprovementCategory>& categories);
void check_text(const std::string& text, std::size_t max, const std::string& field, bool required);

// A calendar date "YYYY-MM-DD" between 2000 and 2099, or nothing.
bool is_valid_date(std::string_view text);
// The first moment after the date in Taipei: an item planned for a day is overdue from the next.
TimeMs taipei_day_end(std::string_view date);

// Reminders fall a week before the planned date, on it (the day after, in fact: overdue), and
// every week after. The first such moment after `now`.
constexpr TimeMs kImprovementReminderEvery = 7LL * 24 * 3600 * 1000;
TimeMs next_improvement_reminder(TimeMs due_at, TimeMs now);

struct ImprovementItem {
  long long id = 0;
  ImprovementInput input;
  ImprovementStatus status = ImprovementStatus::planned;
  TimeMs due_at = 0;           // taipei_day_end(planned_on)
  std::string completed_on;    // YYYY-MM-DD, once marked done
  std::string decision_reason, decided_by;
  std::optional<TimeMs> decided_at;
  std::optional<TimeMs> next_reminder_at;
  std::string created_by;
  TimeMs created_at = 0, updated_at = 0, status_changed_at = 0;

  bool overdue(TimeMs now) const { return is_open(status) && now >= due_at; }
};

struct ImprovementUpdate {
  long long id = 0;
  long long item_id = 0;
  TimeMs at = 0;
  std::string actor, action, note;  // action: created, edited, progress, done, verified, not_accepted
  std::string status_after;
};

struct EvidenceFile {
  long long id = 0;
  long long item_id = 0;
  std::optional<long long> update_id;
  std::string file_name, declared_type, sha256, uploaded_by;
  long long size_bytes = 0;
  TimeMs uploaded_at = 0;
};

}  // namespace tongbao::core
