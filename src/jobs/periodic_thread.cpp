#include "jobs/periodic_thread.h"

#include <cstdio>
#include <exception>

namespace tongbao::jobs {

void PeriodicThread::start(std::chrono::milliseconds interval, std::function<void()> work) {
  stopping_ = false;
  thread_ = std::thread([this, interval, work = std::move(work)] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        work();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "background work failed: %s\n", e.what());  // tried again next interval
      }
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

void PeriodicThread::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace tongbao::jobs
