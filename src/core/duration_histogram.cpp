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

void HistogramSum::add(TimeMs duration, int sign) {
  total_ += sign;
  if (array_) return count_in_array(duration_bucket(duration), sign);
  // Tickets come one at a time: gathered unsorted and sorted in a batch at a time.
  singles_.emplace_back(duration_bucket(duration), sign);
  if (singles_.size() >= kMostSingles) fold_singles();
}

void HistogramSum::add(const DurationHistogram& h) {
  thread_local Pairs in;
  in.assign(h.counts().begin(), h.counts().end());
  add_sorted(in);
}

void HistogramSum::add_encoded(std::string_view text, int sign) {
  thread_local Pairs in;
  in.clear();
  parse_encoded(text, [sign](int bucket, long long count) { in.emplace_back(bucket, sign * count); });
  add_sorted(in);
}

void HistogramSum::add_sorted(const Pairs& in) {
  for (const auto& [bucket, count] : in) total_ += count;
  if (!array_) return merge_pairs(in);
  for (const auto& [bucket, count] : in) count_in_array(bucket, count);
}

void HistogramSum::merge_pairs(const Pairs& in) const {
  // Both sides sorted: one pass, through a buffer kept for the next time.
  thread_local Pairs merged;
  merged.clear();
  auto a = pairs_.begin();
  auto b = in.begin();
  while (a != pairs_.end() || b != in.end()) {
    if (b == in.end() || (a != pairs_.end() && a->first < b->first)) merged.push_back(*a++);
    else if (a == pairs_.end() || b->first < a->first) merged.push_back(*b++);
    else merged.emplace_back(a->first, a->second + b->second), ++a, ++b;
  }
  pairs_.assign(merged.begin(), merged.end());
  if (pairs_.size() > kMostPairs) become_array();
}

void HistogramSum::fold_singles() const {
  if (singles_.empty()) return;
  std::sort(singles_.begin(), singles_.end());
  thread_local Pairs in;
  in.clear();
  for (const auto& [bucket, sign] : singles_) {
    if (!in.empty() && in.back().first == bucket) in.back().second += sign;
    else in.emplace_back(bucket, sign);
  }
  singles_.clear();
  merge_pairs(in);
}

void HistogramSum::become_array() const {
  array_ = true;
  for (const auto& [bucket, count] : pairs_) count_in_array(bucket, count);
  for (const auto& [bucket, sign] : singles_) count_in_array(bucket, sign);
  pairs_ = {};
  singles_ = {};
}

void HistogramSum::count_in_array(int bucket, long long count) const {
  if (static_cast<size_t>(bucket) >= by_bucket_.size()) by_bucket_.resize(static_cast<size_t>(bucket) + 1, 0);
  by_bucket_[static_cast<size_t>(bucket)] += count;
}

std::optional<TimeMs> HistogramSum::quantile(double q) const {
  if (total_ <= 0) return std::nullopt;
  const auto rank = static_cast<long long>(std::floor(q * static_cast<double>(total_ - 1) + 0.5));
  fold_singles();
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
