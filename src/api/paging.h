#pragma once
// limit/offset from the query string, checked.
#include "http/message.h"

namespace tongbao::api {

struct Paging {
  int limit;
  int offset;
};
// Throws a 400 naming "limit" or "offset" when they are not whole numbers in range.
Paging paging_of(const http::Request& request, int default_limit = 100, int max_limit = 1000);

}  // namespace tongbao::api
