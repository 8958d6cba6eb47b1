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

// The sum of many histograms, for reading percentiles. A sum of a few stored histograms (one unit's
// months, say) is held as sorted (bucket, count) pairs, so thousands of them at once stay small; one
// that grows past a few hundred buckets (a centre's, summing hundreds of units) turns into a plain
// array by bucket, where adding costs the same whatever it holds. quantile(q) is the value at rank
// round(q * (n - 1)) of the sorted durations (nearest rank), by the start of its bucket.
class HistogramSum {
 public:
  // Adds (sign 1) or takes away (sign -1) a stored histogram; throws std::invalid_argument as
  // decode_add does.
  void add_encoded(std::string_view text, int sign = 1);
  void add(const DurationHistogram& h);
  void add(TimeMs duration, int sign = 1);  // one duration, added or taken away
  long long total() const { return total_; }
  std::optional<TimeMs> quantile(double q) const;

 private:
  static constexpr size_t kMostPairs = 256, kMostSingles = 64;
  using Pairs = std::vector<std::pair<int, long long>>;
  void add_sorted(const Pairs& pairs);
  // Folding singles in and becoming an array change how the counts are held, not what they are,
  // so quantile() may do either.
  void merge_pairs(const Pairs& sorted) const;
  void fold_singles() const;
  void become_array() const;
  void count_in_array(int bucket, long long count) const;
  mutable Pairs pairs_;                      // sorted by bucket, one per bucket, until there are too many
  mutable std::vector<std::pair<int, int>> singles_;  // (bucket, 1 or -1) of single durations, not yet sorted in
  mutable std::vector<long long> by_bucket_; // by bucket, once there were too many pairs
  mutable bool array_ = false;
  long long total_ = 0;
};

}  // namespace tongbao::core
