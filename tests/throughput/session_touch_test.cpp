// A session's last use is written once a minute; the request that is due to write it does not wait
// for that write's commit: it is answered while the writer is busy, and the last use is there
// once the write has run.
#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "auth/tokens.h"
#include "store/auth_store.h"
#include "support/demo.h"
#include "support/demo_services.h"

using namespace tongbao;

TEST(SessionTouch, ARequestDueToWriteTheLastUseDoesNotWaitForItsCommit) {
  test_support::DemoServices s;
  const auto signed_in = s.auth.login(test_support::demo::kSchoolA1, "teacher", app::kDemoPassword, "127.0.0.1");
  const auto hash = auth::sha256_hex(signed_in.token);
  const auto last_use = [&] {
    return s.db.read_value([&](store::Transaction& tx) { return store::auth::find_session(tx, hash)->last_used_at; });
  };
  const auto first = last_use();
  s.clock.advance(2 * 60'000);  // the last use is due to be written again

  // The writer is kept busy until the request has been answered, or for ten seconds.
  std::promise<void> answered;
  auto released = answered.get_future().share();
  auto busy = std::async(std::launch::async, [&] {
    s.db.write([&](store::Transaction&) { released.wait_for(std::chrono::seconds(10)); });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the busy write is in the writer
  auto request = std::async(std::launch::async, [&] { return s.auth.authenticate(signed_in.token); });
  const bool in_time = request.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  answered.set_value();
  busy.get();
  EXPECT_TRUE(in_time) << "the request waited for the last use's commit";
  ASSERT_TRUE(request.get().has_value());

  s.db.finish_queued_writes();
  EXPECT_GT(last_use(), first) << "the last use was written";
}
