#pragma once
// Text written into the XML of an office document: markup characters escaped, and the control
// characters XML 1.0 cannot hold at all left out, so any text a user typed gives a well-formed part.
#include <string>
#include <string_view>

namespace tongbao::office {

// For element content and attribute values alike (quotes are escaped too).
std::string xml_escape(std::string_view text);

}  // namespace tongbao::office
