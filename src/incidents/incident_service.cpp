#include "incidents/incident_service.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "core/error.h"
#include "core/ticket_number.h"
#include "core/ticket_search.h"
#include "incidents/attack_catalogue.h"
#include "core/incident_json.h"
#include "core/report_changes.h"
#include "incidents/ticket_audit.h"
#include "statistics/rollup_maintenance.h"
#include "store/auth_store.h"
#include "store/contact_store.h"
#include "store/content_files.h"
#include "store/unit_store.h"

namespace tongbao::incidents {
namespace {

using core::Error;
using core::ErrorKind;
using core::IncidentAction;
using core::IncidentState;
namespace sinc = store::incidents;

core::TicketRoles roles_of(const core::Principal& who, const core::Incident& t) {
  core::TicketRoles r;
  const bool person = who.contact_id != 0;
  r.unit = who.unit_id == t.unit_id;
  r.centre = person && who.unit_id == t.reviewer_unit_id;
  r.cert = person && who.unit_kind == core::UnitKind::cert;
  return r;
}

// Refused because of who is asking (403) or because of the ticket's state (409)?
void check_allowed(const core::Transition& decision, IncidentAction action, const core::Incident& t) {
  if (decision.allowed) return;
  const auto any_role = core::decide(action, t.state, {true, true, true}, t.response.has_value(), t.reviewed_at.has_value());
  if (!any_role.allowed) throw Error(ErrorKind::conflict, "invalid_state", decision.refusal, "state");
  throw core::forbidden(decision.refusal);
}

std::string snapshot(const core::Incident& t) { return audit_snapshot_text(t); }

// A reviewer who lets a level stand below the one the answers give says why (an under-estimated
// level accepted without a word is what the investigations found); the reason stays on the ticket.
bool accept_below_computed(core::Incident& t, int computed, const std::string& reason) {
  if (t.level >= computed) return false;
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
    throw core::invalid("reason", "the level " + std::to_string(t.level) + " is below the level " + std::to_string(computed) +
                                      " the impact answers give: say why it stands");
  t.below_computed_reason = reason;
  return true;
}

std::string reference(const core::Incident& t) { return audit_reference(t); }

void require_reason(const std::string& reason, const std::string& field = "reason") {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) throw core::invalid(field, "a reason is required");
  if (reason.size() > 4000) throw core::invalid(field, "the reason is longer than 4000 characters");
}

bool level_changed_by_reviewer(store::Transaction& tx, long long id) {
  return tx.query_one("SELECT 1 FROM incident_events WHERE incident_id = ? AND kind = 'level_changed' LIMIT 1",
                      {static_cast<std::int64_t>(id)})
      .has_value();
}

// Filing the report: every required field, a number, the time of reporting, the level in force.
// `unit_code`: the ticket's unit's code, when the caller has read it.
void file_report(store::Transaction& tx, core::Incident& t, const core::PolicyProfile& profile, core::TimeMs now,
                 std::optional<std::string> unit_code = std::nullopt) {
  core::check_report(t.report, now, true);
  core::check_criteria(t.report.impact, profile);
  if (!t.reported_at) {
    t.reported_at = t.report.offline ? t.report.offline->reported_at : now;
  } else {
    // Filed again after a return: the report was made when first filed; the centre's review of
    // this filing starts now.
    t.filed_at = now;
    t.reviewed_at.reset();
  }
  if (t.number.empty()) {
    if (!unit_code) unit_code = store::units::find_brief(tx, t.unit_id)->code;
    const auto type = std::string(core::to_string(t.report.type));
    const auto ym = core::taipei_year_month(*t.reported_at);
    t.number = core::format_ticket_number(*unit_code, type, ym, sinc::next_serial(tx, *unit_code, type, ym));
  }
  // A ticket not yet stored (filed as it is created) has had no reviewer.
  if (t.id == 0 || !level_changed_by_reviewer(tx, t.id)) t.level = t.report.chosen_level;
}

UnitRef unit_ref(store::Transaction& tx, long long id) {
  auto u = store::units::find_brief(tx, id);
  if (!u) return {};
  return {u->oid, u->code, u->name};
}

const std::vector<std::string>& attachment_kinds() {
  static const std::vector<std::string> kinds = {"evidence", "investigation_report", "other"};
  return kinds;
}

}  // namespace

std::string sanitise_file_name(const std::string& name) {
  std::string base = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  std::string out;
  for (unsigned char c : base) {
    if (c < 0x20 || c == 0x7f || std::string_view("<>:\"|?*").find(static_cast<char>(c)) != std::string_view::npos)
      out += '_';
    else
      out += static_cast<char>(c);
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
  if (out.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    out.resize(cut);
  }
  return out.empty() ? "attachment" : out;
}

IncidentService::IncidentService(store::Database& db, const core::Clock& clock, const core::PolicySet& policies,
                                 std::string attachment_dir)
    : db_(db), clock_(clock), policies_(policies), attachment_dir_(std::move(attachment_dir)) {}

const core::PolicyProfile& IncidentService::profile_of(store::Transaction& tx, const core::Incident& t,
                                                      core::TimeMs now) const {
  auto unit = store::units::find_brief(tx, t.unit_id);
  return policies_.for_ticket(unit ? unit->kind : core::UnitKind::other, t.report.aware_at ? t.report.aware_at : now);
}

const core::PolicyProfile& IncidentService::policy_for(const core::Principal& who, core::TimeMs aware_at) const {
  return policies_.for_ticket(who.unit_kind, aware_at);
}

core::LevelAssessment IncidentService::assess(const core::Principal& who, const core::ImpactAnswers& answers,
                                              core::TimeMs aware_at) const {
  const auto& profile = policy_for(who, aware_at);
  core::check_criteria(answers, profile, "criteria");
  return core::assess_level(answers, profile);
}

core::Incident IncidentService::visible(store::Transaction& tx, const core::Principal& who, long long id) {
  return visible_with_units(tx, who, id).ticket;
}

store::incidents::WithUnits IncidentService::visible_with_units(store::Transaction& tx, const core::Principal& who,
                                                                long long id) {
  if (auto found = sinc::find_with_units(tx, id)) {
    const auto& t = found->ticket;
    const bool own = who.unit_id == t.unit_id;
    // A draft is its unit's own, unless a coordinated incident opened it for the school; a
    // discarded one is on record for the centre too.
    if (own || ((t.state != IncidentState::draft || t.parent_id) &&
                core::can_read_unit(who, {found->unit.id, found->unit.path})))
      return std::move(*found);
  }
  throw core::not_found("No incident " + std::to_string(id) + " is visible to you.");
}

TicketView IncidentService::view(store::Transaction& tx, const core::Principal& who, core::Incident t) {
  const auto unit = store::units::find_brief(tx, t.unit_id);
  return view(tx, who, std::move(t), unit);
}

TicketView IncidentService::view(store::Transaction& tx, const core::Principal& who, core::Incident t,
                                 const std::optional<store::units::Brief>& unit,
                                 const std::optional<store::units::Brief>& reviewer) {
  TicketView v;
  const auto now = clock_.now();
  // A draft without a time of awareness yet is assessed under the profile in force now.
  // The ticket's unit, read once: it names the unit and its kind chooses the profile.
  const auto& profile = policies_.for_ticket(unit ? unit->kind : core::UnitKind::other,
                                             t.report.aware_at ? t.report.aware_at : now);
  v.assessment = core::assess_level(t.report.impact, profile);
  v.under_reported = t.report.chosen_level != 0 && core::is_under_reported(t.report.chosen_level, v.assessment);
  const auto moments = core::moments_of(t, v.assessment.level);
  v.deadline_level = moments.level;
  if (unit) v.unit = {unit->oid, unit->code, unit->name};
  if (t.reviewer_unit_id) {
    if (unit && unit->id == t.reviewer_unit_id) v.reviewer = v.unit;
    else if (reviewer && reviewer->id == t.reviewer_unit_id) v.reviewer = {reviewer->oid, reviewer->code, reviewer->name};
    else v.reviewer = unit_ref(tx, t.reviewer_unit_id);
  }
  if (t.parent_id)
    if (auto parent = sinc::find(tx, *t.parent_id)) v.parent = std::make_pair(parent->id, parent->number);
  std::vector<std::string> open_children;
  for (const auto& c : sinc::children(tx, t.id)) {
    ++v.child_count;
    if (c.state != IncidentState::closed && c.state != IncidentState::discarded)
      open_children.push_back(c.number.empty() ? "#" + std::to_string(c.id) : c.number);
  }
  v.open_child_count = static_cast<long long>(open_children.size());
  v.closing_requirements = core::closing_requirements(t, open_children);
  if (t.report.aware_at) {
    v.policy = &profile;
    v.deadlines = core::compute_deadlines(profile, moments, now);
  }
  const auto roles = roles_of(who, t);
  for (auto action : core::all_incident_actions()) {
    // Taking on support is offered only where support was asked for and nobody has taken it yet.
    if (action == IncidentAction::take_support && (!t.report.support.needed || !t.support_taken_by.empty())) continue;
    if (core::decide(action, t.state, roles, t.response.has_value(), t.reviewed_at.has_value()).allowed)
      v.allowed_actions.emplace_back(core::to_string(action));
  }
  v.incident = std::move(t);
  return v;
}

template <typename Change>
TicketView IncidentService::act_in(store::Transaction& tx, const core::Principal& who, long long id,
                                   IncidentAction action, const std::string& event_kind, Change& change) {
  // Everything below is in the transaction (the notifier and the sums included) but what `change`
  // may do besides.
  auto t = visible(tx, who, id);
  const auto decision =
      core::decide(action, t.state, roles_of(who, t), t.response.has_value(), t.reviewed_at.has_value());
  check_allowed(decision, action, t);
  const auto before = snapshot(t);
  const core::Incident before_change = t;
  const auto from = t.state;
  const auto now = clock_.now();
  const int computed_before = core::assess_level(before_change.report.impact, profile_of(tx, before_change, now)).level;
  nlohmann::json detail = change(tx, t, now);
  const bool review_action = action == IncidentAction::review_report || action == IncidentAction::change_level ||
                             action == IncidentAction::approve || action == IncidentAction::return_ticket;
  if (review_action && !t.reviewed_at && (roles_of(who, t).centre || roles_of(who, t).cert)) t.reviewed_at = now;
  t.state = decision.next;
  t.updated_at = now;
  const auto& profile = profile_of(tx, t, now);
  const int computed = core::assess_level(t.report.impact, profile).level;
  sinc::update(tx, t, computed, core::lateness_marks(t, profile));
  statistics::record_ticket_change(tx, policies_, &before_change, computed_before, t, computed);
  sinc::add_event(tx, t.id,
                  {0, now, who.label, event_kind, std::string(core::to_string(from)),
                   std::string(core::to_string(t.state)), detail.is_null() ? std::nullopt : std::optional(detail.dump())});
  audit::append(tx, now, who.label, "incident." + event_kind, "incident", reference(t), before,
                snapshot(t));
  if (observer_) observer_->on_ticket_event(tx, event_kind, t, detail.is_object() ? detail.value("reason", "") : "", now);
  return view(tx, who, std::move(t));
}

template <typename Change>
TicketView IncidentService::act(const core::Principal& who, long long id, IncidentAction action,
                                const std::string& event_kind, Change&& change, bool in_transaction_only) {
  const auto run = [&](store::Transaction& tx) { return act_in(tx, who, id, action, event_kind, change); };
  return in_transaction_only ? db_.write_value_rerunnable(run) : db_.write_value(run);
}

template <typename Change>
void IncidentService::act_async(core::Principal who, long long id, IncidentAction action, std::string event_kind,
                                Change change, TicketDone done) {
  db_.write_value_rerunnable_async<TicketView>(
      [this, who = std::move(who), id, action, event_kind = std::move(event_kind),
       change = std::move(change)](store::Transaction& tx) mutable { return act_in(tx, who, id, action, event_kind, change); },
      std::move(done));
}

// A report that cannot be filed is turned away before it queues: a write that throws in a group
// makes the group run again (see write_rerunnable), and the caller and the report alone decide this.
void IncidentService::check_may_file(const core::Principal& who, const core::IncidentReport& report, bool submit) const {
  if (who.unit_kind == core::UnitKind::ministry || (who.contact_id == 0 && who.api_key_id == 0))
    throw core::forbidden("Incidents are reported by the unit they happened to.");
  core::check_report(report, clock_.now(), submit);
}

TicketView IncidentService::create(const core::Principal& who, const core::IncidentReport& report, bool drill,
                                   bool submit) {
  check_may_file(who, report, submit);
  // Every effect of a filing is in its transaction, so it may run again after a rollback.
  return db_.write_value_rerunnable([&](store::Transaction& tx) { return create_in(tx, who, report, drill, submit); });
}

void IncidentService::create_async(core::Principal who, core::IncidentReport report, bool drill, bool submit,
                                   TicketDone filed) {
  check_may_file(who, report, submit);
  db_.write_value_rerunnable_async<TicketView>(
      [this, who = std::move(who), report = std::move(report), drill, submit](store::Transaction& tx) {
        return create_in(tx, who, report, drill, submit);
      },
      std::move(filed));
}

TicketView IncidentService::create_in(store::Transaction& tx, const core::Principal& who,
                                      const core::IncidentReport& report, bool drill, bool submit) {
  const auto now = clock_.now();
  core::check_report(report, now, submit);
  {
    auto unit = store::units::find_by_id(tx, who.unit_id);
    if (!unit) throw core::forbidden("Your unit no longer exists.");
    core::Incident t;
    t.unit_id = unit->id;
    t.reviewer_unit_id = unit->parent_id.value_or(unit->id);
    t.drill = drill;
    t.report = report;
    t.level = std::max(1, report.chosen_level);
    t.created_at = t.updated_at = now;
    t.created_by = who.label;
    const auto& profile = policies_.for_ticket(unit->kind, report.aware_at ? report.aware_at : now);
    core::check_criteria(report.impact, profile);
    const int computed = core::assess_level(report.impact, profile).level;
    // Filed at once: the row is written once, already reported (a new ticket has no reviewer's
    // level to keep), rather than written as a draft and rewritten with all its indexes.
    if (submit) {
      file_report(tx, t, profile, now, unit->code);
      t.state = IncidentState::reported;
    }
    sinc::insert(tx, t, computed, core::lateness_marks(t, profile), unit->code, unit->name);
    sinc::add_event(tx, t.id, {0, now, who.label, "created", std::nullopt, "draft", std::nullopt});
    if (submit) {
      sinc::add_event(tx, t.id, {0, now, who.label, "reported", "draft", "reported", std::nullopt});
      statistics::record_ticket_change(tx, policies_, nullptr, 0, t, computed, &*unit);
    }
    audit::append(tx, now, who.label, submit ? "incident.reported" : "incident.created", "incident", reference(t),
                  std::nullopt, snapshot(t));
    const store::units::Brief brief{unit->id, unit->oid, unit->code, unit->name, unit->kind, unit->path};
    if (observer_) {
      observer_->on_ticket_event(tx, "created", t, "", now, &brief);
      if (submit) observer_->on_ticket_event(tx, "reported", t, "", now, &brief);
    }
    return view(tx, who, t, brief);
  }
}

std::vector<std::pair<long long, std::string>> IncidentService::open_tickets_for_host(store::Transaction& tx,
                                                                                     const core::Principal& who,
                                                                                     const std::string& host) {
  std::vector<std::pair<long long, std::string>> out;
  for (auto& row : tx.query("SELECT id FROM incidents WHERE unit_id = ? AND state IN "
                            "('reported', 'responded', 'centre_review', 'cert_review', 'returned') ORDER BY id DESC LIMIT 200",
                            {static_cast<std::int64_t>(who.unit_id)})) {
    auto t = sinc::find(tx, row.integer(0));
    if (!t) continue;
    const bool names_host = std::any_of(t->report.hosts.begin(), t->report.hosts.end(),
                                        [&](const core::AffectedHost& h) { return h.ip == host; });
    if (names_host) out.emplace_back(t->id, t->number);
  }
  return out;
}

void IncidentService::link_warning_in(store::Transaction& tx, const core::Principal& who, long long id,
                                      const std::string& warning_number, const std::string& host,
                                      long long warning_unit_id) {
  auto t = visible(tx, who, id);
  if (t.unit_id != who.unit_id && t.unit_id != warning_unit_id)
    throw core::forbidden("A warning joins a ticket of its own unit, or of the unit answering it.");
  if (t.state == IncidentState::closed || t.state == IncidentState::discarded || t.state == IncidentState::draft)
    throw Error(ErrorKind::conflict, "invalid_state", "A warning joins a filed ticket that is still open.", "incident_id");
  const auto now = clock_.now();
  const nlohmann::json detail = {{"warning", warning_number}, {"host", host}};
  sinc::add_event(tx, t.id, {0, now, who.label, "warning_linked", std::string(core::to_string(t.state)),
                             std::string(core::to_string(t.state)), detail.dump()});
  const auto snap = snapshot(t);
  audit::append(tx, now, who.label, "incident.warning_linked", "incident", reference(t), snap, snap);
}

void IncidentService::attach_child_in(store::Transaction& tx, const core::Principal& who, long long parent_id,
                                      long long child_id) {
  auto parent = visible(tx, who, parent_id);
  // A draft the caller just opened for its school is visible to it once it is a child.
  auto found = sinc::find(tx, child_id);
  auto child_unit = found ? store::units::find_by_id(tx, found->unit_id) : std::nullopt;
  if (!found || !child_unit || !core::can_read_unit(who, {child_unit->id, child_unit->path}))
    throw core::not_found("No incident " + std::to_string(child_id) + " is visible to you.");
  auto child = *found;
  if (parent.unit_id != who.unit_id) throw core::forbidden("A coordinated incident is held by the caller's own unit.");
  if (child.id == parent.id || child.unit_id == parent.unit_id)
    throw core::invalid("children", "a child ticket is another unit's");
  if (parent.parent_id) throw core::invalid("children", "a child ticket cannot hold children of its own");
  if (child.parent_id && *child.parent_id != parent.id)
    throw Error(ErrorKind::conflict, "invalid_state", "Ticket " + reference(child) + " is part of another coordinated incident.",
                "children");
  if (!sinc::children(tx, child.id).empty())
    throw Error(ErrorKind::conflict, "invalid_state", "Ticket " + reference(child) + " is a coordinated incident itself.",
                "children");
  if (child.parent_id) return;
  const auto now = clock_.now();
  const auto& profile = profile_of(tx, child, now);
  const auto computed = core::assess_level(child.report.impact, profile).level;
  child.parent_id = parent.id;
  sinc::update(tx, child, computed, core::lateness_marks(child, profile));
  const auto state = std::string(core::to_string(child.state));
  sinc::add_event(tx, child.id, {0, now, who.label, "joined_coordinated", state, state,
                                 nlohmann::json{{"parent", reference(parent)}}.dump()});
  const auto pstate = std::string(core::to_string(parent.state));
  sinc::add_event(tx, parent.id, {0, now, who.label, "child_added", pstate, pstate,
                                  nlohmann::json{{"child", reference(child)}}.dump()});
  audit::append(tx, now, who.label, "incident.child_added", "incident", reference(parent), std::nullopt,
                nlohmann::json{{"child", reference(child)}}.dump());
  if (observer_) observer_->on_ticket_event(tx, "joined_coordinated", child, reference(parent), now);
}

// The edit of a report, holding the report it puts in place (so that it may be queued).
auto IncidentService::report_edit(core::IncidentReport report) const {
  return [this, report = std::move(report)](store::Transaction& tx, core::Incident& t, core::TimeMs now) {
    const auto before = core::to_json(t.report);
    t.report = report;
    core::check_criteria(t.report.impact, profile_of(tx, t, now));
    // The reviewer sees what the unit changed (above all after returning the report).
    auto changes = core::report_changes(before, core::to_json(t.report));
    return changes.empty() ? nlohmann::json(nullptr) : nlohmann::json{{"changes", std::move(changes)}};
  };
}

TicketView IncidentService::edit_report(const core::Principal& who, long long id, const core::IncidentReport& report) {
  core::check_report(report, clock_.now(), false);
  return act(who, id, IncidentAction::edit_report, "report_edited", report_edit(report));
}

void IncidentService::edit_report_async(core::Principal who, long long id, core::IncidentReport report,
                                        TicketDone done) {
  core::check_report(report, clock_.now(), false);
  act_async(std::move(who), id, IncidentAction::edit_report, "report_edited", report_edit(std::move(report)),
            std::move(done));
}

TicketView IncidentService::submit(const core::Principal& who, long long id) {
  return act(who, id, IncidentAction::submit_report, "reported", [&](store::Transaction& tx, core::Incident& t, core::TimeMs now) {
    file_report(tx, t, profile_of(tx, t, now), now);
    return nlohmann::json(nullptr);
  });
}

TicketView IncidentService::respond(const core::Principal& who, long long id, const core::IncidentResponse& response) {
  return act(who, id, IncidentAction::file_response, "responded", [&](auto&, core::Incident& t, core::TimeMs now) {
    core::check_response(response, t.report, t.level, now);
    for (const auto& id : response.root_cause.attack_techniques)
      if (!attack_catalogue().find(id))
        throw core::invalid("root_cause.attack_techniques",
                            "'" + id + "' is not a technique of MITRE ATT&CK Enterprise (as of 2025-11-13); pick it by name");
    t.response = response;
    t.responded_at = now;
    return nlohmann::json(nullptr);
  });
}

TicketView IncidentService::review_report(const core::Principal& who, long long id, const std::string& reason) {
  return act(who, id, IncidentAction::review_report, "report_reviewed", [&](store::Transaction& tx, core::Incident& t, core::TimeMs now) {
    nlohmann::json detail = {{"level", t.level}};
    if (accept_below_computed(t, core::assess_level(t.report.impact, profile_of(tx, t, now)).level, reason))
      detail["reason"] = reason;
    return detail;
  });
}

TicketView IncidentService::change_level(const core::Principal& who, long long id, int level, const std::string& reason) {
  if (level < 1 || level > 4) throw core::invalid("level", "level must be 1 to 4");
  require_reason(reason);
  return act(who, id, IncidentAction::change_level, "level_changed", [&](auto&, core::Incident& t, core::TimeMs) {
    if (t.level == level) throw core::invalid("level", "the ticket is at level " + std::to_string(level) + " already");
    nlohmann::json detail = {{"from", t.level}, {"to", level}, {"reason", reason}};
    t.level = level;
    return detail;
  });
}

TicketView IncidentService::approve(const core::Principal& who, long long id, const std::string& comment,
                                    const std::string& reason) {
  return act(who, id, IncidentAction::approve, "approved", [&](store::Transaction& tx, core::Incident& t, core::TimeMs now) {
    nlohmann::json detail = nlohmann::json::object();
    if (!comment.empty()) detail["comment"] = comment;
    if (accept_below_computed(t, core::assess_level(t.report.impact, profile_of(tx, t, now)).level, reason))
      detail["reason"] = reason;
    t.approved_at = now;
    return detail.empty() ? nlohmann::json(nullptr) : detail;
  });
}

TicketView IncidentService::return_ticket(const core::Principal& who, long long id, const std::string& reason) {
  require_reason(reason);
  return act(who, id, IncidentAction::return_ticket, "returned",
             [&](auto&, core::Incident&, core::TimeMs) { return nlohmann::json{{"reason", reason}}; });
}

TicketView IncidentService::close(const core::Principal& who, long long id, const std::string& comment) {
  return act(who, id, IncidentAction::close, "closed", [&](store::Transaction& tx, core::Incident& t, core::TimeMs now) {
    std::vector<std::string> open_children;
    for (const auto& c : sinc::children(tx, t.id))
      if (c.state != IncidentState::closed && c.state != IncidentState::discarded)
        open_children.push_back(c.number.empty() ? "#" + std::to_string(c.id) : c.number);
    auto missing = core::closing_requirements(t, open_children);
    if (!missing.empty()) {
      Error e(ErrorKind::conflict, "closing_requirements", "The ticket cannot close yet: " + missing.front().message + ".",
              missing.front().field);
      for (const auto& m : missing) e.row_errors.push_back({0, m.field, m.message});
      throw e;
    }
    t.closed_at = now;
    return comment.empty() ? nlohmann::json(nullptr) : nlohmann::json{{"comment", comment}};
  });
}

TicketView IncidentService::reopen(const core::Principal& who, long long id, const std::string& reason) {
  require_reason(reason);
  return act(who, id, IncidentAction::reopen, "reopened", [&](auto&, core::Incident& t, core::TimeMs) {
    t.closed_at.reset();
    return nlohmann::json{{"reason", reason}};
  });
}

TicketView IncidentService::record_notification(const core::Principal& who, long long id,
                                                const core::DataSubjectNotification& n) {
  core::check_notification(n);
  return act(who, id, IncidentAction::record_follow_up, "data_subjects_notified", [&](auto&, core::Incident& t, core::TimeMs) {
    t.notification = n;
    return nlohmann::json{{"channel", n.channel}, {"people", n.people}};
  });
}

TicketView IncidentService::record_referral(const core::Principal& who, long long id, const core::LawEnforcementReferral& r) {
  core::check_referral(r);
  return act(who, id, IncidentAction::record_follow_up, "law_enforcement_referred", [&](auto&, core::Incident& t, core::TimeMs) {
    t.referral = r;
    return nlohmann::json{{"agency", r.agency}, {"case_number", r.case_number}};
  });
}

TicketView IncidentService::discard(const core::Principal& who, long long id, const std::string& reason) {
  require_reason(reason);
  return act(who, id, IncidentAction::discard, "discarded",
             [&](auto&, core::Incident&, core::TimeMs) { return nlohmann::json{{"reason", reason}}; });
}

TicketView IncidentService::request_support(const core::Principal& who, long long id, const core::SupportRequest& request) {
  core::check_support_request(request);
  return act(who, id, IncidentAction::request_support, "support_requested", [&](auto&, core::Incident& t, core::TimeMs) {
    t.report.support = request;
    t.report.support.needed = true;
    // A new request is open again, whoever took on an earlier one.
    t.support_taken_by.clear();
    t.support_taken_at.reset();
    return nlohmann::json{{"kinds", request.kinds}, {"detail", request.detail}};
  });
}

TicketView IncidentService::take_support(const core::Principal& who, long long id) {
  return act(who, id, IncidentAction::take_support, "support_taken", [&](auto&, core::Incident& t, core::TimeMs now) {
    if (!t.report.support.needed) throw Error(ErrorKind::conflict, "invalid_state", "This ticket asks for no support.", "support");
    if (!t.support_taken_by.empty())
      throw Error(ErrorKind::conflict, "invalid_state", "Support was taken on already by " + t.support_taken_by + ".", "support");
    t.support_taken_by = who.unit_oid;
    t.support_taken_at = now;
    return nlohmann::json{{"by", who.unit_oid}};
  });
}

TicketView IncidentService::get(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) {
    auto found = visible_with_units(tx, who, id);
    return view(tx, who, std::move(found.ticket), found.unit, found.reviewer);
  });
}

long long IncidentService::id_of_number(const core::Principal& who, const std::string& number) {
  return db_.read_value([&](store::Transaction& tx) {
    auto id = sinc::id_of_number(tx, number);
    if (!id) throw core::not_found("No incident " + number + " is visible to you.");
    return visible(tx, who, *id).id;
  });
}

long long IncidentService::complete_search_index(const std::atomic<bool>* stop) {
  constexpr int kPage = 1000;
  const bool complete = db_.read_value([](store::Transaction& tx) {
    return tx.query_one("SELECT value FROM settings WHERE name = 'ticket_search'").has_value();
  });
  long long indexed = 0;
  if (!complete) {
    // The pairs are made from the text: made again once it is all written.
    db_.write([](store::Transaction& tx) { sinc::restart_search_pairs(tx); });
    long long after = 0;
    for (;;) {
      long long last = after;
      const long long n = db_.write_value([&](store::Transaction& tx) { return sinc::index_for_search(tx, after, kPage, last); });
      indexed += n;
      after = last;
      if (n < kPage) break;
      if (stop && *stop) return indexed;
    }
    db_.write([](store::Transaction& tx) {
      tx.execute("DELETE FROM settings WHERE name = 'ticket_search'");
      tx.execute("INSERT INTO settings (name, value) VALUES ('ticket_search', 'complete')");
    });
  }
  const long long pairs = write_search_pairs(stop);
  return complete ? pairs : indexed;  // a ticket indexed again is counted once, by its text
}

long long IncidentService::write_search_pairs(const std::atomic<bool>* stop) {
  constexpr int kPage = 1000;
  long long written = 0;
  while (!(stop && *stop) && db_.read_value([](store::Transaction& tx) { return sinc::search_pairs_behind(tx); })) {
    // The pairs made from a read, outside the write that every filing waits for.
    const auto page = db_.read_value([&](store::Transaction& tx) { return sinc::pairs_to_write(tx, kPage); });
    const long long n = db_.write_value([&](store::Transaction& tx) { return sinc::write_search_pairs(tx, page); });
    if (n == 0) break;
    written += n;
  }
  return written;
}

long long IncidentService::complete_lateness(const std::atomic<bool>* stop) {
  constexpr int kPage = 1000;
  const auto basis = policies_.identity();
  // Most starts find them written under the same profiles: a read, and nothing to write.
  if (db_.read_value([&](store::Transaction& tx) { return sinc::lateness_ready(tx, basis); })) return 0;
  db_.write([&](store::Transaction& tx) { sinc::restart_lateness(tx, basis); });
  long long filled = 0;
  while (!(stop && *stop)) {
    const long long n = db_.write_value([&](store::Transaction& tx) -> long long {
      const auto due = sinc::lateness_due(tx, kPage);
      std::map<long long, core::UnitKind> kinds;  // a page's tickets come from a few hundred units
      for (const auto& t : due) {
        auto [kind, fresh] = kinds.try_emplace(t.unit_id, core::UnitKind::other);
        if (fresh)
          if (auto unit = store::units::find_brief(tx, t.unit_id)) kind->second = unit->kind;
        sinc::set_lateness(tx, t.id, core::lateness_marks(t, kind->second, policies_));
      }
      // Fewer than a page: the last, done in this transaction, so no ticket filed meanwhile is left out.
      sinc::lateness_filled_through(tx, due.size() < kPage ? std::nullopt : std::optional(due.back().id));
      return static_cast<long long>(due.size());
    });
    filled += n;
    if (n < kPage) break;
  }
  return filled;
}

void IncidentService::unit_changed(store::Transaction& tx, const core::Unit& before, const core::Unit& after) {
  const bool kind = before.kind != after.kind, named = before.code != after.code || before.name != after.name;
  if (!kind && !named) return;
  const auto now = clock_.now();
  for (long long id : sinc::ids_of_unit(tx, after.id)) {
    const auto t = sinc::find(tx, id);
    if (!t) continue;
    if (kind) {
      sinc::set_lateness(tx, id, core::lateness_marks(*t, after.kind, policies_));
      const auto moment = t->report.aware_at ? t->report.aware_at : now;
      const auto computed = [&](core::UnitKind k) {
        return core::assess_level(t->report.impact, policies_.for_ticket(k, moment)).level;
      };
      statistics::record_unit_kind_change(tx, policies_, *t, before, computed(before.kind), after, computed(after.kind));
    }
    if (named) sinc::refresh_search_text(tx, *t);
  }
}

std::vector<std::string> IncidentService::states_asked(const ListQuery& q) {
  if (!q.states.empty()) return q.states;
  std::vector<std::string> states;
  if (q.scope != "history") states = {"reported", "responded", "centre_review", "cert_review", "returned"};
  if (q.scope != "open") states.insert(states.end(), {"closed", "discarded"});
  if (q.mine && q.scope != "history") states.push_back("draft");
  return states;
}

IncidentService::Page IncidentService::list(const core::Principal& who, const ListQuery& q) {
  return db_.read_value([&](store::Transaction& tx) {
    sinc::Filter f;
    if (q.mine) {
      f.unit_id = who.unit_id;
    } else if (q.root_oid) {
      auto root = store::units::find_by_oid(tx, *q.root_oid);
      if (!root || !core::can_read_unit(who, {root->id, root->path}))
        throw core::not_found("No unit with the OID " + *q.root_oid + " is visible to you.");
      f.within_path = root->path;
    } else if (!core::sees_everything(who)) {
      f.within_path = who.unit_path;
    }
    const bool drafts = std::find(q.states.begin(), q.states.end(), "draft") != q.states.end();
    if (drafts && !q.mine && q.states.size() > 1)
      throw core::invalid("state", "draft cannot be asked for together with other states: drafts are their unit's own");
    f.states = states_asked(q);
    if (!q.mine && drafts) f.unit_id = who.unit_id;  // drafts are private
    f.type = q.type;
    f.subcategory = q.subcategory;
    f.number = q.number;
    f.level = q.level;
    f.drill = q.drill;
    f.from = q.from;
    f.to = q.to;
    f.support_open = q.support_open;
    f.text_terms = core::search_terms(q.text);
    f.before_id = q.before_id;
    f.from_id = q.from_id;
    const auto now = clock_.now();
    auto item = [&](sinc::Summary s) {
      Item it;
      if (s.aware_at) {
        core::TicketMoments m;
        m.aware_at = *s.aware_at;
        // As on the ticket itself: a level in doubt runs on the stricter clock until reviewed, and
        // the review runs again from a refiling.
        m.level = core::deadline_level(s.level, s.computed_level, s.reviewed_at.has_value());
        m.reported_at = s.reported_at;
        m.filed_at = s.filed_at;
        m.approved_at = s.approved_at;
        m.reviewed_at = s.reviewed_at;
        m.responded_at = s.responded_at;
        m.resolved_at = s.resolved_at;
        m.investigation_report_at = s.investigation_report_at;
        const auto& profile =
            policies_.for_ticket(core::parse_unit_kind(s.unit_kind).value_or(core::UnitKind::other), *s.aware_at);
        it.deadlines = core::compute_deadlines(profile, m, now);
      }
      for (size_t i = 0; i < it.deadlines.size(); ++i) {
        const auto& d = it.deadlines[i];
        if (d.state == core::DeadlineState::overdue || d.state == core::DeadlineState::met_late) it.late = true;
        const bool open = d.state == core::DeadlineState::pending || d.state == core::DeadlineState::overdue;
        if (open && (it.next < 0 || *d.due_at < *it.deadlines[static_cast<size_t>(it.next)].due_at))
          it.next = static_cast<int>(i);
      }
      it.summary = std::move(s);
      return it;
    };
    Page page;
    auto wanted = [&](const Item& it) {
      const bool overdue = it.next >= 0 &&
                           it.deadlines[static_cast<size_t>(it.next)].state == core::DeadlineState::overdue;
      return (!q.late_only || it.late) && (!q.overdue_only || overdue);
    };
    // Lateness from the marks kept with each ticket, once they are all written under the profiles
    // in force; until then, computed ticket by ticket below.
    const bool marks_kept = (q.late_only || q.overdue_only) && sinc::lateness_ready(tx, policies_.identity());
    if (marks_kept) {
      if (q.late_only) f.late_at = now;
      if (q.overdue_only) f.overdue_at = now;
    }
    if ((!q.late_only && !q.overdue_only) || marks_kept) {
      f.limit = q.limit;
      f.offset = q.offset;
      if (!q.count_total) {
        for (auto& s : sinc::list(tx, f)) page.items.push_back(item(std::move(s)));
        return page;
      }
      // A total counted to the cap from this page on: with keyset paging, what lies before the page
      // is not counted again. A search's matches are counted no further than a thousand: past
      // that, a better word serves the reader more than a count, and a common word would
      // otherwise be counted through much of the country's tickets.
      const long long cap = f.text_terms.empty() ? kListTotalCap : kSearchTotalCap;
      auto listed = sinc::list_with_total(tx, f, cap);
      for (auto& s : listed.items) page.items.push_back(item(std::move(s)));
      page.total = listed.total;
      page.total_capped = page.total >= cap;
      return page;
    }
    // Lateness is computed, not stored: read every match, keep the late ones, then page.
    f.limit = std::numeric_limits<int>::max();
    for (auto& s : sinc::list(tx, f)) {
      auto it = item(std::move(s));
      if (!wanted(it)) continue;
      if (page.total >= q.offset && page.total < static_cast<long long>(q.offset) + q.limit)
        page.items.push_back(std::move(it));
      ++page.total;
    }
    return page;
  });
}

namespace {
// A window's width below `before`: no wider than the ids below it (wider would reach past the
// first id, and the window is then unbounded anyway), so that a `before` as large as a caller may
// give keeps the arithmetic in range.
long long window_below(long long before, double wanted) {
  return wanted < static_cast<double>(before) ? static_cast<long long>(wanted) : before;
}
}  // namespace

IncidentService::ExportCursor IncidentService::start_export(ListQuery q, int page_size) {
  q.limit = page_size;
  q.offset = 0;
  q.count_total = false;
  q.from_id.reset();
  ExportCursor c{std::move(q)};
  if (!c.query.text.empty()) {
    // A search lists open tickets first, then closed ones, newest first in each: exported as two
    // walks by id, each page starting below the last.
    std::vector<std::string> open;
    for (auto& state : states_asked(c.query))
      (state == "closed" || state == "discarded" ? c.closed_states : open).push_back(std::move(state));
    if (open.empty()) std::swap(open, c.closed_states);
    c.query.states = std::move(open);
    c.closed_from = c.query.before_id;
  }
  return c;
}

std::vector<IncidentService::Item> IncidentService::next_export_page(const core::Principal& who, ExportCursor& c) {
  auto& q = c.query;
  if (!q.text.empty()) {
    while (!c.done) {
      auto items = list(who, q).items;
      if (items.size() == static_cast<size_t>(q.limit)) {
        q.before_id = items.back().summary.id;
        return items;
      }
      // The open tickets are done: the closed ones next, from the top.
      c.done = c.closed_states.empty();
      q.states = std::move(c.closed_states);
      c.closed_states.clear();
      q.before_id = c.closed_from;
      if (!items.empty()) return items;
    }
    return {};
  }
  const long long limit = q.limit;
  while (!c.done) {
    // The window [from, before); unbounded below at first, and once it would reach the first id.
    q.from_id.reset();
    if (c.span > 0 && q.before_id && *q.before_id - c.span > 1) q.from_id = *q.before_id - c.span;
    auto items = list(who, q).items;
    const auto n = static_cast<long long>(items.size());
    if (n == limit) {
      // A full page: the ids it covered tell how wide a window holds the next one, with a
      // quarter more so that a window seldom falls short.
      const long long top = q.before_id ? *q.before_id : items.front().summary.id + 1;
      const long long last = items.back().summary.id;
      c.span = std::max(limit, window_below(last, 1.25 * static_cast<double>(top - last)));
      q.before_id = last;
      return items;
    }
    if (!q.from_id) {
      c.done = true;  // fewer than a page left below: the end
      return items;
    }
    // The window held fewer than a page: go on below it, with a window widened to what this
    // one's density says a page needs (four times as wide after an empty one).
    const auto covered = static_cast<double>(c.span);
    q.before_id = q.from_id;
    c.span = window_below(*q.before_id, n == 0 ? 4.0 * covered : std::min(4.0 * covered, 1.25 * covered * limit / n));
    if (n > 0) return items;
  }
  return {};
}

std::vector<IncidentService::NamedEvent> IncidentService::timeline(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) {
    visible(tx, who, id);
    std::vector<NamedEvent> out;
    std::map<std::string, std::string> names;  // each actor looked up once
    for (auto& e : sinc::events(tx, id)) {
      auto [it, fresh] = names.try_emplace(e.actor);
      if (fresh) {
        // "oid/account" names a person: their name and their unit's.
        if (const auto slash = e.actor.find('/'); slash != std::string::npos) {
          const auto oid = e.actor.substr(0, slash);
          const auto person = store::contacts::find_for_login(tx, oid, e.actor.substr(slash + 1));
          const auto unit = store::units::find_by_oid(tx, oid);
          if (person && unit) it->second = person->contact.name + "，" + unit->name;
          else if (unit) it->second = unit->name;
        } else if (e.actor.rfind("apikey:", 0) == 0) {
          // A machine client: the name its unit gave the key, and the unit's.
          long long key_id = 0;
          try {
            key_id = std::stoll(e.actor.substr(7));
          } catch (const std::exception&) {
          }
          if (const auto key = store::auth::find_api_key(tx, key_id))
            if (const auto unit = store::units::find_by_id(tx, key->unit_id)) it->second = key->name + "，" + unit->name;
        }
      }
      out.push_back({std::move(e), it->second});
    }
    return out;
  });
}

std::vector<notify::Message> IncidentService::messages(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) {
    const auto t = visible(tx, who, id);
    if (t.unit_id == who.unit_id && !core::sees_everything(who)) return std::vector<notify::Message>{};
    return notify::list(tx, {std::nullopt, id, 1000, 0});
  });
}

void IncidentService::check_can_attach(const core::Principal& who, long long id) {
  db_.read([&](store::Transaction& tx) {
    auto t = visible(tx, who, id);
    check_allowed(core::decide(IncidentAction::add_attachment, t.state, roles_of(who, t), t.response.has_value()),
                  IncidentAction::add_attachment, t);
  });
}

sinc::Attachment IncidentService::add_attachment(const core::Principal& who, long long id, const AttachmentUpload& up) {
  if (std::find(attachment_kinds().begin(), attachment_kinds().end(), up.kind) == attachment_kinds().end())
    throw core::invalid("kind", "kind must be evidence, investigation_report or other");
  // Permission first: a refused upload must leave nothing in the store (it stays in the
  // temporary file, which the server removes).
  check_can_attach(who, id);
  const store::files::ContentFiles files(attachment_dir_);
  const auto received = files.receive(up.source_file);
  sinc::Attachment a;
  a.file_name = sanitise_file_name(up.file_name);
  a.kind = up.kind;
  a.declared_type = up.declared_type.substr(0, 100);
  a.size_bytes = received.size_bytes;
  a.sha256 = received.sha256;
  // Files are stored by content, so the same evidence uploaded twice is kept once. The file is
  // put in place inside the write transaction, so no other upload sees it half-decided.
  bool placed = false;
  try {
    act(who, id, IncidentAction::add_attachment, "attachment_added", [&](store::Transaction& tx, core::Incident& t, core::TimeMs now) {
      placed = files.place(up.source_file, a.sha256);
      a.incident_id = t.id;
      a.uploaded_by = who.label;
      a.uploaded_at = now;
      a.id = sinc::add_attachment(tx, a);
      if (a.kind == "investigation_report") {
        t.has_investigation_report = true;
        t.investigation_report_at = t.investigation_report_at ? std::min(*t.investigation_report_at, now) : now;
      }
      return nlohmann::json{{"attachment_id", a.id}, {"file_name", a.file_name}, {"kind", a.kind}, {"sha256", a.sha256}};
    }, /*in_transaction_only=*/false);  // it places the file
  } catch (...) {
    // Refused after all (the ticket changed meanwhile): take back the file unless a record names it.
    if (placed)
      db_.write([&](store::Transaction& tx) {
        if (!store::files::content_in_use(tx, a.sha256)) files.remove(a.sha256);
      });
    throw;
  }
  return a;
}

std::vector<sinc::Attachment> IncidentService::attachments(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) {
    visible(tx, who, id);
    return sinc::attachments(tx, id);
  });
}

std::pair<sinc::Attachment, std::string> IncidentService::attachment_file(const core::Principal& who, long long attachment_id) {
  auto a = db_.read_value([&](store::Transaction& tx) {
    auto found = sinc::find_attachment(tx, attachment_id);
    if (!found) throw core::not_found("No attachment " + std::to_string(attachment_id) + " is visible to you.");
    try {
      visible(tx, who, found->incident_id);
    } catch (const Error&) {
      throw core::not_found("No attachment " + std::to_string(attachment_id) + " is visible to you.");
    }
    return *found;
  });
  return {a, store::files::ContentFiles(attachment_dir_).path_of(a.sha256)};
}

}  // namespace tongbao::incidents
