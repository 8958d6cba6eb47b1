#pragma once
// What each ticket event owes people: e-mail (and SMS for new incidents) to the unit's contacts,
// its reviewing centre and the CERT; and the reminder job that nags while the report or response
// is incomplete, turning into overdue notices once the recovery limit has passed.
#include <string>

#include "core/policy_set.h"
#include "incidents/ticket_observer.h"
#include "jobs/scheduler.h"
#include "notify/recipients_cache.h"

namespace tongbao::notify {

struct NotifierSettings {
  std::string public_url = "http://127.0.0.1:8080";  // for links in messages
  bool sms = false;                                   // an SMS gateway is configured
};

class IncidentNotifier : public incidents::TicketObserver {
 public:
  IncidentNotifier(const core::PolicySet& policies, NotifierSettings settings);

  void on_ticket_event(store::Transaction& tx, const std::string& event, const core::Incident& ticket,
                       const std::string& reason, core::TimeMs now, const store::units::Brief* known_unit) override;
  // Mail to the contacts of each role mentioned, never to the author's own unit.
  void on_comment(store::Transaction& tx, const core::Incident& ticket, const Comment& comment, core::TimeMs now) override;
  // Registers the reminder job with the scheduler.
  void attach(jobs::Scheduler& scheduler);
  // Who hears of events read through this cache rather than the database each time.
  void cache_recipients(RecipientsCache* cache) { recipients_ = cache; }
  // The reminder job: one reminder or overdue notice, and the next one scheduled.
  void run_reminder(store::Transaction& tx, const jobs::Job& job, core::TimeMs now);

 private:
  const core::PolicySet& policies_;
  NotifierSettings settings_;
  RecipientsCache* recipients_ = nullptr;
};

}  // namespace tongbao::notify
