#pragma once
// The outbox: every message the platform owes, written in the transaction of the change that
// owes it, then delivered by the sender. A message moves pending → sent, or → dead after failing
// for too long; every attempt is recorded.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace tongbao::notify {

struct Message {
  long long id = 0;
  std::string channel;  // "email" or "sms"
  std::string recipient, recipient_name, locale;
  std::string subject, body;
  std::string kind;     // new_incident, reminder, overdue, review_pending, review_result, returned, closed
  long long incident_id = 0;
  std::string state = "pending";
  int attempts = 0;
  core::TimeMs next_attempt_at = 0;
  std::string last_error;
  core::TimeMs created_at = 0;
  std::optional<core::TimeMs> sent_at;
};

void enqueue(store::Transaction& tx, Message m, core::TimeMs now);
// Many at once, a few hundred to a statement (a bulk request reaching thousands of units).
void enqueue_many(store::Transaction& tx, const std::vector<Message>& messages, core::TimeMs now);
std::vector<Message> due(store::Transaction& tx, core::TimeMs now, int limit);
// Its query (parameters: now, limit): in the order of the partial index of pending messages, so
// an idle server's look four times a second costs the same at a thousand messages or a hundred million.
extern const std::string kDueQuery;
std::optional<Message> find(store::Transaction& tx, long long id);
void record_attempt(store::Transaction& tx, long long id, core::TimeMs now, bool ok, const std::string& error);
// After a failure: when to try again, or dead once it has failed for longer than `give_up_after`.
void schedule_retry(store::Transaction& tx, const Message& m, core::TimeMs now, const std::string& error,
                    core::TimeMs give_up_after_ms);
void mark_sent(store::Transaction& tx, long long id, core::TimeMs now);
// Puts a dead message back in the queue, for the CERT.
bool retry_dead(store::Transaction& tx, long long id, core::TimeMs now);

struct Query {
  std::optional<std::string> state;
  std::optional<long long> incident_id;
  int limit = 100, offset = 0;
};
std::vector<Message> list(store::Transaction& tx, const Query& q);

// Wait before the next attempt after `attempts` failures: 30 s, 1, 2, 4 ... capped at 10 minutes.
core::TimeMs retry_delay_ms(int attempts);

}  // namespace tongbao::notify
