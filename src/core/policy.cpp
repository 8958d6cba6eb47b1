#include "core/policy.h"

#include <algorithm>
#include <charconv>
#include <ctime>

#include "core/time_format.h"

namespace tongbao::core {
namespace {
constexpr TimeMs kTaipeiOffsetMs = 8 * 3600 * 1000;

}  // namespace

TimeMs add_span(TimeMs t, const Span& span) {
  TimeMs out = t + span.ms;
  if (span.months == 0) return out;
  // Calendar months on Taiwan's local date, keeping the time of day.
  const TimeMs local = out + kTaipeiOffsetMs;
  std::time_t secs = static_cast<std::time_t>(local / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  int month = tm.tm_mon + span.months;
  int year = tm.tm_year + 1900 + month / 12;
  month %= 12;
  static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max_day = days_in[month] + (month == 1 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0));
  int day = std::min(tm.tm_mday, max_day);
  const TimeMs within_day = local - (local / 86'400'000) * 86'400'000;
  return days_from_civil(year, month + 1, day) * 86'400'000 + within_day - kTaipeiOffsetMs;
}

std::optional<Span> parse_span(const std::string& text) {
  long long n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  // A million of any unit is beyond every legal limit, and keeps the arithmetic far from overflow.
  if (ec != std::errc() || n <= 0 || n > 1'000'000 || p == text.data() + text.size()) return std::nullopt;
  const std::string unit(p, text.data() + text.size());
  if (unit == "m") return Span{n * 60'000, 0};
  if (unit == "h") return Span{n * 3'600'000, 0};
  if (unit == "d") return Span{n * 86'400'000, 0};
  if (unit == "mo") return Span{0, static_cast<int>(n)};
  return std::nullopt;
}

std::optional<Milestone> parse_milestone(const std::string& t) {
  if (t == "reported") return Milestone::reported;
  if (t == "filed") return Milestone::filed;
  if (t == "approved") return Milestone::approved;
  if (t == "reviewed") return Milestone::reviewed;
  if (t == "responded") return Milestone::responded;
  if (t == "resolved") return Milestone::resolved;
  if (t == "investigation_report") return Milestone::investigation_report;
  return std::nullopt;
}

std::string_view to_string(Milestone m) {
  switch (m) {
    case Milestone::reported: return "reported";
    case Milestone::filed: return "filed";
    case Milestone::approved: return "approved";
    case Milestone::reviewed: return "reviewed";
    case Milestone::responded: return "responded";
    case Milestone::resolved: return "resolved";
    case Milestone::investigation_report: return "investigation_report";
  }
  return "";
}

const LevelCriterion* find_criterion(const PolicyProfile& profile, const std::string& key) {
  for (const auto& c : profile.level_criteria)
    if (c.key == key) return &c;
  return nullptr;
}

const PolicyProfile* profile_in_force(const std::vector<PolicyProfile>& profiles, const std::string& name, TimeMs aware_at) {
  const PolicyProfile* best = nullptr;
  for (const auto& p : profiles) {
    if (p.name != name) continue;
    if (p.effective_from <= aware_at && (!best || p.effective_from > best->effective_from)) best = &p;
  }
  if (!best) {  // awareness before every version: the oldest one is the nearest rule there is
    for (const auto& p : profiles)
      if (p.name == name && (!best || p.effective_from < best->effective_from)) best = &p;
  }
  return best;
}

}  // namespace tongbao::core
