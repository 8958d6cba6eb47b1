// The pool that hashes passwords away from the request threads: a bounded number of places, each
// given back when its job has run or when it goes unused, and nothing run after it stops.
#include "auth/hashing_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

using tongbao::auth::HashingPool;

TEST(HashingPool, PlacesAreBoundedAndGivenBack) {
  HashingPool pool(1, 2);
  EXPECT_EQ(pool.places(), 3u);
  auto a = pool.take_place();
  auto b = pool.take_place();
  auto c = pool.take_place();
  ASSERT_TRUE(a && b && c);
  EXPECT_FALSE(pool.take_place()) << "full: the caller answers busy at once";
  b.reset();  // dropped unused
  auto d = pool.take_place();
  EXPECT_TRUE(d);
  EXPECT_FALSE(pool.take_place());
}

TEST(HashingPool, JobsRunOnTheWorkersAndFreeTheirPlaces) {
  HashingPool pool(2, 1);
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> done{0};
  std::thread::id worker;
  for (int i = 0; i < 3; ++i) {
    auto place = pool.take_place();
    ASSERT_TRUE(place);
    pool.run(std::move(*place), [&, released]() -> HashingPool::Then {
      released.wait();
      worker = std::this_thread::get_id();
      return [&] { ++done; };
    });
  }
  EXPECT_FALSE(pool.take_place()) << "two running, one waiting";
  release.set_value();
  for (int i = 0; i < 200 && done.load() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(done.load(), 3);
  EXPECT_NE(worker, std::this_thread::get_id());
  // What a job leaves to do runs after its place is back: all three are free by now.
  auto a = pool.take_place();
  auto b = pool.take_place();
  auto c = pool.take_place();
  EXPECT_TRUE(a && b && c);
}

TEST(HashingPool, StopFinishesWhatRunsAndDropsWhatWaits) {
  HashingPool pool(1, 4);
  std::promise<void> started;
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> ran{0};
  auto first = pool.take_place();
  pool.run(std::move(*first), [&, released]() -> HashingPool::Then {
    started.set_value();
    released.wait();
    ++ran;
    return {};
  });
  started.get_future().wait();
  for (int i = 0; i < 3; ++i)
    pool.run(std::move(*pool.take_place()), [&]() -> HashingPool::Then {
      ++ran;
      return {};
    });
  std::thread stopper([&] { pool.stop(); });
  // One place is still free until stop() has begun (and dropped the waiting jobs with it).
  while (auto free_place = pool.take_place()) {
    free_place.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  release.set_value();
  stopper.join();
  EXPECT_EQ(ran.load(), 1);
  EXPECT_FALSE(pool.take_place()) << "stopped: no more jobs";
}
