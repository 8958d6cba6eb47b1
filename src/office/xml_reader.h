#pragma once
// A part of an office document read as a stream of elements with expat. Names arrive without
// their namespace prefix ("row", "id" for r:id), as OOXML writers differ in the prefixes they
// choose. A document type declaration is refused (OOXML never has one), and so entity tricks
// such as "a billion laughs" never start.
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace tongbao::office {

using XmlAttributes = std::map<std::string, std::string, std::less<>>;

struct XmlHandlers {
  std::function<void(std::string_view name, const XmlAttributes& attributes)> start;
  std::function<void(std::string_view name)> end;
  std::function<void(std::string_view text)> text;
};

// Throws core::Error (invalid, field "body") naming `part` when the XML is not well-formed.
void read_xml(std::string_view xml, const std::string& part, const XmlHandlers& handlers);

}  // namespace tongbao::office
