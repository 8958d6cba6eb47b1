#pragma once
// A QR code drawn as SVG (libqrencode), so an enrolment page shows it without any script or image
// library: one path of dark modules inside a quiet zone of four.
#include <string>
#include <string_view>

namespace tongbao::auth {

// Throws std::runtime_error when the text does not fit a QR code.
std::string qr_code_svg(std::string_view text);

}  // namespace tongbao::auth
