#pragma once
// The HTTP server in the test's own process, on a free loopback port and a thread of its own, for
// tests of the HTTP layer with routes of their own; stopped and joined when it goes.
#include <thread>

#include "http/router.h"
#include "http/server.h"

namespace tongbao::test_support {

struct InProcessServer {
  explicit InProcessServer(const http::Router& router, http::ServerOptions options = one_thread())
      : server(router, std::move(options)) {
    server.listen();
    runner = std::thread([this] { server.run(); });
  }
  ~InProcessServer() {
    server.stop();
    runner.join();
  }
  static http::ServerOptions one_thread() {
    http::ServerOptions o;
    o.port = 0;
    o.threads = 1;
    return o;
  }
  http::Server server;
  std::thread runner;
};

}  // namespace tongbao::test_support
