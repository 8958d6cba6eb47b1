#pragma once
// Delivers the outbox: picks the messages due, sends each outside any transaction, then records
// the attempt (sent, or retry later with back-off, or dead after failing too long).
#include <mutex>
#include <string>

#include "core/clock.h"
#include "jobs/periodic_thread.h"
#include "notify/channels.h"
#include "store/database.h"

namespace tongbao::notify {

class Delivery {
 public:
  Delivery(store::Database& db, const core::Clock& clock, Channel& email, Channel& sms,
           core::TimeMs give_up_after_ms = 24LL * 3600 * 1000);
  ~Delivery();

  // Sends what is due now; returns how many were attempted.
  int deliver_due(int batch = 50);
  void start(int interval_ms = 250);
  void stop();
  const std::string& instance() const { return instance_; }

 private:
  store::Database& db_;
  const core::Clock& clock_;
  Channel& email_;
  Channel& sms_;
  core::TimeMs give_up_after_ms_;
  std::string instance_;  // this installation's id, part of every Message-ID
  std::mutex run_mutex_;
  jobs::PeriodicThread thread_;
};

}  // namespace tongbao::notify
