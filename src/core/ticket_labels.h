#pragma once
// What people call a ticket's type and state, in the two languages the platform speaks, for
// documents and downloads read by people rather than programs (the API itself gives codes).
#include <string>
#include <string_view>

#include "core/clock.h"

namespace tongbao::core {

enum class Language { zh_tw, en };

// The name of a type (INT, DEF), of a sub-category of it and of a state; an unknown code comes
// back as itself, so a newer value still reads as something.
std::string_view type_label(std::string_view type, Language lang);
std::string_view subcategory_label(std::string_view type, std::string_view subcategory, Language lang);
std::string_view state_label(std::string_view state, Language lang);
// A sub-category named without its type (the statistics count them by key alone).
std::string_view any_subcategory_label(std::string_view subcategory, Language lang);
// An early warning's sub-category and its unit's reply ("unanswered" when none came).
std::string_view warning_subcategory_label(std::string_view subcategory, Language lang);
std::string_view warning_reply_label(std::string_view reply, Language lang);
// Where an improvement item stands (planned … verified).
std::string_view improvement_status_label(std::string_view status, Language lang);
// "2 級" or "Level 2"; anything not a level comes back as it is.
std::string level_label(std::string_view level, Language lang);

// A time as the application shows it, in Taipei: "2026/12/01 14:03:05" (UTC+8, no daylight saving).
std::string format_taipei(TimeMs t);

}  // namespace tongbao::core
