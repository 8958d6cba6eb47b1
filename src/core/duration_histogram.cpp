#include "core/duration_histogram.h"

#include <algorithm>

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace tongbao::core {
namespace {

constexpr TimeMs kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;
// Each range: where it ends, its bucket width, and the first bucket number it uses.
constexpr int kMinuteBuckets = 120;                                  // [0, 2 h) by 1 minute
constexpr int kTenMinuteBuckets = (2 * 24 * 60 - 120) / 10;          // [2 h, 2 d) by 10 minutes
constexpr int kHourBuckets = (60 - 2) * 24;                          // [2 d, 60 d) by 1 hour
constexpr int kFirstTen = kMinuteBuckets, kFirstHour = kFirstTen + kTenMinuteBuckets,
              kFirstDay = kFirstHour + kHourBuckets, kMaxBucket = kFirstDay + 10 * 365 - 60;

}  // namespace

int duration_bucket(TimeMs d) {
  if (d < 0) d = 0;  // a report timed before awareness counts as immediate
  if (d < 2 * kHour) return static_cast<int>(d / kMinute);
  if (d < 2 * kDay) return kFirstTen + static_cast<int>((d - 2 * kHour) / (10 * kMinute));
  if (d < 60 * kDay) return kFirstHour + static_cast<int>((d - 2 * kDay) / kHour);
  return kFirstDay + static_cast<int>(std::min<TimeMs>((d - 60 * kDay) / kDay, 10 * 365 - 60));
}

TimeMs bucket_start(int b) {
  if (b < kFirstTen) return b * kMinute;
  if (b < kFirstHour) return 2 * kHour + (b - kFirstTen) * 10 * kMinute;
  if (b < kFirstDay) return 2 * kDay + static_cast<TimeMs>(b - kFirstHour) * kHour;
  return 60 * kDay + static_cast<TimeMs>(b - kFirstDay) * kDay;
}

void DurationHistogram::add_bucket(int bucket, long long count) {
  if (count == 0) return;
  auto& c = counts_[bucket];
  c += count;
  total_ += count;
  if (c == 0) counts_.erase(bucket);
}

void DurationHistogram::merge(const DurationHistogram& other, long long sign) {
  for (const auto& [b, n] : other.counts_) add_bucket(b, sign * n);
}

std::string DurationHistogram::encode() const {
  std::string out;
  int previous = -1;
  for (const auto& [b, n] : counts_) {
    if (!out.empty()) out += ',';
    if (b - previous != 1) out += std::to_string(b - previous) + ':';
    out += std::to_string(n);
    previous = b;
  }
  return out;
}

namespace {

// Calls add(bucket, count) for each item of the text (see encode in the header).
template <typename Add>
void parse_encoded(std::string_view text, Add&& add) {
  const char* p = text.data();
  const char* end = p + text.size();
  auto malformed = [] { return std::invalid_argument("a duration histogram is malformed"); };
  int bucket = -1;
  while (p < end) {
    long long first = 0, count = 0;
    auto r = std::from_chars(p, end, first);
    if (r.ec != std::errc()) throw malformed();
    if (r.ptr != end && *r.ptr == ':') {  // a gap before the count
      if (first < 1 || first > kMaxBucket) throw malformed();
      bucket += static_cast<int>(first);
      r = std::from_chars(r.ptr + 1, end, count);
      if (r.ec != std::errc()) throw malformed();
    } else {
      bucket += 1;
      count = first;
    }
    if (bucket > kMaxBucket || count < 1 || (r.ptr != end && *r.ptr != ',')) throw malformed();
    add(bucket, count);
    if (r.ptr == end) break;
    p = r.ptr + 1;
    if (p == end) throw malformed();
  }
}

}  // namespace

void DurationHistogram::decode_add(std::string_view text) {
  parse_encoded(text, [this](int bucket, long long count) { add_bucket(bucket, count); });
}

void HistogramSum::add_bucket(int bucket, long long count) {
  total_ += count;
  if (array_) {
    if (static_cast<size_t>(bucket) >= by_bucket_.size()) by_bucket_.resize(static_cast<size_t>(bucket) + 1, 0);
    by_bucket_[static_cast<size_t>(bucket)] += count;
    return;
  }
  auto at = std::lower_bound(pairs_.begin(), pairs_.end(), bucket, [](const auto& p, int b) { return p.first < b; });
  if (at != pairs_.end() && at->first == bucket) at->second += count;
  else pairs_.emplace(at, bucket, count);
  if (pairs_.size() > kMostPairs) become_array();
}

void HistogramSum::add_sorted(const std::vector<std::pair<int, long long>>& in) {
  if (array_) {
    for (const auto& [bucket, count] : in) add_bucket(bucket, count);
    return;
  }
  // Both sides sorted: one merge, into a buffer kept for the next one.
  thread_local std::vector<std::pair<int, long long>> merged;
  merged.clear();
  auto a = pairs_.begin();
  auto b = in.begin();
  while (a != pairs_.end() || b != in.end()) {
    if (b == in.end() || (a != pairs_.end() && a->first < b->first)) merged.push_back(*a++);
    else if (a == pairs_.end() || b->first < a->first) merged.push_back(*b++);
    else merged.emplace_back(a->first, a->second + b->second), ++a, ++b;
  }
  for (const auto& p : in) total_ += p.second;
  pairs_.swap(merged);
  if (pairs_.size() > kMostPairs) become_array();
}

void HistogramSum::become_array() {
  array_ = true;
  if (!pairs_.empty()) by_bucket_.assign(static_cast<size_t>(pairs_.back().first) + 1, 0);
  for (const auto& [bucket, count] : pairs_) by_bucket_[static_cast<size_t>(bucket)] += count;
  pairs_ = {};
}

void HistogramSum::add_encoded(std::string_view text, int sign) {
  thread_local std::vector<std::pair<int, long long>> in;
  in.clear();
  parse_encoded(text, [sign](int bucket, long long count) { in.emplace_back(bucket, sign * count); });
  add_sorted(in);
}

void HistogramSum::add(const DurationHistogram& h) {
  for (const auto& [bucket, count] : h.counts()) add_bucket(bucket, count);
}

std::optional<TimeMs> HistogramSum::quantile(double q) const {
  if (total_ <= 0) return std::nullopt;
  const auto rank = static_cast<long long>(std::floor(q * static_cast<double>(total_ - 1) + 0.5));
  long long seen = 0;
  auto reached = [&](long long n) { return (seen += n, n > 0 && seen > rank); };
  if (array_) {
    for (size_t b = 0; b < by_bucket_.size(); ++b)
      if (reached(by_bucket_[b])) return bucket_start(static_cast<int>(b));
  } else {
    for (const auto& [bucket, n] : pairs_)
      if (reached(n)) return bucket_start(bucket);
  }
  return std::nullopt;
}

}  // namespace tongbao::core
