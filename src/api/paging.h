#pragma once
// limit/offset from the query string, checked.
#include <optional>

#include "http/message.h"

namespace tongbao::api {

struct Paging {
  int limit;
  int offset;
};
// Throws a 400 naming "limit" or "offset" when they are not whole numbers in range.
Paging paging_of(const http::Request& request, int default_limit = 100, int max_limit = 1000);
// Offsets reach as far as a list's total is counted (`cap`); beyond, pages follow one another by
// `before`. Throws a 400 naming "offset" past it.
void check_offset_within(const Paging& paging, long long cap);
// `before`: the id a page ended at (its `next_before`), for the next page; none when not given.
// Throws a 400 naming "before" when it is not a whole number from 1.
std::optional<long long> before_of(const http::Request& request);

}  // namespace tongbao::api
