#include "notify/incident_notifier.h"

#include <set>

#include "core/deadlines.h"
#include "notify/incident_messages.h"
#include "notify/outbox.h"
#include "store/contact_store.h"
#include "store/incident_store.h"
#include "store/unit_store.h"

namespace tongbao::notify {
namespace {

constexpr const char* kReminderJob = "incident_reminder";

enum class Audience { unit, reviewer, cert };

std::vector<core::Contact> contacts_of(store::Transaction& tx, const core::Incident& t, Audience who) {
  std::vector<core::Contact> out;
  auto add_unit = [&](long long unit_id) {
    for (auto& c : store::contacts::for_unit(tx, unit_id))
      if (c.active) out.push_back(c);
  };
  if (who == Audience::unit) add_unit(t.unit_id);
  if (who == Audience::reviewer && t.reviewer_unit_id && t.reviewer_unit_id != t.unit_id) add_unit(t.reviewer_unit_id);
  if (who == Audience::cert)
    for (auto& r : tx.query("SELECT id FROM units WHERE kind = 'cert' ORDER BY id")) add_unit(r.integer(0));
  return out;
}


}  // namespace

IncidentNotifier::IncidentNotifier(const core::PolicySet& policies, NotifierSettings settings)
    : policies_(policies), settings_(std::move(settings)) {}

void IncidentNotifier::attach(jobs::Scheduler& scheduler) {
  scheduler.on(kReminderJob, [this](store::Transaction& tx, const jobs::Job& job, core::TimeMs now) {
    run_reminder(tx, job, now);
  });
}

namespace {

struct Sending {
  store::Transaction& tx;
  const core::Incident& t;
  TicketFacts facts;
  core::TimeMs now;
  bool sms_enabled;
  std::set<long long> reached = {};  // contacts told of this event already (a CERT may also be the centre)
  long long skip_unit = 0;           // a unit not told (a comment's author's own)

  void to(Audience audience, const std::string& kind, bool with_sms = false) {
    for (const auto& c : contacts_of(tx, t, audience)) {
      if (c.unit_id == skip_unit || !reached.insert(c.id).second) continue;
      auto text = compose(kind, c.locale, "email", facts);
      enqueue(tx, {0, "email", c.email, c.name, c.locale, text.subject, text.body, kind, t.id}, now);
      if (with_sms && sms_enabled && !c.mobile.empty()) {
        auto sms = compose(kind, c.locale, "sms", facts);
        enqueue(tx, {0, "sms", c.mobile, c.name, c.locale, "", sms.body, kind, t.id}, now);
      }
    }
  }
};

}  // namespace

void IncidentNotifier::on_ticket_event(store::Transaction& tx, const std::string& event, const core::Incident& t,
                                       const std::string& reason, core::TimeMs now,
                                       const store::units::Brief* known_unit) {
  const auto unit = known_unit ? std::optional(*known_unit) : store::units::find_brief(tx, t.unit_id);
  const auto& profile = policies_.for_ticket(unit ? unit->kind : core::UnitKind::other,
                                             t.report.aware_at ? t.report.aware_at : now);
  if (event == "created") {
    jobs::schedule(tx, core::add_span(t.created_at, profile.reminders.first_after), kReminderJob, t.id, now);
    return;
  }
  const auto* sub = core::find_subcategory(t.report.type, t.report.subcategory);
  TicketFacts f;
  f.number = t.number;
  f.unit_name = unit ? unit->name : "";
  f.level = t.level;
  f.subcategory_zh = sub ? std::string(sub->label) : t.report.subcategory;
  f.subcategory_en = sub ? std::string(sub->label_en) : t.report.subcategory;
  f.link = settings_.public_url + "/incidents/" + std::to_string(t.id);
  f.reason = reason;
  f.drill = t.drill;
  if (t.report.aware_at) {
    f.level_label = profile.level_labels[std::clamp(t.level, 1, 4) - 1];
    for (const auto& d : core::compute_deadlines(profile, core::moments_of(t, profile), now)) {
      if (d.state == core::DeadlineState::pending || d.state == core::DeadlineState::overdue) {
        f.due_label_zh = d.rule->label_zh;
        f.due_label_en = d.rule->label_en;
        f.due_at = d.due_at;
        break;
      }
    }
  }
  Sending send{tx, t, f, now, settings_.sms};
  if (event == "reported") {
    send.to(Audience::unit, "new_incident", true);
    send.to(Audience::reviewer, "new_incident", true);
    // Levels 3-4 (the stricter level counts while the chosen one is in doubt) reach the CERT at once.
    if (core::moments_of(t, profile).level >= 3) send.to(Audience::cert, "new_incident", true);
  } else if (event == "responded") {
    send.to(Audience::reviewer, "review_pending");
  } else if (event == "approved") {
    send.to(Audience::cert, "review_pending");
    send.to(Audience::unit, "review_result");
  } else if (event == "level_changed") {
    send.to(Audience::unit, "review_result");
    if (t.level >= 3) send.to(Audience::cert, "review_result", true);
  } else if (event == "support_requested") {
    send.facts.support_kinds = t.report.support.kinds;
    send.facts.reason = t.report.support.detail;
    send.to(Audience::reviewer, "support_requested", true);
  } else if (event == "support_taken") {
    auto by = store::units::find_by_oid(tx, t.support_taken_by);
    send.facts.reason = by ? by->name : t.support_taken_by;
    send.to(Audience::unit, "support_taken");
  } else if (event == "returned") {
    send.to(Audience::unit, "returned");
  } else if (event == "joined_coordinated") {
    send.to(Audience::unit, "coordinated_child");
  } else if (event == "closed") {
    send.to(Audience::unit, "closed");
    send.to(Audience::reviewer, "closed");
  }
}

void IncidentNotifier::on_comment(store::Transaction& tx, const core::Incident& t, const Comment& comment,
                                  core::TimeMs now) {
  auto unit = store::units::find_brief(tx, t.unit_id);
  TicketFacts f;
  f.number = t.number.empty() ? "#" + std::to_string(t.id) : t.number;
  f.unit_name = unit ? unit->name : "";
  f.level = t.level;
  f.link = settings_.public_url + "/incidents/" + std::to_string(t.id);
  f.drill = t.drill;
  f.author = comment.author_name;
  f.author_unit = comment.author_unit_name;
  f.comment = comment.body;
  Sending send{tx, t, f, now, settings_.sms};
  send.skip_unit = comment.author_unit_id;
  for (const auto& role : comment.mentions) {
    if (role == "unit") send.to(Audience::unit, "comment");
    if (role == "centre") send.to(Audience::reviewer, "comment");
    if (role == "cert") send.to(Audience::cert, "comment");
  }
}

void IncidentNotifier::run_reminder(store::Transaction& tx, const jobs::Job& job, core::TimeMs now) {
  auto t = store::incidents::find(tx, job.incident_id);
  if (!t || t->state == core::IncidentState::closed || t->state == core::IncidentState::discarded)
    return;  // nothing more to nag about
  auto unit = store::units::find_brief(tx, t->unit_id);
  const auto& profile = policies_.for_ticket(unit ? unit->kind : core::UnitKind::other,
                                             t->report.aware_at ? t->report.aware_at : t->created_at);
  const auto& rules = profile.reminders;

  // Past the recovery limit and not recovered: an overdue notice. Otherwise a reminder while the
  // report or the response is missing. Neither: the job ends without a successor.
  const core::DeadlineStatus* overdue = nullptr;
  std::vector<core::DeadlineStatus> deadlines;
  if (t->report.aware_at) deadlines = core::compute_deadlines(profile, core::moments_of(*t, profile), now);
  for (const auto& d : deadlines)
    if (d.rule->key == rules.overdue_deadline && d.state == core::DeadlineState::overdue) overdue = &d;
  const bool incomplete = !t->reported_at || !t->response;
  if (!overdue && !incomplete) return;
  const bool draft = t->state == core::IncidentState::draft;

  auto sub = core::find_subcategory(t->report.type, t->report.subcategory);
  TicketFacts f;
  f.number = t->number.empty() ? "#" + std::to_string(t->id) : t->number;
  f.unit_name = unit ? unit->name : "";
  f.level = t->level;
  f.subcategory_zh = sub ? std::string(sub->label) : "";
  f.subcategory_en = sub ? std::string(sub->label_en) : "";
  f.link = settings_.public_url + "/incidents/" + std::to_string(t->id);
  f.drill = t->drill;
  f.level_label = profile.level_labels[std::clamp(t->level, 1, 4) - 1];
  for (const auto& d : deadlines)
    if (d.state == core::DeadlineState::pending || d.state == core::DeadlineState::overdue) {
      f.due_label_zh = d.rule->label_zh;
      f.due_label_en = d.rule->label_en;
      f.due_at = d.due_at;
      break;
    }
  if (overdue) {
    f.due_label_zh = overdue->rule->label_zh;
    f.due_label_en = overdue->rule->label_en;
    f.due_at = overdue->due_at;
    f.overdue_by_zh = " " + core::describe_span_zh(overdue->late_by_ms);
    f.overdue_by_en = core::describe_span_en(overdue->late_by_ms);
  }
  Sending send{tx, *t, f, now, settings_.sms};
  // A draft is reminded for a while only; then its centre hears once that it was left behind.
  if (draft && now >= core::add_span(t->created_at, rules.drafts_reminded_for)) {
    send.to(Audience::reviewer, "draft_abandoned");
    return;
  }
  send.to(Audience::unit, overdue ? "overdue" : "reminder");

  // The next one on the same 12-hour grid; after a long outage, the next grid point ahead of now
  // rather than a burst of missed reminders.
  const auto every = overdue ? rules.overdue_every : rules.repeat_every;
  core::TimeMs next = core::add_span(job.due_at, every);
  while (next <= now) next = core::add_span(next, every);
  jobs::schedule(tx, next, kReminderJob, t->id, now);
}

}  // namespace tongbao::notify
