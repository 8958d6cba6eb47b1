// A long answer goes out in pieces (chunked), each read as the one before has gone, and arrives
// whole; HEAD gets the header alone; a piece that fails cuts the answer short instead of ending it
// as if complete.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <thread>

#include "http/router.h"
#include "support/in_process_server.h"
#include "support/http_client.h"

using namespace tongbao;


TEST(AnswerInPieces, ALongAnswerArrivesWholeAndNeverWhollyInMemory) {
  auto asked = std::make_shared<std::atomic<int>>(0);
  http::Router router;
  router.add("GET", "/long", [asked](http::Request&) {
    http::Response r;
    r.content_type = "text/plain";
    r.body = "first\n";
    r.next_piece = [asked]() -> std::string {
      const int n = ++*asked;
      if (n > 50) return "";
      return std::string(100'000, static_cast<char>('a' + n % 26)) + "\n";
    };
    return r;
  });
  router.add("GET", "/broken", [](http::Request&) {
    http::Response r;
    r.body = "start\n";
    r.next_piece = []() -> std::string { throw std::runtime_error("the database went away"); };
    return r;
  });
  test_support::InProcessServer running(router);
  test_support::HttpClient client("127.0.0.1", running.server.port());

  auto r = client.get("/long");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("transfer-encoding"), "chunked");
  EXPECT_EQ(r.body.size(), 6u + 50u * 100'001u);
  EXPECT_EQ(r.body.substr(0, 6), "first\n");
  EXPECT_EQ(r.body.substr(6, 3), "bbb");
  EXPECT_EQ(asked->load(), 51) << "asked until the empty piece, once each";
  // The connection carries on after a whole answer.
  EXPECT_EQ(client.get("/long").status, 200);

  asked->store(0);
  auto head = client.request("HEAD", "/long");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("transfer-encoding"), "chunked");
  EXPECT_EQ(asked->load(), 0) << "HEAD reads nothing";

  test_support::HttpClient other("127.0.0.1", running.server.port());
  EXPECT_THROW(other.get("/broken"), std::exception) << "cut short, never taken for whole";
}
