#pragma once
// The picture of a captcha: digits drawn as jittered strokes among noise lines, as SVG paths (no
// text elements, so the answer is not in the markup). Pure: the caller brings the randomness.
#include <cstdint>
#include <string>
#include <string_view>

namespace tongbao::core {

std::string captcha_svg(std::string_view digits, std::uint64_t seed);
// "data:image/svg+xml;base64,...", for an <img src>.
std::string svg_data_url(std::string_view svg);

}  // namespace tongbao::core
