#include "http/request_metrics.h"

#include <cstdio>

namespace tongbao::http {
namespace {

// A label value as the text format wants it: backslash, quote and newline escaped.
std::string label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

void RequestMetrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  auto& s = series_[{method.empty() ? "NONE" : method, route.empty() ? "unmatched" : route}];
  ++s.by_status_class[status / 100];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  ++s.count;
  s.sum += seconds;
}

void RequestMetrics::count_connections_with(std::function<std::size_t()> source) {
  std::lock_guard lock(mutex_);
  open_connections_ = std::move(source);
}

std::string RequestMetrics::prometheus_text() const {
  std::lock_guard lock(mutex_);
  std::string out =
      "# HELP tongbao_http_requests_total Answered requests by method, route pattern and status class.\n"
      "# TYPE tongbao_http_requests_total counter\n";
  for (const auto& [key, s] : series_)
    for (const auto& [cls, n] : s.by_status_class)
      out += "tongbao_http_requests_total{method=\"" + label(key.first) + "\",route=\"" + label(key.second) +
             "\",status=\"" + std::to_string(cls) + "xx\"} " + std::to_string(n) + "\n";
  out +=
      "# HELP tongbao_http_request_duration_seconds Time from reading a request to its answer.\n"
      "# TYPE tongbao_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : series_) {
    const std::string labels = "method=\"" + label(key.first) + "\",route=\"" + label(key.second) + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out += "tongbao_http_request_duration_seconds_bucket{" + labels + ",le=\"" + number(kBuckets[i]) + "\"} " +
             std::to_string(s.buckets[i]) + "\n";
    out += "tongbao_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(s.count) + "\n";
    out += "tongbao_http_request_duration_seconds_sum{" + labels + "} " + number(s.sum) + "\n";
    out += "tongbao_http_request_duration_seconds_count{" + labels + "} " + std::to_string(s.count) + "\n";
  }
  out +=
      "# HELP tongbao_http_open_connections Connections open now.\n"
      "# TYPE tongbao_http_open_connections gauge\n"
      "tongbao_http_open_connections " +
      std::to_string(open_connections_ ? open_connections_() : 0) + "\n";
  return out;
}

}  // namespace tongbao::http
