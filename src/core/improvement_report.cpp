#include "core/improvement_report.h"

#include <algorithm>

#include "core/error.h"

namespace tongbao::core {

std::string_view to_string(ReportStatus s) {
  switch (s) {
    case ReportStatus::draft: return "draft";
    case ReportStatus::submitted: return "submitted";
    case ReportStatus::centre_accepted: return "centre_accepted";
    case ReportStatus::accepted: return "accepted";
    case ReportStatus::returned: return "returned";
  }
  return "draft";
}

std::optional<ReportStatus> parse_report_status(std::string_view t) {
  for (auto s : {ReportStatus::draft, ReportStatus::submitted, ReportStatus::centre_accepted, ReportStatus::accepted,
                 ReportStatus::returned})
    if (to_string(s) == t) return s;
  return std::nullopt;
}

const std::vector<ReportSection>& report_sections() {
  static const std::vector<ReportSection> s = {
      {"course", "事件發生經過", "What happened"},
      {"cause", "事件原因分析", "Root cause analysis"},
      {"handling", "處理措施（損害控制及復原）", "Handling (damage control and recovery)"},
      {"tracking", "成效追蹤及預防措施", "Follow-up of effect and prevention"}};
  return s;
}

std::string& ImprovementReport::section(std::string_view key) {
  if (key == "course") return course;
  if (key == "cause") return cause;
  if (key == "handling") return handling;
  return tracking;
}
const std::string& ImprovementReport::section(std::string_view key) const {
  return const_cast<ImprovementReport*>(this)->section(key);
}

ReportStatus next_report_status(ReportAction action, ReportStatus from, const ReportRoles& roles) {
  auto state = [](const std::string& message) { return Error(ErrorKind::conflict, "invalid_state", message, "status"); };
  switch (action) {
    case ReportAction::save:
    case ReportAction::submit:
      if (!roles.unit) throw forbidden("The report is drafted and submitted by the ticket's unit.");
      if (from != ReportStatus::draft && from != ReportStatus::returned)
        throw state("The report is " + std::string(to_string(from)) + ": it is edited only as a draft or once returned.");
      return action == ReportAction::save ? ReportStatus::draft : ReportStatus::submitted;
    case ReportAction::accept:
    case ReportAction::return_:
      if (from == ReportStatus::submitted) {
        if (!roles.reviewer) throw forbidden("A submitted report is decided by the ticket's reviewing centre.");
        return action == ReportAction::accept ? ReportStatus::centre_accepted : ReportStatus::returned;
      }
      if (from == ReportStatus::centre_accepted) {
        if (!roles.cert) throw forbidden("A report the centre accepted is decided by the CERT.");
        return action == ReportAction::accept ? ReportStatus::accepted : ReportStatus::returned;
      }
      if (!roles.reviewer && !roles.cert) throw forbidden("Reports are decided by the reviewing centre and the CERT.");
      throw state("The report is " + std::string(to_string(from)) + ": there is nothing to decide.");
  }
  throw state("unknown action");
}

namespace {

void check_measure(const ReportMeasure& m, const std::string& at, const std::vector<ImprovementCategory>& categories,
                   bool complete) {
  check_text(m.finding, kMaxImprovementText, at + ".finding", complete);
  check_text(m.measure, kMaxImprovementText, at + ".measure", complete);
  if (std::none_of(categories.begin(), categories.end(), [&](const auto& c) { return c.key == m.category; })) {
    std::string keys;
    for (const auto& c : categories) keys += (keys.empty() ? "" : ", ") + c.key;
    throw invalid(at + ".category", at + ".category must be one of " + keys);
  }
  const auto& severities = improvement_severities();
  if (std::find(severities.begin(), severities.end(), m.severity) == severities.end())
    throw invalid(at + ".severity", at + ".severity must be major, minor, observation or recommendation");
  if (m.planned_on.empty()) {
    if (complete) throw invalid(at + ".planned_on", at + ".planned_on is required");
  } else if (!is_valid_date(m.planned_on)) {
    throw invalid(at + ".planned_on", at + ".planned_on must be a date YYYY-MM-DD");
  }
}

void check(const ImprovementReport& r, const std::vector<ImprovementCategory>& categories, bool complete) {
  for (const auto& s : report_sections()) check_text(r.section(s.key), kMaxReportSection, std::string(s.key), complete);
  if (r.measures.size() > kMaxReportMeasures)
    throw invalid("measures", "a report lists at most " + std::to_string(kMaxReportMeasures) + " measures");
  if (complete && r.measures.empty()) throw invalid("measures", "measures: at least one improvement measure is required");
  for (size_t i = 0; i < r.measures.size(); ++i)
    check_measure(r.measures[i], "measures[" + std::to_string(i) + "]", categories, complete);
}

}  // namespace

void check_report_draft(const ImprovementReport& r, const std::vector<ImprovementCategory>& categories) {
  check(r, categories, false);
}

void check_report_complete(const ImprovementReport& r, const std::vector<ImprovementCategory>& categories) {
  check(r, categories, true);
}

}  // namespace tongbao::core
