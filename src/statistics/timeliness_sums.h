#pragma once
// Timeliness per unit (or per reviewing centre) summed from stored rows and single tickets.
// Counters add up as they come. The durations' histograms are only gathered (the stored text, the
// single durations), then summed one unit at a time at the end in one reused array: the whole
// tree over many periods is thousands of units times several rows, and an array per unit would
// make the memory, not the reading, the cost.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/statistics_rollup.h"
#include "statistics/statistics_service.h"
#include "store/statistics_rollup_store.h"

namespace tongbao::statistics {

class TimelinessSums {
 public:
  // sign 1 adds, -1 takes away (the sums read a period as a larger one less what lies outside).
  void add_row(long long key, const store::statistics_rollup::TimelinessRow& row, int sign);
  void add_ticket(long long key, const core::TicketTimeliness& ticket, int sign);
  void add_warning(long long key, bool answered_in_time, bool false_positive);
  // Each key's figures with distributions and shares worked out (unit names left empty).
  void finish(const std::function<void(long long key, Timeliness& figures)>& fn);

 private:
  struct Acc {
    Timeliness t;
    long long late_ms = 0;
  };
  struct StoredHistograms {  // one row's three histograms, as text in texts_
    size_t acc;
    int sign;
    size_t at;
    std::array<std::uint32_t, 3> length;  // to report, to review, to recovery
  };
  struct Single {  // eight bytes: a period's tickets are hundreds of thousands of these
    std::uint32_t acc;
    std::int16_t bucket;  // of core::duration_bucket: they end at ten years, bucket 5,000 and some
    std::int8_t which;    // 0 to report, 1 to review, 2 to recovery
    std::int8_t sign;
  };
  Acc& acc(long long key, size_t* index = nullptr);

  std::unordered_map<long long, size_t> index_of_;
  std::vector<long long> keys_;
  std::vector<Acc> accs_;
  std::string texts_;
  std::vector<StoredHistograms> stored_;
  std::vector<Single> singles_;
};

}  // namespace tongbao::statistics
