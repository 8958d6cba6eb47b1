#pragma once
// Durations counted in buckets, so medians and 90th percentiles over millions of tickets come from
// pre-aggregated counts. Buckets are 1 minute wide below 2 hours, 10 minutes below 2 days, 1 hour
// below 60 days and 1 day up to ten years (longer counts as ten years): a percentile is the start
// of the bucket it falls in, exact for durations that are whole minutes, tens of minutes or hours
// in those ranges.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace tongbao::core {

int duration_bucket(TimeMs duration);
TimeMs bucket_start(int bucket);

class DurationHistogram {
 public:
  void add(TimeMs duration, long long count = 1) { add_bucket(duration_bucket(duration), count); }
  void add_bucket(int bucket, long long count);
  void merge(const DurationHistogram& other, long long sign = 1);
  // Kept sums count tickets and can never hold fewer than none: a bucket below zero (a change taken
  // away that was never added) is dropped rather than stored where it could not be read.
  void drop_negative();
  long long total() const { return total_; }
  bool empty() const { return counts_.empty(); }

  // Plain text, so any SQL backend stores it as is, and short: the counts of the buckets in
  // order, each with how many buckets on from the one before ("gap:count") unless it is the next
  // one. Buckets 0, 1, 2 and 9 holding 5, 1, 2 and 7: "5,1,2,7:7".
  std::string encode() const;
  // Adds what `text` holds (as written by encode); throws std::invalid_argument on anything else.
  void decode_add(std::string_view text);
  bool operator==(const DurationHistogram& o) const { return counts_ == o.counts_; }
  const std::map<int, long long>& counts() const { return counts_; }

 private:
  std::map<int, long long> counts_;
  long long total_ = 0;
};

// The sum of many histograms, for reading percentiles: counts in an array by bucket, so adding a
// stored histogram is one pass over its text. Made once and reused (clear()) for one sum after
// another: statistics gather what each unit needs, then sum the units one at a time. quantile(q) is
// the value at rank round(q * (n - 1)) of the sorted durations (nearest rank), by the start of its
// bucket.
class HistogramSum {
 public:
  // Adds (sign 1) or takes away (sign -1) a stored histogram; throws std::invalid_argument as
  // decode_add does, and then adds nothing.
  void add_encoded(std::string_view text, int sign = 1);
  void add(const DurationHistogram& h);
  void add(TimeMs duration, int sign = 1);  // one duration, added or taken away
  long long total() const { return total_; }
  std::optional<TimeMs> quantile(double q) const;
  // Empty again, in time proportional to the buckets used, keeping the array for the next sum.
  void clear();

 private:
  void add_bucket(int bucket, long long count);
  std::vector<long long> by_bucket_;
  int low_ = 0, high_ = -1;  // the buckets counted into since the last clear
  long long total_ = 0;
};

}  // namespace tongbao::core
