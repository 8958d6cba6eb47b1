#pragma once
// Runs due jobs. Each tick reads the jobs due now (by index, so its cost follows the jobs due,
// not the tickets open) and runs each in its own write transaction with the job marked done.
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "jobs/job_store.h"
#include "jobs/periodic_thread.h"
#include "store/database.h"

namespace tongbao::jobs {

// Does the job's work inside the transaction that marks it done, and nothing outside it (mails are
// queued in the transaction): the write may run again from the start after a rollback
// (Database::write_rerunnable), so a job never sends a group of filings into savepoints.
using JobHandler = std::function<void(store::Transaction&, const Job&, core::TimeMs now)>;

class Scheduler {
 public:
  Scheduler(store::Database& db, const core::Clock& clock);
  ~Scheduler();

  void on(const std::string& kind, JobHandler handler);
  // Runs every job due now; returns how many ran. Safe to call from any thread.
  int tick(int batch = 500);
  // A background thread that ticks every `interval_ms` until stop().
  void start(int interval_ms = 200);
  void stop();

 private:
  store::Database& db_;
  const core::Clock& clock_;
  std::map<std::string, JobHandler> handlers_;
  std::mutex tick_mutex_;
  PeriodicThread thread_;
};

}  // namespace tongbao::jobs
