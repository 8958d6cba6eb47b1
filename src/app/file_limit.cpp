#include "app/file_limit.h"

#include <sys/resource.h>

#include <algorithm>

namespace tongbao::app {

std::size_t raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY) return static_cast<std::size_t>(1) << 20;
  return static_cast<std::size_t>(limit.rlim_cur);
}

std::size_t connection_cap(std::size_t configured, std::size_t open_file_limit) {
  const std::size_t reserve = 64 + open_file_limit / 8;
  const std::size_t room = open_file_limit > reserve + 16 ? open_file_limit - reserve : 16;
  return std::max<std::size_t>(1, std::min(configured, room));
}

}  // namespace tongbao::app
