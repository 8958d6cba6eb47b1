#pragma once
// Password hashing away from the request threads. Argon2id takes tens of milliseconds of a core
// and 64 MiB per hash; done on the few threads that serve HTTP, a flood of sign-ins would hold up
// every other request. Here it runs on workers of its own with a short queue: a request thread
// takes a place, hands the work over and goes on serving; the answer is sent when the work is
// done. When every place is taken the caller is told at once (busy_error: 429 with Retry-After)
// instead of queueing for seconds. The places also bound the memory that hashing can take.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/error.h"

namespace tongbao::auth {

class HashingPool {
 public:
  // `workers` threads, and up to `queue` jobs waiting besides those running.
  HashingPool(int workers, std::size_t queue);
  ~HashingPool();  // stop()
  HashingPool(const HashingPool&) = delete;
  HashingPool& operator=(const HashingPool&) = delete;

  // One job's place, taken before any other work so that a full pool costs the caller nothing.
  // Given back when the job has run, or when the place is dropped unused.
  class Place {
   public:
    Place(Place&& other) noexcept : pool_(other.pool_) { other.pool_ = nullptr; }
    Place& operator=(Place&& other) noexcept;
    ~Place();

   private:
    friend class HashingPool;
    explicit Place(HashingPool* pool) : pool_(pool) {}
    HashingPool* pool_ = nullptr;
  };

  // Nothing when every place is taken, or once stopped.
  std::optional<Place> take_place();
  // What a job leaves to do once its place is free again (may be empty): sending the answer, so
  // that a client sending its next sign-in as soon as it has one finds the place given back.
  using Then = std::function<void()>;
  // Runs `job` on a worker, gives the place back, then runs what the job returned. Neither may throw.
  void run(Place place, std::function<Then()> job);
  // Takes no more jobs, lets the running ones finish, drops those still waiting; idempotent.
  void stop();

  int workers() const { return static_cast<int>(threads_.size()); }
  std::size_t places() const { return places_; }
  std::size_t places_taken();  // running, waiting, or taken and not yet used

 private:
  void give_back();
  void work();

  const std::size_t places_;  // workers + queue
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<Then()>> jobs_;
  std::size_t taken_ = 0;  // places taken: jobs waiting or running, and places not yet used
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// The answer when every place is taken: 429 `busy`, try again in a second.
core::Error busy_error();

}  // namespace tongbao::auth
