// A ticket's investigation, handling and improvement report (調查、處理及改善報告): drafted and
// submitted by the ticket's unit, its measures made improvement items, accepted by the reviewing
// centre and then the CERT, or returned with a reason. Every step is on the ticket's timeline and
// the audit trail.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "core/deadlines.h"
#include "core/error.h"
#include "improvements/improvement_service.h"
#include "store/improvement_report_store.h"
#include "store/incident_store.h"
#include "store/unit_store.h"

namespace tongbao::improvements {

namespace sinc = store::incidents;
namespace srep = store::improvement_reports;
using core::ReportAction;
using core::ReportStatus;

namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

nlohmann::json report_audit(const core::ImprovementReport& r) {
  nlohmann::json measures = nlohmann::json::array();
  for (const auto& m : r.measures)
    measures.push_back({{"category", m.category}, {"severity", m.severity}, {"finding", m.finding},
                        {"measure", m.measure}, {"planned_on", m.planned_on},
                        {"item_id", m.item_id ? nlohmann::json(*m.item_id) : nlohmann::json(nullptr)}});
  nlohmann::json out = {{"status", core::to_string(r.status)}, {"measures", measures}};
  for (const auto& s : core::report_sections()) out[std::string(s.key)] = r.section(s.key);
  if (!r.return_reason.empty()) out["return_reason"] = r.return_reason;
  return out;
}

void record(store::Transaction& tx, const core::Principal& who, core::TimeMs now, const core::Incident& t,
            const std::string& kind, const std::optional<core::ImprovementReport>& before,
            const core::ImprovementReport& after, nlohmann::json detail) {
  const std::string state(core::to_string(t.state));
  detail["report_status"] = core::to_string(after.status);
  sinc::add_event(tx, t.id, {0, now, who.label, kind, state, state, detail.dump()});
  audit::append(tx, now, who.label, "improvement_report." + kind.substr(kind.rfind('_') + 1), "improvement_report",
                std::to_string(t.id), before ? std::optional(report_audit(*before).dump()) : std::nullopt,
                report_audit(after).dump());
}

}  // namespace

ReportDetail ImprovementService::report_in(store::Transaction& tx, const core::Principal& who, long long incident_id) {
  const auto missing = [&] { return core::not_found("No incident " + std::to_string(incident_id) + " is visible to you."); };
  auto t = sinc::find(tx, incident_id);
  if (!t) throw missing();
  auto unit = store::units::find_by_id(tx, t->unit_id);
  if (!unit) throw missing();
  const bool own = who.unit_id == t->unit_id;
  if (!own && (t->state == core::IncidentState::draft || !core::can_read_unit(who, {unit->id, unit->path}))) throw missing();
  ReportDetail d;
  d.ticket = *t;
  d.unit_oid = unit->oid;
  d.unit_name = unit->name;
  if (t->reviewer_unit_id)
    if (auto reviewer = store::units::find_by_id(tx, t->reviewer_unit_id)) d.reviewer_name = reviewer->name;
  const bool person = who.contact_id != 0;
  d.roles.unit = own;
  d.roles.reviewer = person && t->reviewer_unit_id != 0 && who.unit_id == t->reviewer_unit_id;
  d.roles.cert = person && who.unit_kind == core::UnitKind::cert;
  d.categories = categories_for(unit->kind);
  if (auto r = srep::find(tx, incident_id)) {
    d.report = std::move(*r);
    d.exists = true;
  } else {
    d.report.incident_id = incident_id;
  }
  return d;
}

ReportDetail ImprovementService::report(const core::Principal& who, long long incident_id) {
  return db_.read_value([&](store::Transaction& tx) { return report_in(tx, who, incident_id); });
}

namespace {

// The unit writes the report of a ticket that is under way: not of a draft, a discarded or a
// closed one.
void check_ticket_open(const core::Incident& t) {
  using S = core::IncidentState;
  if (t.state == S::draft || t.state == S::discarded || t.state == S::closed)
    throw core::Error(core::ErrorKind::conflict, "invalid_state",
                      "The report is written for a filed ticket that is not closed; this one is " +
                          std::string(core::to_string(t.state)) + ".",
                      "state");
}

}  // namespace

ReportDetail ImprovementService::save_report(const core::Principal& who, long long incident_id,
                                             const core::ImprovementReport& draft) {
  const auto now = clock_.now();
  return db_.write_value([&](store::Transaction& tx) {
    auto d = report_in(tx, who, incident_id);
    const auto next = core::next_report_status(ReportAction::save, d.report.status, d.roles);
    check_ticket_open(d.ticket);
    const std::optional<core::ImprovementReport> before = d.exists ? std::optional(d.report) : std::nullopt;
    auto r = d.report;
    for (const auto& s : core::report_sections()) r.section(s.key) = draft.section(s.key);
    // A measure keeps the item made of it only when it names one this report made.
    std::vector<long long> made;
    for (const auto& m : d.report.measures)
      if (m.item_id) made.push_back(*m.item_id);
    r.measures = draft.measures;
    for (auto& m : r.measures)
      if (m.item_id && std::find(made.begin(), made.end(), *m.item_id) == made.end()) m.item_id.reset();
    core::check_report_draft(r, d.categories);
    r.status = next;
    r.updated_by = who.label;
    r.updated_at = now;
    srep::save(tx, r);
    record(tx, who, now, d.ticket, "improvement_report_saved", before, r, nlohmann::json::object());
    d.report = r;
    d.exists = true;
    return d;
  });
}

ReportDetail ImprovementService::submit_report(const core::Principal& who, long long incident_id) {
  const auto now = clock_.now();
  return db_.write_value([&](store::Transaction& tx) {
    auto d = report_in(tx, who, incident_id);
    if (!d.exists) throw core::invalid("course", "course is required: save the report's draft first");
    const auto next = core::next_report_status(ReportAction::submit, d.report.status, d.roles);
    check_ticket_open(d.ticket);
    const auto before = d.report;
    auto r = d.report;
    core::check_report_complete(r, d.categories);
    nlohmann::json made = nlohmann::json::array();
    for (auto& m : r.measures) {
      if (m.item_id) continue;
      NewItem item;
      item.input.source = core::ImprovementSource::incident;
      item.input.incident_id = d.ticket.id;
      item.input.reference = d.ticket.number;
      item.input.category = m.category;
      item.input.severity = m.severity;
      item.input.finding = m.finding;
      item.input.measure = m.measure;
      item.input.planned_on = m.planned_on;
      item.owner_oid = d.unit_oid;
      m.item_id = create_in(tx, who, item, now).item.id;
      made.push_back(*m.item_id);
    }
    r.status = next;
    r.return_reason.clear();
    r.submitted_at = now;
    if (!r.first_submitted_at) r.first_submitted_at = now;
    r.updated_by = who.label;
    r.updated_at = now;
    srep::save(tx, r);
    record(tx, who, now, d.ticket, "improvement_report_submitted", before, r, {{"items", made}});
    d.report = r;
    d.ticket.investigation_report_at = d.ticket.investigation_report_at ? std::min(*d.ticket.investigation_report_at, *r.first_submitted_at)
                                                                        : *r.first_submitted_at;
    d.ticket.has_investigation_report = true;
    // The report is the ticket's investigation report: its deadline may have been met (or met late).
    if (before.first_submitted_at != r.first_submitted_at) {
      const auto unit = store::units::find_brief(tx, d.ticket.unit_id);
      store::incidents::set_lateness(
          tx, d.ticket.id, core::lateness_marks(d.ticket, unit ? unit->kind : core::UnitKind::other, policies_));
    }
    return d;
  });
}

ReportDetail ImprovementService::decide_report(const core::Principal& who, long long incident_id, bool accept,
                                               const std::string& reason) {
  const auto now = clock_.now();
  core::check_text(reason, core::kMaxImprovementReason, "reason", !accept);
  return db_.write_value([&](store::Transaction& tx) {
    auto d = report_in(tx, who, incident_id);
    if (!d.exists) throw core::Error(core::ErrorKind::conflict, "invalid_state", "There is no report to decide.", "status");
    const auto next =
        core::next_report_status(accept ? ReportAction::accept : ReportAction::return_, d.report.status, d.roles);
    const auto before = d.report;
    auto r = d.report;
    const bool by_cert = d.report.status == ReportStatus::centre_accepted;
    r.status = next;
    if (next == ReportStatus::centre_accepted) {
      r.centre_accepted_by = who.label;
      r.centre_accepted_at = now;
    } else if (next == ReportStatus::accepted) {
      r.accepted_by = who.label;
      r.accepted_at = now;
    } else {
      r.return_reason = reason;
      r.centre_accepted_by.clear();
      r.centre_accepted_at.reset();
    }
    r.updated_by = who.label;
    r.updated_at = now;
    srep::save(tx, r);
    nlohmann::json detail = {{"by", by_cert ? "cert" : "centre"}};
    if (!blank(reason)) detail["reason"] = reason;
    record(tx, who, now, d.ticket, accept ? "improvement_report_accepted" : "improvement_report_returned", before, r, detail);
    d.report = r;
    return d;
  });
}

}  // namespace tongbao::improvements
