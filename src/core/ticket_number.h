#pragma once
// Ticket numbers: ISSUER-TYPE-YYYYMM-NNNN, serial per issuer, type and month (Asia/Taipei).
#include <string>

#include "core/clock.h"

namespace tongbao::core {

// "202611" for a time in November 2026, Taiwan time (UTC+8, no daylight saving).
std::string taipei_year_month(TimeMs t);
std::string format_ticket_number(const std::string& issuer_code, const std::string& type, const std::string& year_month,
                                 long long serial);

}  // namespace tongbao::core
