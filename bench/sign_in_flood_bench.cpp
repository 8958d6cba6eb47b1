// A flood of sign-ins against the real server, and how the rest of the API fares meanwhile:
// GET /api/v1/health and an authenticated read (GET /api/v1/units/{oid}) timed one request at a
// time while 64 connections send POST /api/v1/auth/login as fast as they are answered.
//
//   build/bench/sign_in_flood_bench [--seconds 10] [--sign-ins 64] [--server-threads 2]
//                                   [--single-address] [--polite] [--server-arg ARG]...
//
// Half of the flood signs in with the right password (the demo accounts in turn), half with a
// wrong one for an account that does not exist, each name used once: both cost one password
// hash, and neither is slowed by throttling kept per account. Every sign-in says it comes from
// its own address (X-Forwarded-For, the server started with --trusted-proxy 127.0.0.1), as from
// many machines behind a proxy, so per-address throttling does not answer for the hashing either;
// --single-address sends them all from 127.0.0.1 without the header. The flood does not wait
// when told to (Retry-After): it sends the next sign-in as soon as an answer arrives, as an
// attacker would; with --polite each connection waits Retry-After after a 429, as people do.
//
// Each side runs its own client thread (flood; timed reads), and the server its own process: on
// a 2-core machine all of them share the cores.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "support/demo.h"
#include "support/server_process.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
namespace demo = tongbao::test_support::demo;

namespace {

struct DemoAccount {
  const char* oid;
  const char* account;
};
constexpr DemoAccount kAccounts[] = {{demo::kCert, "cert"},           {demo::kRegion, "south"},
                                     {demo::kCountyA, "kaohsiung"},   {demo::kCountyB, "pingtung"},
                                     {demo::kSchoolA1, "teacher"},    {demo::kSchoolA2, "teacher"},
                                     {demo::kSchoolB1, "teacher"},    {demo::kSchoolB2, "teacher"}};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

// What the flood got back.
struct FloodResults {
  std::map<std::string, long> answers;  // "200", "401", "429 busy", "429 too_many_attempts", ...
  std::vector<double> checked_ms;       // latency of sign-ins answered 200 or 401 (the password was checked)
  std::vector<double> refused_ms;       // latency of 429 answers
  long errors = 0;
};

class SignInConnection : public std::enable_shared_from_this<SignInConnection> {
 public:
  SignInConnection(asio::io_context& ioc, tcp::endpoint ep, int index, bool spread, bool polite,
                   std::atomic<long>& counter, FloodResults& results, Clock::time_point until)
      : stream_(ioc), timer_(ioc), endpoint_(ep), index_(index), spread_(spread), polite_(polite), counter_(counter),
        results_(results), until_(until) {}

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
    const long n = counter_.fetch_add(1);
    nlohmann::json body;
    if (index_ % 2 == 0) {
      const auto& a = kAccounts[static_cast<size_t>(n) % std::size(kAccounts)];
      body = {{"oid", a.oid}, {"account", a.account}, {"password", "tongbao-demo"}};
    } else {
      body = {{"oid", demo::kSchoolA1}, {"account", "nobody-" + std::to_string(n)}, {"password", "wrong-password"}};
    }
    request_ = {bhttp::verb::post, "/api/v1/auth/login", 11};
    request_.set(bhttp::field::host, "127.0.0.1");
    request_.set(bhttp::field::content_type, "application/json");
    if (spread_)
      request_.set("X-Forwarded-For", "10." + std::to_string((n >> 16) & 255) + "." + std::to_string((n >> 8) & 255) +
                                          "." + std::to_string(n & 255));
    request_.body() = body.dump();
    request_.keep_alive(true);
    request_.prepare_payload();
    started_ = Clock::now();
    bhttp::async_write(stream_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return void(++self->results_.errors);
      self->response_ = {};
      bhttp::async_read(self->stream_, self->buffer_, self->response_, [self](beast::error_code ec, std::size_t) {
        if (ec) return void(++self->results_.errors);
        self->record();
        const auto wait = self->response_[bhttp::field::retry_after];
        if (!self->polite_ || self->response_.result_int() != 429 || wait.empty()) return self->send();
        self->timer_.expires_after(std::chrono::seconds(std::atoi(std::string(wait).c_str())));
        self->timer_.async_wait([self](beast::error_code) { self->send(); });
      });
    });
  }

  void record() {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
    const int status = response_.result_int();
    std::string key = std::to_string(status);
    if (status == 429) {
      try {
        key += " " + nlohmann::json::parse(response_.body())["error"]["code"].get<std::string>();
      } catch (...) {
      }
      results_.refused_ms.push_back(ms);
    } else if (status == 200 || status == 401) {
      results_.checked_ms.push_back(ms);
    }
    ++results_.answers[key];
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  tcp::endpoint endpoint_;
  int index_;
  bool spread_;
  bool polite_;
  std::atomic<long>& counter_;
  bhttp::request<bhttp::string_body> request_;
  bhttp::response<bhttp::string_body> response_;
  beast::flat_buffer buffer_;
  FloodResults& results_;
  Clock::time_point until_;
  Clock::time_point started_;
};

// One request at a time on one keep-alive connection, each timed, until `until`.
struct TimedReads {
  std::vector<double> ms;
  long errors = 0;
};

void timed_reads(unsigned short port, const std::string& target, const std::string& token, Clock::time_point until,
                 TimedReads& out) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return void(++out.errors);
  stream.socket().set_option(tcp::no_delay(true));
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
  req.keep_alive(true);
  beast::flat_buffer buffer;
  while (Clock::now() < until) {
    const auto start = Clock::now();
    bhttp::write(stream, req, ec);
    bhttp::response<bhttp::string_body> res;
    if (!ec) bhttp::read(stream, buffer, res, ec);
    if (ec) return void(++out.errors);
    if (res.result_int() != 200) ++out.errors;
    out.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    // A health check or a page view, not a flood of its own.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void print_reads(const char* name, const TimedReads& r) {
  std::printf("  %-32s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   (%zu requests, %ld errors)\n", name,
              percentile(r.ms, 0.50), percentile(r.ms, 0.99), r.ms.empty() ? 0.0 : *std::max_element(r.ms.begin(), r.ms.end()),
              r.ms.size(), r.errors);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 10;
  int sign_ins = 64;
  std::string server_threads = "2";
  bool spread = true;
  bool polite = false;
  std::vector<std::string> extra;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--single-address")) spread = false;
    else if (!std::strcmp(argv[i], "--polite")) polite = true;
    else if (!std::strcmp(argv[i], "--seconds") && has_value) seconds = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--sign-ins") && has_value) sign_ins = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--server-threads") && has_value) server_threads = argv[++i];
    else if (!std::strcmp(argv[i], "--server-arg") && has_value) extra.push_back(argv[++i]);
  }
  extra.insert(extra.begin(), {"--threads", server_threads});
  if (spread) extra.insert(extra.end(), {"--trusted-proxy", "127.0.0.1"});
  tongbao::test_support::ServerProcess server({.demo = true, .test_clock = false, .extra = extra});
  auto client = server.client();
  auto login = client.post("/api/v1/auth/login",
                           {{"oid", demo::kCountyA}, {"account", "kaohsiung"}, {"password", "tongbao-demo"}});
  if (login.status != 200) {
    std::cerr << "sign-in failed: " << login.body << "\n";
    return 1;
  }
  const auto token = login.json()["token"].get<std::string>();
  const auto port = server.port();
  const auto duration = std::chrono::milliseconds(static_cast<long>(seconds * 1000));

  std::printf("tongbao sign-in flood: %d connections signing in for %.0f s (%s, %s), server threads %s\n", sign_ins,
              seconds, spread ? "each sign-in from its own address" : "all from one address",
              polite ? "waiting Retry-After after a 429" : "retrying at once", server_threads.c_str());

  // The same reads without the flood, for comparison.
  {
    TimedReads health, unit;
    const auto until = Clock::now() + std::chrono::seconds(2);
    std::thread t([&] { timed_reads(port, "/api/v1/units/" + std::string(demo::kSchoolA1), token, until, unit); });
    timed_reads(port, "/api/v1/health", "", until, health);
    t.join();
    std::printf("without the flood:\n");
    print_reads("GET /api/v1/health", health);
    print_reads("GET /api/v1/units/{oid} (auth)", unit);
  }

  FloodResults flood;
  TimedReads health, unit;
  std::atomic<long> counter{0};
  const auto begin = Clock::now();
  const auto until = begin + duration;
  std::thread flooding([&] {
    asio::io_context ioc;
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
    for (int i = 0; i < sign_ins; ++i)
      std::make_shared<SignInConnection>(ioc, ep, i, spread, polite, counter, flood, until)->start();
    ioc.run();
  });
  // Timing starts once the flood is under way.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::thread reading([&] { timed_reads(port, "/api/v1/units/" + std::string(demo::kSchoolA1), token, until, unit); });
  timed_reads(port, "/api/v1/health", "", until, health);
  reading.join();
  flooding.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();

  std::printf("during the flood:\n");
  print_reads("GET /api/v1/health", health);
  print_reads("GET /api/v1/units/{oid} (auth)", unit);
  long checked = 0, total = 0;
  for (const auto& [key, n] : flood.answers) {
    total += n;
    if (key == "200" || key == "401") checked += n;
  }
  std::printf("  sign-ins: %ld answered in %.1f s; %.1f/s checked (200 or 401), p50 %.0f ms, p99 %.0f ms\n", total,
              elapsed, checked / elapsed, percentile(flood.checked_ms, 0.50), percentile(flood.checked_ms, 0.99));
  if (!flood.refused_ms.empty())
    std::printf("  refused (429): p50 %.1f ms, p99 %.1f ms\n", percentile(flood.refused_ms, 0.50),
                percentile(flood.refused_ms, 0.99));
  for (const auto& [key, n] : flood.answers) std::printf("    %-28s %ld\n", key.c_str(), n);
  if (flood.errors) std::printf("    connection errors            %ld\n", flood.errors);
  return 0;
}
