#pragma once
// Told of every change to a ticket, inside the transaction that makes it, so what follows from
// the change (messages owed, reminders scheduled) commits or rolls back with it.
#include <string>

#include "core/incident.h"
#include "store/database.h"

namespace tongbao::incidents {

class TicketObserver {
 public:
  virtual ~TicketObserver() = default;
  // event: created, reported, responded, level_changed, approved, returned, closed, reopened, ...
  virtual void on_ticket_event(store::Transaction& tx, const std::string& event, const core::Incident& ticket,
                               const std::string& reason, core::TimeMs now) = 0;
};

}  // namespace tongbao::incidents
