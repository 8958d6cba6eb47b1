#pragma once
// The status line and header of an answer whose body is in memory, as one text: written with the
// body in a single gather write, without a serializer walking the fields one by one.
#include <string>
#include <utility>
#include <vector>

#include "http/message.h"

namespace tongbao::http {

// The headers every answer carries unless it sets the same header itself (security headers),
// joined once.
class DefaultHeaders {
 public:
  explicit DefaultHeaders(std::vector<std::pair<std::string, std::string>> headers);
  const std::vector<std::pair<std::string, std::string>>& list() const { return headers_; }
  // "Name: value\r\n" for each, those named in `except` (case-insensitive) left out.
  void append_to(std::string& out, const std::vector<std::pair<std::string, std::string>>& except) const;

 private:
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string joined_;
};

// Whether an answer of this status carries no body, nor a length for one (1xx, 204 and 304).
bool answer_has_no_body(int status);

// What Beast writes for the same response: the status line; Server, Content-Type, the answer's own
// headers in order, the defaults it does not set; Content-Length (none for 1xx, 204 and 304, whose
// body must be empty); Connection as keep-alive asks for HTTP/1.0 and 1.1. A carriage return or
// line feed inside a name or value is written as a space: a header cannot end early.
// `body_size` is the length of the body GET would send, also for HEAD.
std::string answer_head(const Response& response, unsigned version, bool keep_alive, std::size_t body_size,
                        const DefaultHeaders& defaults);

}  // namespace tongbao::http
