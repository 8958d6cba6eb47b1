// Bulk early-warning ingest, end to end: 100,000 warnings for 20,000 units owning 50,000 prefixes,
// sent over HTTP in batches by a SOC's API key; each is validated, routed, stored (or merged) and
// its mail queued in the outbox, in the same transaction as the batch. The clock runs from the
// first request to the last answer; the SOC's own JSON is written before and read after.
//
//   build/bench/warning_ingest_bench [--database postgresql://…/empty] [--warnings 100000] [--batch 1000]
//                                    [--servers 3] [--connections 2]
//
// With --servers N (PostgreSQL), N servers share the database and N SOC connections send at once,
// one to each server. With --connections N, N connections send at once to one server.
//
// Besides the time it prints what the server wrote to disk meanwhile and the CPU it used, with its
// busiest thread's share: the writer, through which every batch passes in turn.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <random>
#include <thread>
#include <tuple>
#include <unistd.h>

#include "core/clock.h"
#include "core/time_format.h"
#include "national_tree.h"
#include "store/open_database.h"
#include "support/server_process.h"

using namespace tongbao;
using nlohmann::json;

namespace {

// The bytes a process has had written to storage, from /proc/PID/io.
long long bytes_written(int pid) {
  std::ifstream io("/proc/" + std::to_string(pid) + "/io");
  std::string key;
  long long value = 0;
  while (io >> key >> value)
    if (key == "write_bytes:") return value;
  return 0;
}

// Each thread's CPU time so far (user and system, seconds), by thread id, from /proc/PID/task.
std::map<long, double> thread_cpu_seconds(int pid) {
  std::map<long, double> out;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::ifstream in(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th.
    std::istringstream rest(stat.substr(stat.rfind(')') + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int k = 3; k <= 15 && rest >> field; ++k) {
      if (k == 14) utime = std::stod(field);
      if (k == 15) stime = std::stod(field);
    }
    out[std::stol(task.path().filename())] = (utime + stime) / tick;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  long total = 100'000, batch = 1'000;
  int servers = 1, connections = 1;
  std::string db_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--warnings")) total = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batch")) batch = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--database")) db_path = argv[i + 1];  // an empty PostgreSQL database
    if (!std::strcmp(argv[i], "--servers")) servers = std::max(1, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--connections")) connections = std::max(1, std::atoi(argv[i + 1]));
  }
  test_support::TempDir dir;
  if (db_path.empty()) db_path = dir.file("tongbao.db");
  const auto t0 = std::chrono::steady_clock::now();
  std::string key;
  {
    auto opened = store::open_database(db_path);
    key = bench::build_national_tree(*opened).soc_key;
  }
  const auto t1 = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<test_support::ServerProcess>> running;
  for (int n = 0; n < servers; ++n) {
    test_support::ServerFlags flags{.demo = false, .test_clock = false, .extra = {"--body-limit-mb", "64"},
                                    .database = db_path};
    if (n > 0) flags.data_dir = running[0]->data_dir();  // one audit key, as behind one address
    running.push_back(std::make_unique<test_support::ServerProcess>(flags));
  }
  const char* subcategories[] = {"suspicious_connection", "suspected_outbound_attack", "suspicious_program"};
  const auto now = core::format_utc(core::SystemClock().now() - 3600'000);
  // The SOC's side is made before the clock starts and read after it stops: the bodies, and the
  // answers counted. What is timed is the platform's work (and the HTTP between).
  const int senders_count = std::max(servers, connections);
  std::vector<std::vector<std::string>> bodies(static_cast<size_t>(senders_count)),
      answers(static_cast<size_t>(senders_count));
  for (int n = 0; n < senders_count; ++n) {
    std::mt19937 rng(11 + static_cast<unsigned>(n));
    const long share = total / senders_count + (n < total % senders_count ? 1 : 0);
    for (long mine = 0; mine < share; mine += batch) {
      json items = json::array();
      for (long i = 0; i < batch && mine + i < share; ++i) {
        const int s = static_cast<int>(rng() % 20'000);
        const bool six = rng() % 4 == 0;
        const std::string ip = six ? bench::school_v6_prefix(s) + std::to_string(rng() % 9000 + 1)
                                   : bench::v4(bench::school_base(s) + rng() % 64);
        items.push_back({{"addresses", {{{"ip", ip}, {"role", "source"}}, {{"ip", "203.0.113.7"}, {"role", "destination"}}}},
                         {"port", 445}, {"protocol", "tcp"}, {"observed_at", now},
                         {"subcategory", subcategories[rng() % 3]}, {"description", "SMB scanning towards the Internet"},
                         {"rule_id", "R-" + std::to_string(rng() % 50)}});
      }
      bodies[static_cast<size_t>(n)].push_back(items.dump());
    }
  }
  std::atomic<bool> refused = false;
  const auto cpu_before = thread_cpu_seconds(running.front()->pid());
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> senders;
  for (int n = 0; n < senders_count; ++n)
    senders.emplace_back([&, n] {
      auto client = running[static_cast<size_t>(n % servers)]->client();
      client.set_token(key);
      for (const auto& body : bodies[static_cast<size_t>(n)]) {
        auto r = client.request("POST", "/api/v1/warnings", body);
        if (r.status != 201) {
          std::fprintf(stderr, "batch refused: %d %s\n", r.status, r.body.substr(0, 300).c_str());
          refused = true;
          return;
        }
        answers[static_cast<size_t>(n)].push_back(std::move(r.body));
      }
    });
  for (auto& t : senders) t.join();
  const double send_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (refused) return 1;
  // The first server's CPU while the warnings came: all its threads, and the busiest one (the
  // writer, which every batch passes through one after another).
  double server_cpu = 0, busiest_thread_cpu = 0;
  for (const auto& [tid, seconds] : thread_cpu_seconds(running.front()->pid())) {
    const auto was = cpu_before.find(tid);
    const double used = seconds - (was == cpu_before.end() ? 0 : was->second);
    server_cpu += used;
    busiest_thread_cpu = std::max(busiest_thread_cpu, used);
  }
  // What the servers wrote to disk while the warnings came (the log, the checkpoints into the
  // database file, and its syncs), against the data kept: how much each commit rewrites.
  double written_mb = 0;
  for (auto& server : running) written_mb += static_cast<double>(bytes_written(server->pid())) / 1e6;
  long sent = 0, merged = 0, routed = 0;
  for (const auto& of_sender : answers)
    for (const auto& body : of_sender) {
      const auto answer = json::parse(body);
      for (const auto& it : answer["items"]) {
        ++sent;
        merged += it["merged"].get<bool>();
        routed += !it["unit_oid"].is_null();
      }
    }
  for (auto& server : running) server->stop();
  auto reopened = store::open_database(db_path);
  const auto [warnings, mails, database_bytes] = reopened->read_value([](store::Transaction& tx) {
    const char* size = tx.dialect() == store::Dialect::sqlite
                           ? "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
                           : "SELECT pg_database_size(current_database())";
    return std::make_tuple(tx.query_one("SELECT COUNT(*) FROM warnings")->integer(0),
                           tx.query_one("SELECT COUNT(*) FROM outbox WHERE kind = 'new_warning'")->integer(0),
                           tx.query_one(size)->integer(0));
  });
  std::printf("population: 20,020 units, 50,000 prefixes, 20,000 contacts (%.1f s to build)\n",
              std::chrono::duration<double>(t1 - t0).count());
  std::printf("%ld warnings in batches of %ld through %d server(s), %d connection(s): %.1f s, %.0f warnings/s end to end\n",
              sent, batch, servers, senders_count, send_seconds, sent / send_seconds);
  if (written_mb > 0)  // SQLite: the server writes the file itself (PostgreSQL's own processes write its)
    std::printf("the server(s) wrote %.0f MB to disk meanwhile; the database is now %.0f MB\n", written_mb,
                static_cast<double>(database_bytes) / 1e6);
  std::printf("the server's CPU meanwhile: %.2f s, of which its busiest thread %.2f s\n", server_cpu,
              busiest_thread_cpu);
  std::printf("routed %ld, merged as repeats %ld; stored %lld warnings, queued %lld mails\n", routed, merged,
              static_cast<long long>(warnings), static_cast<long long>(mails));
  return 0;
}
