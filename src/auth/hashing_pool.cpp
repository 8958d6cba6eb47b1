#include "auth/hashing_pool.h"

#include <algorithm>

namespace tongbao::auth {

HashingPool::HashingPool(int workers, std::size_t queue) : places_(static_cast<std::size_t>(std::max(1, workers)) + queue) {
  for (int i = 0; i < std::max(1, workers); ++i) threads_.emplace_back([this] { work(); });
}

HashingPool::~HashingPool() { stop(); }

HashingPool::Place& HashingPool::Place::operator=(Place&& other) noexcept {
  if (this != &other) {
    if (pool_) pool_->give_back();
    pool_ = other.pool_;
    other.pool_ = nullptr;
  }
  return *this;
}

HashingPool::Place::~Place() {
  if (pool_) pool_->give_back();
}

std::optional<HashingPool::Place> HashingPool::take_place() {
  std::lock_guard lock(mutex_);
  if (stopping_ || taken_ >= places_) return std::nullopt;
  ++taken_;
  return Place(this);
}

void HashingPool::run(Place place, std::function<Then()> job) {
  place.pool_ = nullptr;  // the place now belongs to the job; the worker gives it back
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      jobs_.push_back(std::move(job));
      wake_.notify_one();
      return;
    }
  }
  give_back();  // stopped meanwhile: the job is dropped
}

void HashingPool::give_back() {
  std::lock_guard lock(mutex_);
  --taken_;
}

void HashingPool::work() {
  for (;;) {
    std::function<Then()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    Then then = job();
    job = nullptr;  // whatever the job holds goes before its place is given back
    give_back();
    if (then) then();
  }
}

void HashingPool::stop() {
  std::deque<std::function<Then()>> dropped;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    dropped.swap(jobs_);
    taken_ -= std::min(taken_, dropped.size());
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  dropped.clear();  // outside the lock: a job's captures may take time to let go
}

core::Error busy_error() {
  core::Error e(core::ErrorKind::too_many, "busy",
                "The server is busy checking other passwords: try again in a moment.");
  e.retry_after_seconds = 1;
  return e;
}

std::size_t HashingPool::places_taken() {
  std::lock_guard lock(mutex_);
  return taken_;
}

}  // namespace tongbao::auth
