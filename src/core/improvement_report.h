#pragma once
// The investigation, handling and improvement report (調查、處理及改善報告) of a ticket, as the
// enforcement rules set out its content: what happened, the root cause, what was done (damage
// control and recovery), improvement measures with their planned dates, and how their effect is
// followed up. The unit drafts and submits it; the reviewing centre accepts it or returns it with a
// reason; the CERT accepts it finally. Pure rules: statuses, who may do what, checks on input.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/improvement.h"

namespace tongbao::core {

enum class ReportStatus { draft, submitted, centre_accepted, accepted, returned };
std::string_view to_string(ReportStatus s);
std::optional<ReportStatus> parse_report_status(std::string_view text);

// The narrative sections, in the document's order (the measures table comes fourth).
struct ReportSection {
  std::string_view key, title_zh, title_en;
};
const std::vector<ReportSection>& report_sections();  // course, cause, handling, tracking

constexpr std::size_t kMaxReportSection = 8'000;  // characters in one section
constexpr std::size_t kMaxReportMeasures = 50;

struct ReportMeasure {
  std::string category, severity, finding, measure, planned_on;
  std::optional<long long> item_id;  // the improvement item made of it on submission
};

struct ImprovementReport {
  long long incident_id = 0;
  ReportStatus status = ReportStatus::draft;
  std::string course, cause, handling, tracking;
  std::vector<ReportMeasure> measures;
  std::string return_reason;
  std::optional<TimeMs> first_submitted_at, submitted_at, centre_accepted_at, accepted_at;
  std::string centre_accepted_by, accepted_by, updated_by;
  TimeMs updated_at = 0;

  std::string& section(std::string_view key);
  const std::string& section(std::string_view key) const;
};

// What the caller is to a ticket's report.
struct ReportRoles {
  bool unit = false;      // of the ticket's unit: drafts and submits
  bool reviewer = false;  // a person of the ticket's reviewing centre: accepts first
  bool cert = false;      // a person of the CERT: accepts finally
};

enum class ReportAction { save, submit, accept, return_ };
// The status after the action, or throws core::Error: forbidden when the roles do not allow it,
// conflict (invalid_state) when the status does not.
ReportStatus next_report_status(ReportAction action, ReportStatus from, const ReportRoles& roles);

// A draft's bounds: every text within its limit, every measure's category and severity known and
// its date a date (blank fields are allowed while drafting). Throws core::Error naming the field
// ("cause", "measures[2].planned_on").
void check_report_draft(const ImprovementReport& r, const std::vector<ImprovementCategory>& categories);
// What submission adds: every section and every measure's finding, measure and date filled, and
// at least one measure.
void check_report_complete(const ImprovementReport& r, const std::vector<ImprovementCategory>& categories);

}  // namespace tongbao::core
