#include "core/clock.h"

namespace tongbao::core {

TimeMs SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

TimeMs TestClock::now() const { return base_.now() + offset_.load(); }

void TestClock::advance(TimeMs by_ms) {
  if (by_ms > 0) offset_.fetch_add(by_ms);
}

}  // namespace tongbao::core
