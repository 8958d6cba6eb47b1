// HTTP throughput and latency of the real server: requests per second and p50/p99 latency for
// the health endpoint and for an authenticated read of a unit, over keep-alive connections.
//
//   build/bench/http_bench [--seconds 10] [--connections 32] [--server-threads 2]
//
// The server runs as its own process (as in production); the load comes from one client thread
// driving every connection asynchronously, so on a 2-core machine client and server share the cores.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <vector>

#include "support/server_process.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Results {
  std::vector<double> latencies_us;
  long errors = 0;
};

class LoadConnection : public std::enable_shared_from_this<LoadConnection> {
 public:
  LoadConnection(asio::io_context& ioc, tcp::endpoint ep, std::string target, std::string token, Results& results,
                 Clock::time_point until)
      : stream_(ioc), endpoint_(ep), results_(results), until_(until) {
    request_ = {bhttp::verb::get, target, 11};
    request_.set(bhttp::field::host, "127.0.0.1");
    if (!token.empty()) request_.set(bhttp::field::authorization, "Bearer " + token);
    request_.keep_alive(true);
  }

  void start() {
    stream_.async_connect(endpoint_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return void(++self->results_.errors);
      self->stream_.socket().set_option(tcp::no_delay(true));
      self->send();
    });
  }

 private:
  void send() {
    if (Clock::now() >= until_) return;
    started_ = Clock::now();
    bhttp::async_write(stream_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return void(++self->results_.errors);
      self->response_ = {};
      bhttp::async_read(self->stream_, self->buffer_, self->response_,
                        [self](beast::error_code ec, std::size_t) {
                          if (ec || self->response_.result_int() != 200) {
                            ++self->results_.errors;
                            if (ec) return;
                          }
                          self->results_.latencies_us.push_back(
                              std::chrono::duration<double, std::micro>(Clock::now() - self->started_).count());
                          self->send();
                        });
    });
  }

  beast::tcp_stream stream_;
  tcp::endpoint endpoint_;
  bhttp::request<bhttp::empty_body> request_;
  bhttp::response<bhttp::string_body> response_;
  beast::flat_buffer buffer_;
  Results& results_;
  Clock::time_point until_;
  Clock::time_point started_;
};

void run(const std::string& name, unsigned short port, const std::string& target, const std::string& token,
         int connections, double seconds) {
  // Warm-up, not counted.
  for (int pass = 0; pass < 2; ++pass) {
    asio::io_context ioc;
    Results results;
    const double duration = pass == 0 ? 1.0 : seconds;
    auto until = Clock::now() + std::chrono::milliseconds(static_cast<long>(duration * 1000));
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
    for (int i = 0; i < connections; ++i)
      std::make_shared<LoadConnection>(ioc, ep, target, token, results, until)->start();
    auto begin = Clock::now();
    ioc.run();
    double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
    if (pass == 0) continue;
    auto& l = results.latencies_us;
    std::sort(l.begin(), l.end());
    auto pct = [&](double p) { return l.empty() ? 0.0 : l[std::min(l.size() - 1, static_cast<size_t>(p * l.size()))]; };
    std::printf("%-28s %10.0f req/s   p50 %7.0f us   p99 %7.0f us   (%zu requests, %ld errors, %d connections)\n",
                name.c_str(), l.size() / elapsed, pct(0.50), pct(0.99), l.size(), results.errors, connections);
  }
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 10;
  int connections = 32;
  std::string server_threads = "2";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--connections")) connections = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--server-threads")) server_threads = argv[i + 1];
  }
  tongbao::test_support::ServerProcess server({.demo = true, .test_clock = false, .extra = {"--threads", server_threads}});
  auto client = server.client();
  auto login = client.post("/api/v1/auth/login",
                           {{"oid", "2.16.886.111.90000.3"}, {"account", "kaohsiung"}, {"password", "tongbao-demo"}});
  if (login.status != 200) {
    std::cerr << "sign-in failed: " << login.body << "\n";
    return 1;
  }
  const auto token = login.json()["token"].get<std::string>();
  std::printf("tongbao HTTP benchmark: %d keep-alive connections, %.0f s each, server threads %s\n", connections,
              seconds, server_threads.c_str());
  run("GET /api/v1/health", server.port(), "/api/v1/health", "", connections, seconds);
  run("GET /api/v1/units/{oid} (auth)", server.port(), "/api/v1/units/2.16.886.111.90000.31", token, connections,
      seconds);
  return 0;
}
