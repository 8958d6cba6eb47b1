#pragma once
// The one source of time in the platform. Everything asks a Clock; tests move a TestClock.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace tongbao::core {

// Milliseconds since the Unix epoch, UTC. Stored and compared as plain integers.
using TimeMs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs now() const = 0;
};

class SystemClock : public Clock {
 public:
  TimeMs now() const override;
};

// Real time plus an offset that only moves forward; the server exposes it with --test-clock.
class TestClock : public Clock {
 public:
  TimeMs now() const override;
  void advance(TimeMs by_ms);
  TimeMs offset() const { return offset_.load(); }

 private:
  SystemClock base_;
  std::atomic<TimeMs> offset_{0};
};

}  // namespace tongbao::core
