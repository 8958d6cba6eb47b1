#include "statistics/timeliness_sums.h"

#include "core/duration_histogram.h"

namespace tongbao::statistics {
namespace {

Distribution distribution(const core::HistogramSum& h) {
  Distribution d;
  d.n = h.total();
  if (auto m = h.quantile(0.5)) d.median_hours = *m / 3'600'000.0;
  if (auto p = h.quantile(0.9)) d.p90_hours = *p / 3'600'000.0;
  return d;
}

// Positions of items ordered by their acc (a counting sort: the accs are numbered 0..n-1).
template <typename Item>
std::vector<size_t> order_by_acc(const std::vector<Item>& items, size_t accs, std::vector<size_t>& starts) {
  starts.assign(accs + 1, 0);
  for (const auto& i : items) ++starts[i.acc + 1];
  for (size_t a = 0; a < accs; ++a) starts[a + 1] += starts[a];
  std::vector<size_t> order(items.size()), next(starts.begin(), starts.end() - 1);
  for (size_t i = 0; i < items.size(); ++i) order[next[items[i].acc]++] = i;
  return order;
}

}  // namespace

TimelinessSums::Acc& TimelinessSums::acc(long long key, size_t* index) {
  auto [it, added] = index_of_.try_emplace(key, accs_.size());
  if (added) {
    keys_.push_back(key);
    accs_.emplace_back();
  }
  if (index) *index = it->second;
  return accs_[it->second];
}

void TimelinessSums::add_row(long long key, const store::statistics_rollup::TimelinessRow& r, int sign) {
  size_t index;
  auto& a = acc(key, &index);
  a.t.incidents += sign * r.incidents;
  a.t.late_reports += sign * r.late_reports;
  a.late_ms += sign * r.late_ms;
  a.t.raised_by_reviewer += sign * r.raised;
  a.t.under_reported += sign * r.under_reported;
  a.t.support_requested += sign * r.support_requested;
  a.t.accepted_below_computed += sign * r.accepted_below_computed;
  a.t.entered_long_after += sign * r.entered_long_after;
  StoredHistograms h{index, sign, texts_.size(), {}};
  int i = 0;
  for (std::string_view text : {r.to_report, r.to_review, r.to_recovery}) {
    texts_.append(text);
    h.length[i++] = static_cast<std::uint32_t>(text.size());
  }
  stored_.push_back(h);
}

void TimelinessSums::add_ticket(long long key, const core::TicketTimeliness& f, int sign) {
  size_t index;
  auto& a = acc(key, &index);
  a.t.incidents += sign;
  if (f.late_by) a.t.late_reports += sign, a.late_ms += sign * *f.late_by;
  a.t.raised_by_reviewer += sign * f.raised;
  a.t.under_reported += sign * f.under_reported;
  a.t.support_requested += sign * f.support_requested;
  a.t.accepted_below_computed += sign * f.accepted_below_computed;
  a.t.entered_long_after += sign * f.entered_long_after;
  auto single = [&](std::int8_t which, core::TimeMs duration) {
    singles_.push_back({static_cast<std::uint32_t>(index), static_cast<std::int16_t>(core::duration_bucket(duration)),
                        which, static_cast<std::int8_t>(sign)});
  };
  single(0, f.to_report);
  if (f.to_review) single(1, *f.to_review);
  if (f.to_recovery) single(2, *f.to_recovery);
}

void TimelinessSums::add_warning(long long key, bool answered_in_time, bool false_positive) {
  auto& a = acc(key);
  ++a.t.warnings;
  a.t.warnings_answered_in_time += answered_in_time;
  a.t.warnings_false_positive += false_positive;
}

void TimelinessSums::finish(const std::function<void(long long, Timeliness&)>& fn) {
  std::vector<size_t> stored_starts, single_starts;
  const auto stored_order = order_by_acc(stored_, accs_.size(), stored_starts);
  const auto single_order = order_by_acc(singles_, accs_.size(), single_starts);
  std::array<core::HistogramSum, 3> sums;  // to report, to review, to recovery; reused unit after unit
  for (size_t i = 0; i < accs_.size(); ++i) {
    for (size_t k = stored_starts[i]; k < stored_starts[i + 1]; ++k) {
      const auto& h = stored_[stored_order[k]];
      size_t at = h.at;
      for (int which = 0; which < 3; ++which) {
        sums[which].add_encoded(std::string_view(texts_).substr(at, h.length[which]), h.sign);
        at += h.length[which];
      }
    }
    for (size_t k = single_starts[i]; k < single_starts[i + 1]; ++k) {
      const auto& s = singles_[single_order[k]];
      sums[static_cast<size_t>(s.which)].add(core::bucket_start(s.bucket), s.sign);
    }
    auto& a = accs_[i];
    a.t.awareness_to_report = distribution(sums[0]);
    a.t.report_to_review = distribution(sums[1]);
    a.t.awareness_to_recovery = distribution(sums[2]);
    for (auto& s : sums) s.clear();
    if (a.t.incidents) {
      a.t.late_share = static_cast<double>(a.t.late_reports) / a.t.incidents;
      a.t.raised_share = static_cast<double>(a.t.raised_by_reviewer) / a.t.incidents;
    }
    if (a.t.late_reports) a.t.mean_hours_late = static_cast<double>(a.late_ms) / 3'600'000.0 / a.t.late_reports;
    if (a.t.warnings) {
      a.t.warnings_in_time_share = static_cast<double>(a.t.warnings_answered_in_time) / a.t.warnings;
      a.t.false_positive_share = static_cast<double>(a.t.warnings_false_positive) / a.t.warnings;
    }
    fn(keys_[i], a.t);
  }
}

}  // namespace tongbao::statistics
