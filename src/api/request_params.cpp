#include "api/request_params.h"

#include <charconv>

#include "core/error.h"

namespace tongbao::api {

long long path_id(const http::Request& request, const std::string& name) {
  const auto text = request.path_param(name);
  long long id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0)
    throw core::invalid(name, name + " must be a whole number");
  return id;
}

std::optional<core::TimeMs> updated_since_param(const http::Request& request) {
  const auto text = request.query_param("updated_since");
  if (text.empty()) return std::nullopt;
  auto t = core::parse_iso8601(text);
  if (!t) throw core::invalid("updated_since", "updated_since must be a time like 2026-11-23T09:00:00Z");
  return t;
}

std::optional<core::TimeMs> time_param(const http::Request& request, const std::string& name) {
  const auto text = request.query_param(name);
  if (text.empty()) return std::nullopt;
  auto t = core::parse_iso8601(text);
  if (!t) throw core::invalid(name, name + " must be a time like 2026-11-01T00:00:00+08:00");
  return t;
}

bool flag_param(const http::Request& request, const std::string& name) {
  const auto v = request.query_param(name);
  if (v.empty() || v == "false") return false;
  if (v == "true") return true;
  throw core::invalid(name, name + " must be true or false");
}

std::optional<std::string> search_words(const http::Request& request) {
  const auto raw = request.query_param("q");
  if (raw.size() > 100) throw core::invalid("q", "A search is at most 100 bytes long.");
  const auto first = raw.find_first_not_of(" \t");
  if (first == std::string::npos) return std::nullopt;
  return raw.substr(first, raw.find_last_not_of(" \t") - first + 1);
}

}  // namespace tongbao::api
