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
        db_.write([&](store::Transaction& tx) {
          if (!mark_done(tx, job.id, now)) return;
          auto it = handlers_.find(job.kind);
          if (it != handlers_.end()) it->second(tx, job, now);
        });
        ++ran;
      } catch (const std::exception& e) {
        // The job stays pending and is tried again next tick; one bad job does not stop the rest.
        std::fprintf(stderr, "job %lld (%s) failed: %s\n", job.id, job.kind.c_str(), e.what());
      }
    }
    if (static_cast<int>(jobs.size()) < batch || ran == before) return ran;
  }
}

void Scheduler::start(int interval_ms) {
  stopping_ = false;
  thread_ = std::thread([this, interval_ms] {
    std::unique_lock lock(wake_mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        tick();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "scheduler: %s\n", e.what());
      }
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(interval_ms), [this] { return stopping_; });
    }
  });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace tongbao::jobs
