#include "api/paging.h"

#include <charconv>

#include "core/error.h"

namespace tongbao::api {
namespace {

int whole_number(const http::Request& request, const std::string& name, int fallback, int min, int max) {
  const auto text = request.query_param(name);
  if (text.empty()) return fallback;
  int value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || p != text.data() + text.size() || value < min || value > max)
    throw core::invalid(name, name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  return value;
}

}  // namespace

Paging paging_of(const http::Request& request, int default_limit, int max_limit) {
  return {whole_number(request, "limit", default_limit, 1, max_limit),
          whole_number(request, "offset", 0, 0, 1'000'000'000)};
}

void check_offset_within(const Paging& paging, long long cap) {
  if (paging.offset > cap)
    throw core::invalid("offset", "offset goes up to " + std::to_string(cap) +
                                      "; further pages are asked for by before (the next_before of a page)");
}

std::optional<long long> before_of(const http::Request& request) {
  const auto before = request.query_param("before");
  if (before.empty()) return std::nullopt;
  long long id = 0;
  const auto [end, ec] = std::from_chars(before.data(), before.data() + before.size(), id);
  if (ec != std::errc() || end != before.data() + before.size() || id < 1)
    throw core::invalid("before", "before must be the id a page ended at (a whole number from 1)");
  return id;
}

}  // namespace tongbao::api
