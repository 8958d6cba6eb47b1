#pragma once
// Writers that queue behind a first one: writer 0 starts at once, the others 20 ms later, so a
// first write that holds its group open a moment (a sleep inside its write) has them all waiting
// behind it, to share the next commits.
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

namespace tongbao::test_support {

inline void run_queued_writers(int count, const std::function<void(int writer)>& writer) {
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i)
    threads.emplace_back([&writer, i] {
      if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      writer(i);
    });
  for (auto& t : threads) t.join();
}

}  // namespace tongbao::test_support
