#pragma once
// A background thread that runs one function every interval until stopped; stop() wakes it at
// once, so shutdown does not wait out an interval.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace tongbao::jobs {

class PeriodicThread {
 public:
  ~PeriodicThread() { stop(); }
  void start(std::chrono::milliseconds interval, std::function<void()> work);
  void stop();

 private:
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace tongbao::jobs
