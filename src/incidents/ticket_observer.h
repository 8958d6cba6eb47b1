#pragma once
// Told of every change to a ticket, inside the transaction that makes it, so what follows from
// the change (messages owed, reminders scheduled) commits or rolls back with it.
#include <string>
#include <vector>

#include "core/incident.h"
#include "store/database.h"
#include "store/unit_store.h"

namespace tongbao::incidents {

class TicketObserver {
 public:
  virtual ~TicketObserver() = default;
  // event: created, reported, responded, level_changed, approved, returned, closed, reopened, ...
  // `unit`: the ticket's unit, when the caller has read it (a filing has), else read here.
  virtual void on_ticket_event(store::Transaction& tx, const std::string& event, const core::Incident& ticket,
                               const std::string& reason, core::TimeMs now,
                               const store::units::Brief* unit = nullptr) = 0;
  // A comment on the ticket's conversation, with the roles it mentions (unit, centre, cert).
  struct Comment {
    long long author_unit_id = 0;
    std::string author_name, author_unit_name;
    std::string body;
    std::vector<std::string> mentions;
  };
  virtual void on_comment(store::Transaction& /*tx*/, const core::Incident& /*ticket*/, const Comment& /*comment*/,
                          core::TimeMs /*now*/) {}
};

}  // namespace tongbao::incidents
