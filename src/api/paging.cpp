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

}  // namespace tongbao::api
