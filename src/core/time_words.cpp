#include "core/time_words.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace tongbao::core {

std::string month_in_words(std::string_view ym, Language lang) {
  const bool shaped = ym.size() == 7 && ym[4] == '-' &&
                      std::all_of(ym.begin(), ym.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!shaped) return std::string(ym);
  const int year = std::stoi(std::string(ym.substr(0, 4)));
  const int month = std::stoi(std::string(ym.substr(5, 2)));
  if (month < 1 || month > 12) return std::string(ym);
  if (lang == Language::en) {
    static constexpr std::array<const char*, 12> names = {"January", "February", "March",     "April",   "May",      "June",
                                                          "July",    "August",   "September", "October", "November", "December"};
    return std::string(names[month - 1]) + " " + std::to_string(year);
  }
  // The Minguo calendar counts from 1912, year 1.
  return "中華民國 " + std::to_string(year - 1911) + " 年 " + std::to_string(month) + " 月";
}

std::string hours_and_minutes(double hours, Language lang) {
  const long long total = std::isfinite(hours) && hours > 0 ? std::llround(hours * 60) : 0;
  const long long h = total / 60, m = total % 60;
  const bool en = lang == Language::en;
  std::string out;
  if (h > 0) out = std::to_string(h) + (en ? " h" : " 小時");
  if (m > 0 || h == 0) out += (out.empty() ? "" : " ") + std::to_string(m) + (en ? " min" : " 分");
  return out;
}

}  // namespace tongbao::core
