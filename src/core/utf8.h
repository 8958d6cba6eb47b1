#pragma once
// Text from outside (CSV files, decoded URLs) must be well-formed UTF-8 before it is stored: JSON
// cannot carry anything else, so a stray byte would fail far from where it came in.
#include <cstddef>
#include <string_view>

namespace tongbao::core {

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);
// Length in characters (code points), so a limit means the same for 中文 and ASCII.
std::size_t utf8_length(std::string_view text);

}  // namespace tongbao::core
