#pragma once
// Durations counted in buckets, so medians and 90th percentiles over millions of tickets come from
// pre-aggregated counts. Buckets are 1 minute wide below 2 hours, 10 minutes below 2 days, 1 hour
// below 60 days and 1 day beyond: a percentile is the start of the bucket it falls in, exact for
// durations that are whole minutes, tens of minutes or hours in those ranges.
#include <map>
#include <optional>
#include <string>
#include <string_view>

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
  // The value at rank round(q * (n - 1)) of the sorted durations (nearest rank), by bucket start.
  std::optional<TimeMs> quantile(double q) const;

  // "bucket:count,bucket:count": plain text, so any SQL backend stores it as is.
  std::string encode() const;
  // Adds what `text` holds (as written by encode); throws std::invalid_argument on anything else.
  void decode_add(std::string_view text);
  bool operator==(const DurationHistogram& o) const { return counts_ == o.counts_; }

 private:
  std::map<int, long long> counts_;
  long long total_ = 0;
};

}  // namespace tongbao::core
