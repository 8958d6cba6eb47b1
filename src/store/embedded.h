#pragma once
// Files compiled into the binary by cmake/embed.cmake.
#include <string_view>
#include <vector>

namespace tongbao::embedded {

struct Migration {
  std::string_view name;  // "0001_organisation.sql": the number orders them
  std::string_view sql;
};

const std::vector<Migration>& migrations();
std::string_view openapi_document();

}  // namespace tongbao::embedded
