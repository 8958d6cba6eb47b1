// HTTP throughput and latency of the real server: requests per second and p50/p99 latency for
// the health endpoint, an authenticated read of a unit, filing a ticket, saving a draft's report
// again, and the two writes mixed, over keep-alive connections.
//
//   build/bench/http_bench [--seconds 10] [--connections 32] [--server-threads 2] [--write-threads 64]
//                          [--database postgresql://…] [--servers 1] [--only POST]
//                          [--against-hello-world ROUNDS] [--ticket-tree DIR [--tickets 1000000]]
//
// With --against-hello-world, each read alternates with a minimal Boost.Beast server (bench/
// hello_world_server) in the same process for ROUNDS rounds, and prints the ratio of the medians.
//
// The server runs as its own process (as in production); the load comes from one client thread
// driving every connection asynchronously, so on a 2-core machine client and server share the cores.
// With --servers N (PostgreSQL only) N servers share the database and the connections are dealt
// among them.
//
// With --ticket-tree DIR the server runs on list_bench's national tree instead of the demo
// organisation (SQLite, kept in DIR; see served_ticket_tree.h): 16 schools file at once, and a
// school, a county centre and the CERT read their lists, so that plans which go wrong only at
// national size show.
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

#include "hello_world_server.h"
#include "served_ticket_tree.h"
#include "support/incident_fixtures.h"
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

// One request a connection sends again and again: GET without a body, POST with one, unless said.
struct Call {
  std::string target, token, body;
  bhttp::verb method = bhttp::verb::unknown;
};

class LoadConnection : public std::enable_shared_from_this<LoadConnection> {
 public:
  LoadConnection(asio::io_context& ioc, tcp::endpoint ep, const Call& call, Results& results, Clock::time_point until)
      : stream_(ioc), endpoint_(ep), results_(results), until_(until) {
    const auto method =
        call.method != bhttp::verb::unknown ? call.method : call.body.empty() ? bhttp::verb::get : bhttp::verb::post;
    request_ = {method, call.target, 11};
    request_.set(bhttp::field::host, "127.0.0.1");
    if (!call.token.empty()) request_.set(bhttp::field::authorization, "Bearer " + call.token);
    if (!call.body.empty()) {
      request_.set(bhttp::field::content_type, "application/json");
      request_.body() = call.body;
      request_.prepare_payload();
    }
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
                          if (ec || self->response_.result_int() / 100 != 2) {
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
  bhttp::request<bhttp::string_body> request_;
  bhttp::response<bhttp::string_body> response_;
  beast::flat_buffer buffer_;
  Results& results_;
  Clock::time_point until_;
  Clock::time_point started_;
};

struct Measured {
  double per_second = 0, p50_us = 0, p99_us = 0;
  size_t requests = 0;
  long errors = 0;
};

// One load of `seconds` over `connections`, after a second's warm-up that is not counted. With
// several calls, connection i sends call i modulo their number: a mixed load.
Measured measure(const std::vector<unsigned short>& ports, const std::vector<Call>& calls, int connections,
                 double seconds) {
  Measured out;
  for (int pass = 0; pass < 2; ++pass) {
    asio::io_context ioc;
    Results results;
    const double duration = pass == 0 ? 1.0 : seconds;
    auto until = Clock::now() + std::chrono::milliseconds(static_cast<long>(duration * 1000));
    for (int i = 0; i < connections; ++i) {
      tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), ports[static_cast<size_t>(i) % ports.size()]);
      std::make_shared<LoadConnection>(ioc, ep, calls[static_cast<size_t>(i) % calls.size()], results, until)->start();
    }
    auto begin = Clock::now();
    ioc.run();
    double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
    if (pass == 0) continue;
    auto& l = results.latencies_us;
    std::sort(l.begin(), l.end());
    auto pct = [&](double p) { return l.empty() ? 0.0 : l[std::min(l.size() - 1, static_cast<size_t>(p * l.size()))]; };
    out = {l.size() / elapsed, pct(0.50), pct(0.99), l.size(), results.errors};
  }
  return out;
}

void print(const std::string& name, const Measured& m, int connections) {
  std::printf("%-34s %10.0f req/s   p50 %7.0f us   p99 %7.0f us   (%zu requests, %ld errors, %d connections)\n",
              name.c_str(), m.per_second, m.p50_us, m.p99_us, m.requests, m.errors, connections);
}

void run(const std::string& name, const std::vector<unsigned short>& ports, const std::vector<Call>& calls,
         int connections, double seconds) {
  print(name, measure(ports, calls, connections, seconds), connections);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// A read of tongbao against the hello-world server, alternating round by round so that whatever
// else the machine does falls on both alike; the ratio of the medians is the figure that holds.
void compare_with_hello_world(const std::string& name, const std::vector<unsigned short>& ports,
                              unsigned short hello_port, const Call& call, int connections, double seconds,
                              int rounds) {
  std::vector<double> ours, hello;
  for (int r = 0; r < rounds; ++r) {
    const auto m = measure(ports, {call}, connections, seconds);
    const auto h = measure({hello_port}, {{"/", "", ""}}, connections, seconds);
    if (m.errors) std::printf("  round %d: %ld errors\n", r + 1, m.errors);
    ours.push_back(m.per_second);
    hello.push_back(h.per_second);
  }
  const double a = median(ours), b = median(hello);
  std::printf("%-34s %10.0f req/s   hello-world %8.0f req/s   ratio %.2f   (medians of %d alternating rounds of %.0f s, %d connections)\n",
              name.c_str(), a, b, b > 0 ? a / b : 0.0, rounds, seconds, connections);
}

// What a run measures: the servers, and the loads to send them.
struct Load {
  std::string name;
  std::vector<Call> calls;
};
struct Setup {
  std::vector<std::unique_ptr<tongbao::test_support::ServerProcess>> servers;
  std::vector<Load> loads;
  // Reads timed one at a time rather than under load: filters whose cost is the question.
  std::vector<Load> probes;
};

std::string token_of(tongbao::test_support::HttpClient& client, const std::string& oid, const std::string& account,
                     const std::string& password) {
  auto login = client.post("/api/v1/auth/login", {{"oid", oid}, {"account", account}, {"password", password}});
  if (login.status != 200) {
    std::cerr << "sign-in failed: " << login.body << "\n";
    std::exit(1);
  }
  return login.json()["token"].get<std::string>();
}

// The demo organisation, as a fresh installation has it: one school files, its centre reads.
Setup demo_setup(const std::string& database, int server_count, const std::vector<std::string>& server_flags) {
  using tongbao::test_support::ServerFlags;
  using tongbao::test_support::ServerProcess;
  Setup setup;
  setup.servers.push_back(std::make_unique<ServerProcess>(
      ServerFlags{.demo = true, .test_clock = false, .extra = server_flags, .database = database}));
  for (int i = 1; i < server_count; ++i)
    setup.servers.push_back(std::make_unique<ServerProcess>(
        ServerFlags{.demo = true, .test_clock = false, .extra = server_flags,
                    .database = setup.servers.front()->database(), .data_dir = setup.servers.front()->data_dir()}));
  auto client = setup.servers.front()->client();
  const auto centre = token_of(client, "2.16.886.111.90000.3", "kaohsiung", "tongbao-demo");
  const auto school = token_of(client, "2.16.886.111.90000.31", "teacher", "tongbao-demo");
  client.set_token(school);
  const auto now = client.get("/api/v1/health").json()["time"].get<std::string>();
  // A ticket of the school's, for the ticket read.
  const auto filed = client.post("/api/v1/incidents", tongbao::test_support::botnet_report(now));
  const auto ticket = "/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>());
  // A draft of the school's, for a change to a ticket (its report saved again, as a form does).
  auto draft_body = tongbao::test_support::botnet_report(now);
  draft_body["submit"] = false;
  const auto draft = client.post("/api/v1/incidents", draft_body);
  const auto draft_report = "/api/v1/incidents/" + std::to_string(draft.json()["id"].get<long long>()) + "/report";
  const Call filing{"/api/v1/incidents", school, tongbao::test_support::botnet_report(now).dump()};
  const Call draft_saved{draft_report, school, tongbao::test_support::botnet_report(now).dump(), bhttp::verb::put};
  setup.loads = {
      {"GET /api/v1/health", {{"/api/v1/health", "", ""}}},
      {"GET /api/v1/units/{oid} (auth)", {{"/api/v1/units/2.16.886.111.90000.31", centre, ""}}},
      {"GET /api/v1/incidents/{id} (auth)", {{ticket, school, ""}}},
      {"POST /api/v1/incidents", {filing}},
      {"PUT /api/v1/incidents/{id}/report", {draft_saved}},
      // Filings and changes to a ticket in the same groups, as a working day has them.
      {"POST /incidents + PUT its report (mixed)", {filing, draft_saved}},
  };
  return setup;
}

// The national tree of the list benchmark: many schools file at once, and each role reads its
// lists, where the database holds a million tickets.
Setup tree_setup(const std::string& dir, long tickets, const std::vector<std::string>& server_flags) {
  using tongbao::test_support::ServerFlags;
  using tongbao::test_support::ServerProcess;
  namespace b = tongbao::bench;
  constexpr int kFilingSchools = 16;
  const auto tree = b::prepare_served_tree(dir, tickets, kFilingSchools);
  Setup setup;
  setup.servers.push_back(std::make_unique<ServerProcess>(ServerFlags{
      .demo = false, .test_clock = false, .extra = server_flags, .database = tree.database, .data_dir = tree.data_dir}));
  auto client = setup.servers.front()->client();
  const auto cert = token_of(client, tree.cert_oid, b::kTreeCentreAccount, b::kTreePassword);
  const auto county = token_of(client, tree.county_oid, b::kTreeCentreAccount, b::kTreePassword);
  std::vector<std::string> schools;
  for (const auto& oid : tree.school_oids) schools.push_back(token_of(client, oid, b::kTreeSchoolAccount, b::kTreePassword));
  const auto now = client.get("/api/v1/health").json()["time"].get<std::string>();
  std::vector<Call> filings;
  for (const auto& token : schools)
    filings.push_back({"/api/v1/incidents", token, tongbao::test_support::botnet_report(now).dump()});
  // A ticket of each filing school's, filed now, for its response filed again and again: an action
  // on a ticket, written where the database holds a million others.
  std::vector<Call> responses;
  for (const auto& token : schools) {
    client.set_token(token);
    const auto filed = client.post("/api/v1/incidents", tongbao::test_support::botnet_report(now));
    if (filed.status != 201) {
      std::cerr << "filing failed: " << filed.body << "\n";
      std::exit(1);
    }
    responses.push_back({"/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>()) + "/response", token,
                         tongbao::test_support::full_response(now).dump(), bhttp::verb::put});
  }
  const auto& school = schools.front();
  setup.loads = {
      {"GET /api/v1/incidents/{id} (school)", {{"/api/v1/incidents/" + std::to_string(tree.school_ticket), school, ""}}},
      {"GET /api/v1/incidents (school, open)", {{"/api/v1/incidents", school, ""}}},
      {"GET /api/v1/incidents?scope=history (school)", {{"/api/v1/incidents?scope=history", school, ""}}},
      {"GET /api/v1/incidents (county, open)", {{"/api/v1/incidents", county, ""}}},
      {"GET /api/v1/incidents?scope=all&subcategory=botnet (county)",
       {{"/api/v1/incidents?scope=all&subcategory=botnet", county, ""}}},
      {"GET /api/v1/incidents (CERT, open)", {{"/api/v1/incidents", cert, ""}}},
      {"POST /api/v1/incidents (" + std::to_string(kFilingSchools) + " schools)", filings},
      {"PUT /api/v1/incidents/{id}/response (" + std::to_string(kFilingSchools) + " schools)", responses},
  };
  // Filters any list offers, as a county centre and the CERT ask them of all their tickets.
  for (const auto& [who, token] : {std::pair<std::string, std::string>{"county", county}, {"CERT", cert}})
    for (const std::string query :
         {"late=true", "overdue=true", "scope=history&late=true", "scope=all&type=DEF", "scope=all&drill=true",
          "scope=all&level=4", "scope=all&q=lab-pc-12", "scope=all&q=lab-pc-999999",
          // 電腦 (in every ticket), 勒索 (in none), 毒 (one character, in none)
          "scope=all&q=%E9%9B%BB%E8%85%A6", "scope=all&q=%E5%8B%92%E7%B4%A2", "scope=all&q=%E6%AF%92"})
      setup.probes.push_back({"GET /api/v1/incidents?" + query + " (" + who + ")", {{"/api/v1/incidents?" + query, token, ""}}});
  return setup;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 10;
  int connections = 32;
  std::string server_threads = "2", write_threads = "64", database, only, tree_dir;
  int server_count = 1, rounds = 0;
  long tree_tickets = 1'000'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--connections")) connections = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--server-threads")) server_threads = argv[i + 1];
    else if (!std::strcmp(argv[i], "--write-threads")) write_threads = argv[i + 1];
    else if (!std::strcmp(argv[i], "--database")) database = argv[i + 1];
    else if (!std::strcmp(argv[i], "--servers")) server_count = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
    else if (!std::strcmp(argv[i], "--against-hello-world")) rounds = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--ticket-tree")) tree_dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--tickets")) tree_tickets = std::atol(argv[i + 1]);
  }
  const std::vector<std::string> server_flags = {"--threads", server_threads, "--write-threads", write_threads};
  Setup setup = tree_dir.empty() ? demo_setup(database, server_count, server_flags)
                                 : tree_setup(tree_dir, tree_tickets, server_flags);
  std::vector<unsigned short> ports;
  for (auto& s : setup.servers) ports.push_back(s->port());
  std::printf("tongbao HTTP benchmark: %d keep-alive connections, %.0f s each, %zu server(s) of %s threads on %s\n",
              connections, seconds, setup.servers.size(), server_threads.c_str(),
              setup.servers.front()->database().c_str());
  std::unique_ptr<tongbao::bench::HelloWorldServer> hello;
  if (rounds > 0) hello = std::make_unique<tongbao::bench::HelloWorldServer>(std::stoi(server_threads));
  // --only WORD runs just the loads whose name holds WORD (e.g. POST), to profile one at a time.
  for (const auto& load : setup.loads) {
    if (!only.empty() && load.name.find(only) == std::string::npos) continue;
    const bool read = load.calls.size() == 1 && load.calls.front().body.empty();
    if (hello && read)
      compare_with_hello_world(load.name, ports, hello->port(), load.calls.front(), connections, seconds, rounds);
    else
      run(load.name, ports, load.calls, connections, seconds);
  }
  if (!setup.probes.empty()) std::printf("\none request at a time (median of 3, after one more):\n");
  for (const auto& probe : setup.probes) {
    if (!only.empty() && probe.name.find(only) == std::string::npos) continue;
    auto client = setup.servers.front()->client();
    client.set_token(probe.calls.front().token);
    std::vector<double> ms;
    int status = 0;
    for (int i = 0; i < 4; ++i) {
      const auto t = Clock::now();
      status = client.get(probe.calls.front().target).status;
      if (i > 0) ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    }
    std::printf("%-64s %9.1f ms  (status %d)\n", probe.name.c_str(), median(ms), status);
  }
  return 0;
}
