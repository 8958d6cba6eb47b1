#pragma once
// Months and durations as a document for people writes them: the Republic of China's year in
// Chinese ("中華民國 115 年 11 月"), the month's name in English ("November 2026"), and hours with
// minutes ("3 小時 5 分", "3 h 5 min") rather than decimal hours.
#include <string>
#include <string_view>

#include "core/ticket_labels.h"

namespace tongbao::core {

// A month given as YYYY-MM; anything else comes back as it is.
std::string month_in_words(std::string_view year_month, Language lang);
// Hours rounded to the minute; a negative duration reads as none.
std::string hours_and_minutes(double hours, Language lang);

}  // namespace tongbao::core
