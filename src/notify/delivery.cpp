#include "notify/delivery.h"

#include <cstdio>

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
  for (const auto& m : messages) {
    const auto error = (m.channel == "sms" ? sms_ : email_).send(m, instance_, clock_.now());
    const auto now = clock_.now();
    db_.write([&](store::Transaction& tx) {
      record_attempt(tx, m.id, now, error.empty(), error);
      if (error.empty()) mark_sent(tx, m.id, now);
      else schedule_retry(tx, m, now, error, give_up_after_ms_);
    });
  }
  return static_cast<int>(messages.size());
}

void Delivery::start(int interval_ms) {
  stopping_ = false;
  thread_ = std::thread([this, interval_ms] {
    std::unique_lock lock(wake_mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        while (deliver_due() > 0 && !stopping_) {
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "delivery: %s\n", e.what());
      }
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(interval_ms), [this] { return stopping_; });
    }
  });
}

void Delivery::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace tongbao::notify
