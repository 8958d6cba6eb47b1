#include "jobs/scheduler.h"

#include <cstdio>

namespace tongbao::jobs {

Scheduler::Scheduler(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::on(const std::string& kind, JobHandler handler) { handlers_[kind] = std::move(handler); }

int Scheduler::tick(int batch) {
  std::lock_guard lock(tick_mutex_);
  int ran = 0;
  for (;;) {
    const auto now = clock_.now();
    auto jobs = db_.read_value([&](store::Transaction& tx) { return due(tx, now, batch); });
    const int before = ran;
    for (const auto& job : jobs) {
      try {
        // Another server may have run it since it was read: it counts only where it ran.
        const bool ran_here = db_.write_value_rerunnable([&](store::Transaction& tx) {
          if (!mark_done(tx, job.id, now)) return false;
          auto it = handlers_.find(job.kind);
          if (it != handlers_.end()) it->second(tx, job, now);
          return true;
        });
        if (ran_here) ++ran;
      } catch (const std::exception& e) {
        // The job stays pending and is tried again next tick; one bad job does not stop the rest.
        std::fprintf(stderr, "job %lld (%s) failed: %s\n", job.id, job.kind.c_str(), e.what());
      }
    }
    if (static_cast<int>(jobs.size()) < batch || ran == before) return ran;
  }
}

void Scheduler::start(int interval_ms) {
  thread_.start(std::chrono::milliseconds(interval_ms), [this] { tick(); });
}

void Scheduler::stop() { thread_.stop(); }

}  // namespace tongbao::jobs
