#pragma once
// Parameters of the path and query string that many routes read, checked the same way everywhere.
#include <optional>
#include <string>

#include "core/time_format.h"
#include "http/message.h"

namespace tongbao::api {

// A positive whole number from the path ("/…/{id}"); else 400 naming it.
long long path_id(const http::Request& request, const std::string& name = "id");
// ?updated_since=<ISO 8601 time>, for incremental sync; else 400.
std::optional<core::TimeMs> updated_since_param(const http::Request& request);
// ?name=<ISO 8601 time> (absent: none); else 400 naming it.
std::optional<core::TimeMs> time_param(const http::Request& request, const std::string& name);
// ?name=true|false (absent: false); else 400.
bool flag_param(const http::Request& request, const std::string& name);
// ?q=<words typed in a search box>, trimmed (absent or blank: none); over 100 bytes: 400.
std::optional<std::string> search_words(const http::Request& request);

}  // namespace tongbao::api
