#include "core/ticket_number.h"

#include <cstdio>
#include <ctime>

namespace tongbao::core {

std::string taipei_year_month(TimeMs t) {
  std::time_t secs = static_cast<std::time_t>(t / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d%02d", tm.tm_year + 1900, tm.tm_mon + 1);
  return buf;
}

std::string format_ticket_number(const std::string& issuer_code, const std::string& type, const std::string& year_month,
                                 long long serial) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld", serial);
  return issuer_code + "-" + type + "-" + year_month + "-" + buf;
}

}  // namespace tongbao::core
