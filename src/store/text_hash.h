#pragma once
// A hash for maps keyed by text that are looked up with a string_view or a literal, without
// copying the text into a std::string first (C++20 heterogeneous lookup; pair with
// std::equal_to<>).
#include <cstddef>
#include <functional>
#include <string_view>

namespace tongbao::store {

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

}  // namespace tongbao::store
