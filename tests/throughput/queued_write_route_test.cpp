// A route that queues its write (Router::add_queued_write) runs on a request thread and is
// answered while every write thread waits on a commit; its answer is made on a request thread,
// not on the thread that reports the commit.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "http/router.h"
#include "http/server.h"
#include "support/http_client.h"

using namespace tongbao;

TEST(QueuedWriteRoute, IsAnsweredWhileTheWriteThreadsAreBusyAndMadeOnARequestThread) {
  std::promise<void> release_slow;
  auto slow_released = release_slow.get_future().share();
  std::promise<void> slow_started;
  std::mutex mutex;
  std::thread::id handler_thread, answer_thread, committer_thread;
  std::thread committer;  // stands for the database's writer: reports the outcome from its own thread

  http::Router router;
  // A write that waits for its commit: it holds the one write thread until released.
  router.add("POST", "/slow", [&](http::Request&) {
    slow_started.set_value();
    slow_released.wait_for(std::chrono::seconds(20));
    return http::Response{200, "application/json", "{}", {}};
  });
  router.add_queued_write("POST", "/queued", [&](http::Request&, http::Responder respond) {
    std::lock_guard lock(mutex);
    handler_thread = std::this_thread::get_id();
    committer = std::thread([&, respond] {
      {
        std::lock_guard lock(mutex);
        committer_thread = std::this_thread::get_id();
      }
      respond.answer_on_request_thread([&] {
        std::lock_guard lock(mutex);
        answer_thread = std::this_thread::get_id();
        return http::Response{201, "application/json", R"({"filed":true})", {}};
      });
    });
  });

  http::ServerOptions options;
  options.port = 0;
  options.threads = 1;
  options.write_threads = 1;
  http::Server server(router, options);
  server.listen();
  std::thread runner([&] { server.run(); });

  auto slow = std::async(std::launch::async, [&] {
    test_support::HttpClient client("127.0.0.1", server.port());
    return client.request("POST", "/slow", "{}").status;
  });
  ASSERT_EQ(slow_started.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);

  test_support::HttpClient client("127.0.0.1", server.port());
  auto queued = std::async(std::launch::async, [&] { return client.request("POST", "/queued", "{}"); });
  const bool answered_meanwhile = queued.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  release_slow.set_value();
  EXPECT_TRUE(answered_meanwhile) << "the queued write waited for a write thread";
  const auto r = queued.get();
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"filed":true})");
  EXPECT_EQ(slow.get(), 200);

  server.stop();
  runner.join();
  if (committer.joinable()) committer.join();
  std::lock_guard lock(mutex);
  EXPECT_EQ(answer_thread, handler_thread) << "made on the (one) request thread";
  EXPECT_NE(answer_thread, committer_thread) << "not on the thread that reported the commit";
}
