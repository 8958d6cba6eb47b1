#include "notify/incident_notifier.h"

#include <algorithm>
#include <optional>
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

// One mail (and perhaps a text message) of a kind to everyone in an audience.
struct Send {
  Audience audience;
  const char* kind;
  bool with_sms = false;
};

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
  RecipientsCache* recipients = nullptr;  // none: read from the database
  long long skip_unit = 0;  // a unit not told (a comment's author's own)

  // The contacts of every audience are read at once; each person hears of the event once, from
  // the first send that reaches them (a CERT may also be the centre).
  void all(const std::vector<Send>& sends) {
    std::vector<long long> units;
    bool cert = false;
    for (const auto& s : sends) {
      if (s.audience == Audience::unit) units.push_back(t.unit_id);
      if (s.audience == Audience::reviewer && reviewer()) units.push_back(*reviewer());
      if (s.audience == Audience::cert) cert = true;
    }
    std::sort(units.begin(), units.end());
    units.erase(std::unique(units.begin(), units.end()), units.end());
    if (units.empty() && !cert) return;
    const auto kind = cert ? std::optional<std::string>("cert") : std::nullopt;
    const auto reach = recipients ? recipients->reach(tx, units, kind) : store::contacts::for_units_and_kind(tx, units, kind);
    std::set<long long> reached;
    for (const auto& s : sends) {
      std::vector<long long> of;
      if (s.audience == Audience::unit) of = {t.unit_id};
      if (s.audience == Audience::reviewer && reviewer()) of = {*reviewer()};
      if (s.audience == Audience::cert) of = reach.units_of_kind;
      for (long long unit : of) {
        auto found = reach.by_unit.find(unit);
        if (found == reach.by_unit.end()) continue;
        for (const auto& c : found->second)
          if (c.active && c.unit_id != skip_unit && reached.insert(c.id).second) tell(c, s);
      }
    }
  }

 private:
  std::optional<long long> reviewer() const {
    if (t.reviewer_unit_id && t.reviewer_unit_id != t.unit_id) return t.reviewer_unit_id;
    return std::nullopt;
  }

  void tell(const core::Contact& c, const Send& s) {
    auto text = compose(s.kind, c.locale, "email", facts);
    enqueue(tx, {0, "email", c.email, c.name, c.locale, text.subject, text.body, s.kind, t.id}, now);
    if (s.with_sms && sms_enabled && !c.mobile.empty()) {
      auto sms = compose(s.kind, c.locale, "sms", facts);
      enqueue(tx, {0, "sms", c.mobile, c.name, c.locale, "", sms.body, s.kind, t.id}, now);
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
  Sending send{tx, t, f, now, settings_.sms, recipients_};
  std::vector<Send> sends;
  if (event == "reported") {
    sends = {{Audience::unit, "new_incident", true}, {Audience::reviewer, "new_incident", true}};
    // Levels 3-4 (the stricter level counts while the chosen one is in doubt) reach the CERT at once.
    if (core::moments_of(t, profile).level >= 3) sends.push_back({Audience::cert, "new_incident", true});
  } else if (event == "responded") {
    sends = {{Audience::reviewer, "review_pending"}};
  } else if (event == "approved") {
    sends = {{Audience::cert, "review_pending"}, {Audience::unit, "review_result"}};
  } else if (event == "level_changed") {
    sends = {{Audience::unit, "review_result"}};
    if (t.level >= 3) sends.push_back({Audience::cert, "review_result", true});
  } else if (event == "support_requested") {
    send.facts.support_kinds = t.report.support.kinds;
    send.facts.reason = t.report.support.detail;
    sends = {{Audience::reviewer, "support_requested", true}};
  } else if (event == "support_taken") {
    auto by = store::units::find_by_oid(tx, t.support_taken_by);
    send.facts.reason = by ? by->name : t.support_taken_by;
    sends = {{Audience::unit, "support_taken"}};
  } else if (event == "returned") {
    sends = {{Audience::unit, "returned"}};
  } else if (event == "joined_coordinated") {
    sends = {{Audience::unit, "coordinated_child"}};
  } else if (event == "closed") {
    sends = {{Audience::unit, "closed"}, {Audience::reviewer, "closed"}};
  }
  send.all(sends);
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
  Sending send{tx, t, f, now, settings_.sms, recipients_};
  send.skip_unit = comment.author_unit_id;
  std::vector<Send> sends;
  for (const auto& role : comment.mentions) {
    if (role == "unit") sends.push_back({Audience::unit, "comment"});
    if (role == "centre") sends.push_back({Audience::reviewer, "comment"});
    if (role == "cert") sends.push_back({Audience::cert, "comment"});
  }
  send.all(sends);
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
  Sending send{tx, *t, f, now, settings_.sms, recipients_};
  // A draft is reminded for a while only; then its centre hears once that it was left behind.
  if (draft && now >= core::add_span(t->created_at, rules.drafts_reminded_for)) {
    send.all({{Audience::reviewer, "draft_abandoned"}});
    return;
  }
  send.all({{Audience::unit, overdue ? "overdue" : "reminder"}});

  // The next one on the same 12-hour grid; after a long outage, the next grid point ahead of now
  // rather than a burst of missed reminders.
  const auto every = overdue ? rules.overdue_every : rules.repeat_every;
  core::TimeMs next = core::add_span(job.due_at, every);
  while (next <= now) next = core::add_span(next, every);
  jobs::schedule(tx, next, kReminderJob, t->id, now);
}

}  // namespace tongbao::notify
