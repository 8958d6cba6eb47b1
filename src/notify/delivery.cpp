#include "notify/delivery.h"


#include "auth/tokens.h"

namespace tongbao::notify {

Delivery::Delivery(store::Database& db, const core::Clock& clock, Channel& email, Channel& sms,
                   core::TimeMs give_up_after_ms)
    : db_(db), clock_(clock), email_(email), sms_(sms), give_up_after_ms_(give_up_after_ms) {
  instance_ = db_.write_value([](store::Transaction& tx) {
    if (auto r = tx.query_one("SELECT value FROM settings WHERE name = 'instance_id'")) return r->text(0);
    std::string id = auth::random_token(9);
    for (char& c : id)
      if (c == '-' || c == '_') c = 'x';  // keep it a plain atom in Message-IDs
    tx.execute("INSERT INTO settings (name, value) VALUES ('instance_id', ?)", {id});
    return id;
  });
}

Delivery::~Delivery() { stop(); }

int Delivery::deliver_due(int batch) {
  std::lock_guard lock(run_mutex_);
  const auto messages = db_.read_value([&](store::Transaction& tx) { return due(tx, clock_.now(), batch); });
  for (const auto& listed : messages) {
    // Another server over the same database may be sending it: the lease says which one does,
    // and the message read again after taking it says whether that one has finished.
    const auto lease = db_.try_lease("outbox", listed.id);
    if (!lease) continue;
    const auto fresh = db_.read_value([&](store::Transaction& tx) { return find(tx, listed.id); });
    if (!fresh || fresh->state != "pending" || fresh->next_attempt_at > clock_.now()) continue;
    const auto& m = *fresh;
    const auto error = (m.channel == "sms" ? sms_ : email_).send(m, instance_, clock_.now());
    const auto now = clock_.now();
    // Only rows change here (the message went before), so the write may run again after a rollback.
    db_.write_rerunnable([&](store::Transaction& tx) {
      record_attempt(tx, m.id, now, error.empty(), error);
      if (error.empty()) mark_sent(tx, m.id, now);
      else schedule_retry(tx, m, now, error, give_up_after_ms_);
    });
  }
  return static_cast<int>(messages.size());
}

void Delivery::start(int interval_ms) {
  thread_.start(std::chrono::milliseconds(interval_ms), [this] {
    // Drain a backlog without waiting an interval between batches, yet look up for stop() often.
    for (int batch = 0; batch < 20 && deliver_due() > 0; ++batch) {
    }
  });
}

void Delivery::stop() { thread_.stop(); }

}  // namespace tongbao::notify
