#pragma once
// Counts and latencies of answered requests per route pattern (never per path, so the number of
// series stays bounded), written in Prometheus's text format for GET /metrics.
#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace tongbao::http {

class RequestMetrics {
 public:
  // Upper bounds of the latency buckets, seconds.
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  5.0};

  // `route` is the pattern ("/api/v1/incidents/{id}"), empty when none matched.
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  // Where the count of open connections is read (the server's own count).
  void count_connections_with(std::function<std::size_t()> source);
  // tongbao_http_requests_total, tongbao_http_request_duration_seconds, tongbao_http_open_connections.
  std::string prometheus_text() const;

 private:
  struct Series {
    std::map<int, unsigned long long> by_status_class;  // 2, 4, 5 (…xx)
    std::array<unsigned long long, kBuckets.size()> buckets{};
    unsigned long long count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Series> series_;  // (method, route)
  std::function<std::size_t()> open_connections_;
};

}  // namespace tongbao::http
