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

void DurationHistogram::drop_negative() {
  for (auto it = counts_.begin(); it != counts_.end();) {
    if (it->second < 0) {
      total_ -= it->second;
      it = counts_.erase(it);
    } else {
      ++it;
    }
  }
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
      if (first < 1 || first > kMaxBucket + 1) throw malformed();  // from bucket -1: up to the last one
      bucket += static_cast<int>(first);
      r = std::from_chars(r.ptr + 1, end, count);
      if (r.ec != std::errc()) throw malformed();
    } else {
      bucket += 1;
      count = first;
    }
    // A count beyond a trillion tickets is no count: refused, so sums of counts never overflow.
    if (bucket > kMaxBucket || count < 1 || count > 1'000'000'000'000 || (r.ptr != end && *r.ptr != ','))
      throw malformed();
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
  if (static_cast<size_t>(bucket) >= by_bucket_.size()) by_bucket_.resize(static_cast<size_t>(bucket) + 1, 0);
  by_bucket_[static_cast<size_t>(bucket)] += count;
  if (high_ < low_) low_ = high_ = bucket;
  low_ = std::min(low_, bucket);
  high_ = std::max(high_, bucket);
  total_ += count;
}

void HistogramSum::add(TimeMs duration, int sign) { add_bucket(duration_bucket(duration), sign); }

void HistogramSum::add(const DurationHistogram& h) {
  for (const auto& [bucket, count] : h.counts()) add_bucket(bucket, count);
}

void HistogramSum::add_encoded(std::string_view text, int sign) {
  // Read whole before anything is added, so malformed text changes nothing.
  thread_local std::vector<std::pair<int, long long>> pairs;
  pairs.clear();
  parse_encoded(text, [](int bucket, long long count) { pairs.emplace_back(bucket, count); });
  for (const auto& [bucket, count] : pairs) add_bucket(bucket, sign * count);
}

std::optional<TimeMs> HistogramSum::quantile(double q) const {
  if (total_ <= 0) return std::nullopt;
  const auto rank = static_cast<long long>(std::floor(q * static_cast<double>(total_ - 1) + 0.5));
  long long seen = 0;
  for (int b = low_; b <= high_; ++b) {
    const long long n = by_bucket_[static_cast<size_t>(b)];
    seen += n;
    if (n > 0 && seen > rank) return bucket_start(b);
  }
  return std::nullopt;
}

void HistogramSum::clear() {
  if (high_ >= low_) std::fill(by_bucket_.begin() + low_, by_bucket_.begin() + high_ + 1, 0);
  low_ = 0, high_ = -1;
  total_ = 0;
}

}  // namespace tongbao::core
