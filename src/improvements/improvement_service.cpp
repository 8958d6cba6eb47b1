#include "improvements/improvement_service.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "store/content_files.h"
#include "core/error.h"
#include "improvements/audit_register_workbook.h"
#include "incidents/incident_service.h"
#include "jobs/job_store.h"
#include "notify/outbox.h"
#include "store/advisory_store.h"
#include "store/contact_store.h"
#include "store/incident_store.h"
#include "store/unit_store.h"

namespace tongbao::improvements {

namespace si = store::improvements;
using core::ImprovementAction;
using core::ImprovementStatus;

namespace {

constexpr const char* kReminderJob = "improvement_reminder";

core::TreePosition position_of(const core::Unit& u) { return {u.id, u.path}; }

using Text = std::function<std::pair<std::string, std::string>(bool zh)>;

// One message to each active contact of the unit, in the contact's language.
void mail_unit(store::Transaction& tx, long long unit_id, const std::string& kind, core::TimeMs now, const Text& text) {
  std::vector<notify::Message> messages;
  for (const auto& c : store::contacts::for_unit(tx, unit_id)) {
    if (!c.active || c.email.empty()) continue;
    auto [subject, body] = text(c.locale != "en");
    notify::Message m;
    m.channel = "email";
    m.recipient = c.email;
    m.recipient_name = c.name;
    m.locale = c.locale;
    m.kind = kind;
    m.subject = std::move(subject);
    m.body = std::move(body);
    messages.push_back(std::move(m));
  }
  notify::enqueue_many(tx, messages, now);
}

std::string excerpt(const std::string& text, std::size_t max_bytes = 120) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return text.substr(0, cut) + "…";
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

nlohmann::json item_audit(const ImprovementItem& it) {
  const auto& in = it.input;
  return {{"status", core::to_string(it.status)}, {"category", in.category},   {"severity", in.severity},
          {"finding", in.finding},                {"measure", in.measure},     {"planned_on", in.planned_on},
          {"owner_person", in.owner_person},      {"completed_on", it.completed_on}};
}

}  // namespace

ImprovementService::ImprovementService(store::Database& db, const core::Clock& clock, const core::PolicySet& policies,
                                       std::string evidence_dir, std::string public_url)
    : db_(db), clock_(clock), policies_(policies), evidence_dir_(std::move(evidence_dir)), public_url_(std::move(public_url)) {}

std::vector<core::ImprovementCategory> ImprovementService::categories_for(core::UnitKind kind) const {
  const auto& profile = policies_.for_ticket(kind, clock_.now());
  return profile.improvement_categories.empty() ? core::default_improvement_categories() : profile.improvement_categories;
}

std::vector<core::ImprovementCategory> ImprovementService::categories(const core::Principal& who,
                                                                      const std::optional<std::string>& unit_oid) {
  auto kind = who.unit_kind;
  if (unit_oid)
    db_.read([&](store::Transaction& tx) {
      auto u = store::units::find_by_oid(tx, *unit_oid);
      if (!u || !core::can_read_unit(who, position_of(*u))) throw core::invalid("unit", "no unit " + *unit_oid + " in yours");
      kind = u->kind;
    });
  return categories_for(kind);
}

void ImprovementService::attach(jobs::Scheduler& scheduler) {
  scheduler.on(kReminderJob, [this](store::Transaction& tx, const jobs::Job& job, core::TimeMs now) {
    auto it = si::find(tx, job.improvement_id);
    // A job the item no longer counts on (its date moved, or it was done) does nothing.
    if (!it || it->next_reminder_at != job.due_at) return;
    if (!core::is_open(it->status)) {
      it->next_reminder_at.reset();
      si::save(tx, *it);
      return;
    }
    const auto owner = store::units::find_by_id(tx, it->input.owner_unit_id);
    if (!owner) return;
    const bool overdue = now >= it->due_at;
    const auto link = public_url_ + "/improvements/" + std::to_string(it->id);
    const auto finding = excerpt(it->input.finding);
    mail_unit(tx, owner->id, overdue ? "improvement_overdue" : "improvement_due_soon", now, [&](bool zh) {
      return std::pair{
          overdue ? (zh ? "改善事項已逾預計完成日期（" + it->input.planned_on + "）"
                        : "Improvement item past its planned date (" + it->input.planned_on + ")")
                  : (zh ? "改善事項即將到期（預計完成日期 " + it->input.planned_on + "）"
                        : "Improvement item due soon (planned date " + it->input.planned_on + ")"),
          (zh ? "改善事項：" : "Improvement item: ") + finding + "\n" +
              (zh ? "改善措施：" : "Corrective measure: ") + it->input.measure + "\n\n" +
              (zh ? "請更新辦理進度並上傳佐證資料；完成後請標示完成，由上級單位確認：\n"
                  : "Please report progress with evidence; once done, mark it done for the verifier:\n") +
              link + "\n"};
    });
    if (overdue)
      if (auto parent = core::parent_id_of(owner->path))
        mail_unit(tx, *parent, "improvement_overdue_unit", now, [&](bool zh) {
          return std::pair{(zh ? "所屬單位改善事項逾期：" : "Overdue improvement item of ") + owner->name,
                           (zh ? owner->name + " 的改善事項已逾預計完成日期 " + it->input.planned_on + "，尚未完成。\n"
                               : owner->name + "'s improvement item is past its planned date " + it->input.planned_on +
                                     " and not done.\n") +
                               (zh ? "改善事項：" : "Item: ") + finding + "\n\n" + link + "\n"};
        });
    schedule_reminder(tx, *it, now);
    si::save(tx, *it);
  });
}

void ImprovementService::schedule_reminder(store::Transaction& tx, ImprovementItem& it, core::TimeMs now) {
  if (!core::is_open(it.status)) {
    it.next_reminder_at.reset();
    return;
  }
  const auto at = core::next_improvement_reminder(it.due_at, now);
  if (it.next_reminder_at == at) return;  // already on the schedule
  it.next_reminder_at = at;
  jobs::schedule_for_improvement(tx, at, kReminderJob, it.id, now);
}

ItemDetail ImprovementService::detail(store::Transaction& tx, const core::Principal& who, const ImprovementItem& it) {
  ItemDetail d;
  d.item = it;
  auto owner = store::units::find_by_id(tx, it.input.owner_unit_id);
  if (!owner) throw core::not_found("no improvement item " + std::to_string(it.id));
  d.roles = core::improvement_roles(who, position_of(*owner), it.input.auditor_unit_id);
  d.updates = si::updates(tx, it.id, core::kMaxUpdatesPerItem);
  d.evidence = si::evidence(tx, it.id);
  return d;
}

ItemDetail ImprovementService::visible(store::Transaction& tx, const core::Principal& who, long long id) {
  auto it = si::find(tx, id);
  if (it) {
    auto d = detail(tx, who, *it);
    if (d.roles.reader) return d;
  }
  throw core::not_found("no improvement item " + std::to_string(id));
}

ItemDetail ImprovementService::create(const core::Principal& who, const NewItem& request) {
  const auto now = clock_.now();
  return db_.write_value([&](store::Transaction& tx) { return create_in(tx, who, request, now); });
}

ItemDetail ImprovementService::create_in(store::Transaction& tx, const core::Principal& who, const NewItem& request,
                                         core::TimeMs now) {
  {
    auto owner = request.owner_oid.empty() ? store::units::find_by_id(tx, who.unit_id)
                                           : store::units::find_by_oid(tx, request.owner_oid);
    if (!owner || !core::can_read_unit(who, position_of(*owner)))
      throw core::invalid("owner_oid", "no unit " + request.owner_oid + " in yours");
    if (!core::may_create_improvement(who, position_of(*owner)))
      throw core::forbidden("Improvement items are opened by the unit itself, or by a centre or the CERT above it.");
    ImprovementItem it;
    it.input = request.input;
    it.input.owner_unit_id = owner->id;
    it.input.auditor_unit_id.reset();
    if (request.auditor_unit_oid) {
      if (it.input.source != core::ImprovementSource::audit)
        throw core::invalid("source.auditor_unit_oid", "an auditing unit is named only for an audit finding");
      auto auditor = store::units::find_by_oid(tx, *request.auditor_unit_oid);
      // The auditing unit stands above the owner: it verifies, and nobody verifies from outside.
      if (!auditor || !core::is_strictly_above(position_of(*auditor), owner->path))
        throw core::invalid("source.auditor_unit_oid", "the auditing unit must be a unit above " + owner->name);
      it.input.auditor_unit_id = auditor->id;
    }
    core::check_improvement(it.input, categories_for(owner->kind));
    if (it.input.incident_id) {
      if (it.input.source != core::ImprovementSource::incident)
        throw core::invalid("source.incident_id", "a ticket is named only for an item from an incident");
      auto t = store::incidents::find(tx, *it.input.incident_id);
      auto filed = t ? store::units::find_by_id(tx, t->unit_id) : std::nullopt;
      if (!filed || !core::can_read_unit(who, position_of(*filed)))
        throw core::invalid("source.incident_id", "no ticket " + std::to_string(*it.input.incident_id) + " of this unit");
      if (blank(it.input.reference)) it.input.reference = t->number;
    }
    if (it.input.advisory_id) {
      if (it.input.source != core::ImprovementSource::advisory)
        throw core::invalid("source.advisory_id", "an advisory is named only for an item from an advisory");
      auto a = store::advisories::find(tx, *it.input.advisory_id);
      if (!a) throw core::invalid("source.advisory_id", "no advisory " + std::to_string(*it.input.advisory_id));
      if (blank(it.input.reference)) it.input.reference = a->number;
    }
    if (it.input.source != core::ImprovementSource::audit) {
      it.input.audit_date.clear();
      it.input.auditor.clear();
    }
    it.status = ImprovementStatus::planned;
    it.due_at = core::taipei_day_end(it.input.planned_on);
    it.created_by = who.label;
    it.created_at = it.updated_at = it.status_changed_at = now;
    si::insert(tx, it);
    schedule_reminder(tx, it, now);
    si::save(tx, it);
    si::add_update(tx, {0, it.id, now, who.label, "created", "", std::string(core::to_string(it.status))});
    auto after = item_audit(it);
    after["owner_oid"] = owner->oid;
    after["source"] = core::to_string(it.input.source);
    after["reference"] = it.input.reference;
    audit::append(tx, now, who.label, "improvement.create", "improvement", std::to_string(it.id), std::nullopt, after.dump());
    if (owner->id != who.unit_id)
      mail_unit(tx, owner->id, "improvement_assigned", now, [&](bool zh) {
        return std::pair{(zh ? "新的改善事項，預計完成日期 " : "New improvement item, planned for ") + it.input.planned_on,
                         (zh ? "改善事項：" : "Item: ") + excerpt(it.input.finding, 400) + "\n\n" +
                             (zh ? "請填寫改善措施、辦理進度與佐證資料：" : "Fill in the measure, progress and evidence: ") +
                             public_url_ + "/improvements/" + std::to_string(it.id) + "\n"};
      });
    return detail(tx, who, it);
  }
}

ItemDetail ImprovementService::get(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) { return visible(tx, who, id); });
}

si::Filter ImprovementService::filter_of(store::Transaction& tx, const core::Principal& who, const ListQuery& q) {
  si::Filter f;
  if (!core::sees_everything(who)) {
    f.within_path = who.unit_path;
    f.or_audited_by = who.unit_id;
  }
  if (q.unit_oid) {
    auto u = store::units::find_by_oid(tx, *q.unit_oid);
    if (!u || !core::can_read_unit(who, position_of(*u))) throw core::invalid("unit", "no unit " + *q.unit_oid + " in yours");
    if (q.subtree) f.owner_path = u->path;
    else f.owner_unit_id = u->id;
  }
  for (const auto& s : q.statuses) {
    if (s == "open") {
      for (const char* o : {"planned", "in_progress", "not_accepted"}) f.statuses.push_back(o);
    } else {
      f.statuses.push_back(s);
    }
  }
  f.category = q.category;
  f.severity = q.severity;
  f.source_kind = q.source_kind;
  f.incident_id = q.incident_id;
  f.overdue_only = q.overdue;
  f.now = clock_.now();
  f.limit = q.limit;
  f.offset = q.offset;
  return f;
}

std::pair<std::vector<ImprovementItem>, long long> ImprovementService::list(const core::Principal& who, const ListQuery& q) {
  return db_.read_value([&](store::Transaction& tx) {
    const auto f = filter_of(tx, who, q);
    auto items = si::list(tx, f);
    return std::pair{std::move(items), si::count(tx, f)};
  });
}

si::Summary ImprovementService::summary(const core::Principal& who, const ListQuery& q) {
  return db_.read_value([&](store::Transaction& tx) { return si::summary(tx, filter_of(tx, who, q)); });
}

ItemDetail ImprovementService::edit(const core::Principal& who, long long id, const ItemChange& change) {
  const auto now = clock_.now();
  return db_.write_value([&](store::Transaction& tx) {
    auto d = visible(tx, who, id);
    auto& it = d.item;
    core::next_improvement_status(ImprovementAction::edit, it.status, d.roles);
    const auto before = item_audit(it);
    auto& in = it.input;
    if (change.owner_person) in.owner_person = *change.owner_person;
    if (change.category) in.category = *change.category;
    if (change.severity) in.severity = *change.severity;
    if (change.finding) in.finding = *change.finding;
    if (change.measure) in.measure = *change.measure;
    if (change.planned_on) in.planned_on = *change.planned_on;
    auto owner = store::units::find_by_id(tx, in.owner_unit_id);
    // Categories the item had before a profile changed stay acceptable for it.
    auto allowed = categories_for(owner->kind);
    if (!change.category && std::none_of(allowed.begin(), allowed.end(), [&](const auto& c) { return c.key == in.category; }))
      allowed.push_back({in.category, in.category, in.category});
    core::check_improvement(in, allowed);
    const auto after = item_audit(it);
    if (after == before) return d;  // nothing changed: no entry, no update
    it.due_at = core::taipei_day_end(in.planned_on);
    it.updated_at = now;
    schedule_reminder(tx, it, now);
    si::save(tx, it);
    std::string changed;
    for (const auto& [key, value] : after.items())
      if (before[key] != value) changed += (changed.empty() ? "" : ", ") + key;
    si::add_update(tx, {0, it.id, now, who.label, "edited", changed, std::string(core::to_string(it.status))});
    audit::append(tx, now, who.label, "improvement.update", "improvement", std::to_string(it.id), before.dump(), after.dump());
    return detail(tx, who, it);
  });
}

ItemDetail ImprovementService::progress(const core::Principal& who, long long id, const std::string& note) {
  core::check_text(note, core::kMaxImprovementText, "note", true);
  const auto now = clock_.now();
  return db_.write_value([&](store::Transaction& tx) {
    auto d = visible(tx, who, id);
    auto& it = d.item;
    const auto next = core::next_improvement_status(ImprovementAction::progress, it.status, d.roles);
    if (si::count_updates(tx, it.id) >= core::kMaxUpdatesPerItem)
      throw core::Error(core::ErrorKind::conflict, "too_many_updates",
                        "an item holds at most " + std::to_string(core::kMaxUpdatesPerItem) + " updates");
    if (next != it.status) it.status_changed_at = now;
    it.status = next;
    it.updated_at = now;
    schedule_reminder(tx, it, now);
    si::save(tx, it);
    const auto update_id = si::add_update(tx, {0, it.id, now, who.label, "progress", note, std::string(core::to_string(next))});
    audit::append(tx, now, who.label, "improvement.progress", "improvement", std::to_string(it.id), std::nullopt,
                  nlohmann::json{{"update_id", update_id}, {"note", note}, {"status", core::to_string(next)}}.dump());
    return detail(tx, who, it);
  });
}

ItemDetail ImprovementService::mark_done(const core::Principal& who, long long id, const std::string& note,
                                         const std::optional<std::string>& completed_on) {
  core::check_text(note, core::kMaxImprovementText, "note", false);
  const auto now = clock_.now();
  const auto today = core::taipei_date(now);
  const auto completed = completed_on.value_or(today);
  if (!core::is_valid_date(completed)) throw core::invalid("completed_on", "completed_on must be a date such as 2026-03-31");
  if (completed > today) throw core::invalid("completed_on", "completed_on cannot be after today");
  return db_.write_value([&](store::Transaction& tx) {
    auto d = visible(tx, who, id);
    auto& it = d.item;
    const auto next = core::next_improvement_status(ImprovementAction::mark_done, it.status, d.roles);
    if (core::needs_evidence(it.input.severity) && d.evidence.empty())
      throw core::Error(core::ErrorKind::invalid, "evidence_required",
                        "a deficiency is marked done with evidence that the control works: add a file first", "evidence");
    it.status = next;
    it.status_changed_at = it.updated_at = now;
    it.completed_on = completed;
    it.decision_reason.clear();
    it.decided_by.clear();
    it.decided_at.reset();
    schedule_reminder(tx, it, now);  // none while it awaits verification
    si::save(tx, it);
    si::add_update(tx, {0, it.id, now, who.label, "done", note, std::string(core::to_string(next))});
    audit::append(tx, now, who.label, "improvement.done", "improvement", std::to_string(it.id), std::nullopt,
                  nlohmann::json{{"completed_on", completed}, {"note", note}, {"evidence", d.evidence.size()}}.dump());
    auto owner = store::units::find_by_id(tx, it.input.owner_unit_id);
    const auto verifier = it.input.auditor_unit_id ? it.input.auditor_unit_id : core::parent_id_of(owner->path);
    if (verifier)
      mail_unit(tx, *verifier, "improvement_done", now, [&](bool zh) {
        return std::pair{(zh ? "改善事項待確認：" : "Improvement item to verify: ") + owner->name,
                         (zh ? owner->name + " 已完成改善事項，請檢視佐證資料並確認或退回：\n"
                             : owner->name + " has done an improvement item. Review the evidence, then verify or send it back:\n") +
                             excerpt(it.input.finding) + "\n\n" + public_url_ + "/improvements/" + std::to_string(it.id) + "\n"};
      });
    return detail(tx, who, it);
  });
}

ItemDetail ImprovementService::decide(const core::Principal& who, long long id, bool verified, const std::string& reason) {
  core::check_text(reason, core::kMaxImprovementReason, "reason", !verified);
  if (who.contact_id == 0) throw core::forbidden("A person verifies an improvement item, not an API key.");
  const auto now = clock_.now();
  return db_.write_value([&](store::Transaction& tx) {
    auto d = visible(tx, who, id);
    auto& it = d.item;
    const auto next = core::next_improvement_status(verified ? ImprovementAction::verify : ImprovementAction::not_accept,
                                                    it.status, d.roles);
    it.status = next;
    it.status_changed_at = it.updated_at = now;
    it.decision_reason = reason;
    it.decided_by = who.label;
    it.decided_at = now;
    if (!verified) it.completed_on.clear();
    schedule_reminder(tx, it, now);  // sent back: the weekly reminders start again
    si::save(tx, it);
    si::add_update(tx, {0, it.id, now, who.label, verified ? "verified" : "not_accepted", reason,
                        std::string(core::to_string(next))});
    audit::append(tx, now, who.label, verified ? "improvement.verify" : "improvement.not_accept", "improvement",
                  std::to_string(it.id), std::nullopt, nlohmann::json{{"reason", reason}}.dump());
    mail_unit(tx, it.input.owner_unit_id, verified ? "improvement_verified" : "improvement_not_accepted", now, [&](bool zh) {
      return std::pair{verified ? (zh ? "改善事項已確認完成" : "Improvement item verified")
                                : (zh ? "改善事項未獲認可，請補正" : "Improvement item not accepted: more to do"),
                       (zh ? "改善事項：" : "Item: ") + excerpt(it.input.finding) + "\n" +
                           (reason.empty() ? "" : (zh ? "說明：" : "Reason: ") + reason + "\n") + "\n" + public_url_ +
                           "/improvements/" + std::to_string(it.id) + "\n"};
    });
    return detail(tx, who, it);
  });
}

AuditImportResult ImprovementService::import_audit_register(const core::Principal& who, const AuditImport& request) {
  const auto now = clock_.now();
  const auto today = core::taipei_date(now);
  if (!core::is_valid_date(request.audit_date))
    throw core::invalid("audit_date", "audit_date must be the audit's date, such as 2023-12-21");
  if (request.audit_date > today) throw core::invalid("audit_date", "audit_date cannot be after today");
  core::check_text(request.auditor, core::kMaxImprovementShort, "auditor", !request.auditor_unit_oid);
  return db_.write_value([&](store::Transaction& tx) {
    auto owner = request.owner_oid.empty() ? store::units::find_by_id(tx, who.unit_id)
                                           : store::units::find_by_oid(tx, request.owner_oid);
    if (!owner || !core::can_read_unit(who, position_of(*owner)))
      throw core::invalid("owner_oid", "no unit " + request.owner_oid + " in yours");
    if (!core::may_create_improvement(who, position_of(*owner)))
      throw core::forbidden("An audit register is imported by the unit itself, or by a centre or the CERT above it.");
    std::optional<long long> auditor_unit_id;
    if (request.auditor_unit_oid) {
      auto auditor = store::units::find_by_oid(tx, *request.auditor_unit_oid);
      if (!auditor || !core::is_strictly_above(position_of(*auditor), owner->path))
        throw core::invalid("auditor_unit_oid", "the auditing unit must be a unit above " + owner->name);
      auditor_unit_id = auditor->id;
    }
    const auto categories = categories_for(owner->kind);
    AuditImportResult result;
    result.owner_oid = owner->oid;
    result.rows = request.workbook ? read_audit_register_xlsx(request.file, categories)
                                   : core::parse_audit_register(request.file, categories);
    // Every row through the same rules as an item opened by hand, before any is stored.
    std::vector<ImprovementItem> items;
    std::vector<core::RowError> errors;
    const auto& columns = core::audit_register_columns();
    for (const auto& row : result.rows) {
      ImprovementItem it;
      auto& in = it.input;
      in.owner_unit_id = owner->id;
      in.source = core::ImprovementSource::audit;
      in.audit_date = request.audit_date;
      in.auditor = request.auditor;
      in.auditor_unit_id = auditor_unit_id;
      in.reference = row.reference;
      in.audit_item = row.item;
      in.audit_group = row.group;
      in.category = row.category;
      in.severity = core::severity_for_category(row.category);
      in.finding = row.finding;
      in.measure = row.measure;
      // A finding already dealt with is planned for the audit's day and awaits the verifier.
      in.planned_on = row.done ? request.audit_date : row.planned_on;
      try {
        core::check_improvement(in, categories);
      } catch (const core::Error& e) {
        const auto& field = e.field();
        const auto column = field == "finding" ? columns[4] : field == "measure" ? columns[5]
                          : field == "planned_on" ? columns[6] : field == "category" ? columns[1]
                          : field == "source.reference" ? columns[2] : field;
        errors.push_back({row.row, column, e.what()});
        continue;
      }
      it.status = row.done ? ImprovementStatus::done : ImprovementStatus::planned;
      if (row.done) it.completed_on = today;
      it.due_at = core::taipei_day_end(in.planned_on);
      it.created_by = who.label;
      it.created_at = it.updated_at = it.status_changed_at = now;
      items.push_back(std::move(it));
    }
    if (!errors.empty()) {
      core::Error e(core::ErrorKind::invalid, "invalid_csv",
                    std::to_string(errors.size()) + " problem(s) in the audit register; nothing was imported",
                    errors.front().field);
      e.row_errors = std::move(errors);
      throw e;
    }
    if (request.dry_run) return result;
    const std::string note = "稽核紀錄匯入（" + request.audit_date + "）";
    for (auto& it : items) {
      si::insert(tx, it);
      schedule_reminder(tx, it, now);
      si::save(tx, it);
      si::add_update(tx, {0, it.id, now, who.label, "created", note, std::string(core::to_string(ImprovementStatus::planned))});
      if (it.status == ImprovementStatus::done)
        si::add_update(tx, {0, it.id, now, who.label, "done", "稽核紀錄所載：" + std::string(core::kAuditRegisterDone),
                            std::string(core::to_string(it.status))});
      auto after = item_audit(it);
      after["owner_oid"] = owner->oid;
      after["source"] = core::to_string(it.input.source);
      after["reference"] = it.input.reference;
      after["audit_item"] = it.input.audit_item;
      after["imported"] = true;
      audit::append(tx, now, who.label, "improvement.create", "improvement", std::to_string(it.id), std::nullopt, after.dump());
      result.ids.push_back(it.id);
    }
    audit::append(tx, now, who.label, "improvement.import", "unit", owner->oid, std::nullopt,
                  nlohmann::json{{"audit_date", request.audit_date}, {"auditor", request.auditor}, {"items", result.ids.size()}}.dump());
    if (owner->id != who.unit_id)
      mail_unit(tx, owner->id, "improvement_assigned", now, [&](bool zh) {
        return std::pair{zh ? "稽核發現事項已列為改善事項（" + std::to_string(items.size()) + " 項）"
                            : std::to_string(items.size()) + " audit findings listed as improvement items",
                         (zh ? "稽核日期 " : "Audit of ") + request.audit_date + "\n\n" +
                             (zh ? "請填寫改善措施、辦理進度與佐證資料：" : "Fill in the measures, progress and evidence: ") +
                             public_url_ + "/improvements\n"};
      });
    return result;
  });
}

std::string ImprovementService::export_audit_register(const core::Principal& who, const AuditExport& request) {
  return db_.read_value([&](store::Transaction& tx) {
    auto unit = request.unit_oid ? store::units::find_by_oid(tx, *request.unit_oid) : store::units::find_by_id(tx, who.unit_id);
    if (!unit || !core::can_read_unit(who, position_of(*unit)))
      throw core::invalid("unit", "no unit " + request.unit_oid.value_or("") + " in yours");
    si::Filter f;
    f.owner_unit_id = unit->id;
    f.source_kind = "audit";
    f.audit_date = request.audit_date;
    f.auditor = request.auditor;
    f.in_register_order = true;
    f.limit = 10 * static_cast<int>(core::kMaxAuditRegisterRows);
    const auto categories = categories_for(unit->kind);
    std::vector<core::AuditRegisterExportRow> rows;
    for (const auto& it : si::list(tx, f)) {
      const auto c = std::find_if(categories.begin(), categories.end(), [&](const auto& k) { return k.key == it.input.category; });
      rows.push_back({it.input.audit_item.empty() ? std::to_string(it.id) : it.input.audit_item,
                      c == categories.end() ? it.input.category : c->label_zh, it.input.reference, it.input.audit_group,
                      it.input.finding, it.input.measure, core::register_completion(it),
                      std::string(core::register_status_label(it.status))});
    }
    return request.workbook ? write_audit_register_xlsx(rows) : core::write_audit_register(rows);
  });
}

void ImprovementService::check_can_add_evidence(const core::Principal& who, long long id) {
  db_.read([&](store::Transaction& tx) {
    auto d = visible(tx, who, id);
    core::next_improvement_status(ImprovementAction::progress, d.item.status, d.roles);
    if (d.evidence.size() >= static_cast<size_t>(core::kMaxEvidencePerItem))
      throw core::Error(core::ErrorKind::conflict, "too_many_files",
                        "an item holds at most " + std::to_string(core::kMaxEvidencePerItem) + " evidence files");
  });
}

core::EvidenceFile ImprovementService::add_evidence(const core::Principal& who, long long id, const EvidenceUpload& up) {
  check_can_add_evidence(who, id);
  std::error_code ec;
  const auto size = std::filesystem::file_size(up.source_file, ec);
  if (!ec && size > static_cast<std::uintmax_t>(core::kMaxEvidenceBytes))
    throw core::Error(core::ErrorKind::payload_too_large, "file_too_large",
                      "an evidence file may be at most " + std::to_string(core::kMaxEvidenceBytes / (1024 * 1024)) + " MB",
                      "body");
  // Kept by content in the store every uploaded file shares (and backups copy).
  const store::files::ContentFiles files(evidence_dir_);
  const auto received = files.receive(up.source_file);
  core::EvidenceFile e;
  e.file_name = incidents::sanitise_file_name(up.file_name);
  e.declared_type = up.declared_type.substr(0, 100);
  e.size_bytes = received.size_bytes;
  e.sha256 = received.sha256;
  bool placed = false;
  const auto now = clock_.now();
  try {
    db_.write([&](store::Transaction& tx) {
      auto d = visible(tx, who, id);
      core::next_improvement_status(ImprovementAction::progress, d.item.status, d.roles);
      if (d.evidence.size() >= static_cast<size_t>(core::kMaxEvidencePerItem))
        throw core::Error(core::ErrorKind::conflict, "too_many_files", "this item holds its most evidence files");
      if (up.update_id) {
        auto u = si::find_update(tx, *up.update_id);
        if (!u || u->item_id != id || u->action != "progress")
          throw core::invalid("update", "no progress update " + std::to_string(*up.update_id) + " of this item");
      }
      placed = files.place(up.source_file, e.sha256);
      e.item_id = id;
      e.update_id = up.update_id;
      e.uploaded_by = who.label;
      e.uploaded_at = now;
      e.id = si::add_evidence(tx, e);
      audit::append(tx, now, who.label, "improvement.evidence", "improvement", std::to_string(id), std::nullopt,
                    nlohmann::json{{"evidence_id", e.id}, {"file_name", e.file_name}, {"sha256", e.sha256},
                                   {"size_bytes", e.size_bytes}}
                        .dump());
    });
  } catch (...) {
    if (placed)
      db_.write([&](store::Transaction& tx) {
        if (!store::files::content_in_use(tx, e.sha256)) files.remove(e.sha256);
      });
    throw;
  }
  return e;
}

std::pair<core::EvidenceFile, std::string> ImprovementService::evidence_file(const core::Principal& who, long long id,
                                                                            long long evidence_id) {
  auto e = db_.read_value([&](store::Transaction& tx) {
    visible(tx, who, id);
    auto found = si::find_evidence(tx, evidence_id);
    if (!found || found->item_id != id) throw core::not_found("no evidence file " + std::to_string(evidence_id));
    return *found;
  });
  return {e, store::files::ContentFiles(evidence_dir_).path_of(e.sha256)};
}

}  // namespace tongbao::improvements
