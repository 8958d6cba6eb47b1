// Blocked addresses at national scale: 100,000 blocks made 10,000 per request by the CERT's API key
// over 20,000 schools owning 50,000 prefixes, then the firewall feed of all of them polled as
// text, as JSON, and unchanged (If-None-Match, answered 304).
//
//   build/bench/block_bench [--database postgresql://…/empty] [--blocks 100000] [--batch 10000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "national_tree.h"
#include "store/open_database.h"
#include "support/server_process.h"

using namespace tongbao;
using nlohmann::json;

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  long total = 100'000, batch = 10'000;
  std::string db_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--blocks")) total = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batch")) batch = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--database")) db_path = argv[i + 1];
  }
  test_support::TempDir dir;
  if (db_path.empty()) db_path = dir.file("tongbao.db");
  std::string key;
  {
    auto opened = store::open_database(db_path);
    key = bench::build_national_tree(*opened).cert_key;
  }
  test_support::ServerProcess server(
      {.demo = false, .test_clock = false, .extra = {"--body-limit-mb", "64"}, .database = db_path});
  auto client = server.client();
  client.set_token(key);

  // Five addresses of each school's /26 in turn: every school gets blocks, no prefix twice.
  std::vector<double> request_ms;
  long sent = 0;
  while (sent < total) {
    json items = json::array();
    for (long i = sent; i < std::min(total, sent + batch); ++i) {
      const auto school = static_cast<std::uint32_t>(i % 20'000), host = static_cast<std::uint32_t>(i / 20'000 + 1);
      items.push_back({{"prefix", bench::v4(bench::school_base(static_cast<int>(school)) + host)},
                       {"reason", "botnet C2 traffic"}});
    }
    const auto body = items.dump();
    const auto t = std::chrono::steady_clock::now();
    auto r = client.request("POST", "/api/v1/blocks", body);
    request_ms.push_back(ms_since(t));
    if (r.status != 201) {
      std::fprintf(stderr, "refused: %d %s\n", r.status, r.body.substr(0, 300).c_str());
      return 1;
    }
    sent += static_cast<long>(items.size());
  }
  double blocking = 0;
  for (double ms : request_ms) blocking += ms;
  std::printf("%ld blocks, %ld per request: %.0f ms in all, median request %.0f ms, slowest %.0f ms (%.0f blocks/s)\n",
              sent, batch, blocking, median(request_ms), *std::max_element(request_ms.begin(), request_ms.end()),
              sent / (blocking / 1000));

  auto poll = [&](const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers,
                  const char* label) {
    std::vector<double> times;
    size_t bytes = 0;
    int status = 0;
    std::string tag;
    for (int i = 0; i < 20; ++i) {
      const auto t = std::chrono::steady_clock::now();
      auto r = client.request("GET", target, "", headers);
      times.push_back(ms_since(t));
      bytes = r.body.size();
      status = r.status;
      tag = r.headers.count("etag") ? r.headers.at("etag") : "";
    }
    std::printf("%-34s status %d, %8zu bytes: median %.1f ms, slowest %.1f ms\n", label, status, bytes, median(times),
                *std::max_element(times.begin(), times.end()));
    return tag;
  };
  const auto tag = poll("/api/v1/blocks/feed", {}, "feed as text (every prefix)");
  poll("/api/v1/blocks/feed?format=json", {}, "feed as JSON");
  poll("/api/v1/blocks/feed", {{"If-None-Match", tag}}, "unchanged poll (If-None-Match)");
  poll("/api/v1/blocks/feed?unit=2.16.886.111.3.7", {}, "one county's feed");
  return 0;
}
