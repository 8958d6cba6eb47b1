#pragma once
// The HTTP/1.1 server: Boost.Beast on one io_context run by several threads, keep-alive,
// body limits, idle timeouts and a cap on open connections. On SIGTERM/SIGINT it stops
// accepting, lets requests in flight finish, then returns from run().
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "http/access_log.h"
#include "http/request_metrics.h"
#include "http/router.h"

namespace tongbao::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port
  int threads = 2;
  // Threads that run the handlers of requests that change things (POST, PUT, PATCH, DELETE), apart
  // from the request threads: such a handler waits for its commit, and while it waits the request
  // threads serve others and more writes join the same commit (group commit). 0 runs them on the
  // request threads.
  int write_threads = 0;
  std::size_t body_limit = 16 * 1024 * 1024;       // bodies held in memory (JSON, CSV)
  std::size_t upload_limit = 512ull * 1024 * 1024;  // streamed bodies (evidence files)
  std::string upload_dir = "/tmp";                  // where streamed bodies land while a request runs
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds shutdown_grace{15};
  // Open connections at most. At the cap, the connection that has waited longest for a request
  // is closed to make room; when every connection is busy, the newcomer gets a 503.
  std::size_t max_connections = 1000;
  // Proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client (see
  // client_address in http/message.h); none by default, so the header is ignored.
  std::vector<std::string> trusted_proxies;
  // Where each answered request and each error is logged; none when null.
  std::shared_ptr<AccessLog> log;
  // Where each answered request is counted for GET /metrics; none when null.
  std::shared_ptr<RequestMetrics> metrics;
  // Added to every answer that does not set the header itself (security headers).
  std::vector<std::pair<std::string, std::string>> default_headers;
};

class Server {
 public:
  // Throws std::invalid_argument when a trusted proxy is not an address or range.
  Server(const Router& router, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; throws with a readable message when the address is taken.
  void listen();
  unsigned short port() const;
  // Serves until a signal or stop(); returns after in-flight requests are answered.
  void run();
  // Thread-safe; the same as receiving SIGTERM.
  void stop();
  // Connections open now (thread-safe).
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tongbao::http
