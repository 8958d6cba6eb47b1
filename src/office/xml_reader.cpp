#include "office/xml_reader.h"

#include <expat.h>

#include <climits>
#include <exception>
#include <memory>

#include "core/error.h"

namespace tongbao::office {
namespace {

struct State {
  XML_Parser parser;
  const XmlHandlers* handlers;
  std::string problem;
  std::exception_ptr thrown;  // from a handler: rethrown once expat has stopped
};

std::string_view local_name(const XML_Char* name) {
  std::string_view n(name);
  const auto bar = n.rfind('|');  // XML_ParserCreateNS joins namespace and name with '|'
  return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

void stop(State& s, std::string problem) {
  if (s.problem.empty()) s.problem = std::move(problem);
  XML_StopParser(s.parser, XML_FALSE);
}

template <typename F>
void guarded(State& s, F&& f) {
  if (!s.problem.empty() || s.thrown) return;
  try {
    f();
  } catch (...) {
    s.thrown = std::current_exception();
    XML_StopParser(s.parser, XML_FALSE);
  }
}

}  // namespace

void read_xml(std::string_view xml, const std::string& part, const XmlHandlers& handlers) {
  auto refuse = [&](const std::string& why) {
    throw core::Error(core::ErrorKind::invalid, "invalid_file", "the file's part " + part + " " + why, "body");
  };
  if (xml.size() > static_cast<std::size_t>(INT_MAX)) refuse("is too large");
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(XML_ParserCreateNS(nullptr, '|'),
                                                                                        &XML_ParserFree);
  if (!parser) throw std::bad_alloc();
  State state{parser.get(), &handlers, {}, nullptr};
  XML_SetUserData(parser.get(), &state);
  XML_SetStartDoctypeDeclHandler(parser.get(), [](void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    stop(*static_cast<State*>(data), "has a document type declaration, which office documents never have");
  });
  XML_SetElementHandler(
      parser.get(),
      [](void* data, const XML_Char* name, const XML_Char** attributes) {
        auto& s = *static_cast<State*>(data);
        guarded(s, [&] {
          if (!s.handlers->start) return;
          XmlAttributes a;
          for (auto p = attributes; p && *p; p += 2) a.emplace(std::string(local_name(p[0])), p[1]);
          s.handlers->start(local_name(name), a);
        });
      },
      [](void* data, const XML_Char* name) {
        auto& s = *static_cast<State*>(data);
        guarded(s, [&] {
          if (s.handlers->end) s.handlers->end(local_name(name));
        });
      });
  XML_SetCharacterDataHandler(parser.get(), [](void* data, const XML_Char* text, int length) {
    auto& s = *static_cast<State*>(data);
    guarded(s, [&] {
      if (s.handlers->text) s.handlers->text(std::string_view(text, static_cast<std::size_t>(length)));
    });
  });
  const auto status = XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
  if (state.thrown) std::rethrow_exception(state.thrown);
  if (!state.problem.empty()) refuse(state.problem);
  if (status != XML_STATUS_OK)
    refuse("is not well-formed XML (line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
           XML_ErrorString(XML_GetErrorCode(parser.get())) + ")");
}

}  // namespace tongbao::office
