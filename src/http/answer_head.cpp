#include "http/answer_head.h"

#include <algorithm>
#include <boost/beast/http/status.hpp>
#include <string_view>

namespace tongbao::http {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void append_text(std::string& out, std::string_view text) {
  if (text.find_first_of("\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  for (char c : text) out += c == '\r' || c == '\n' ? ' ' : c;
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  append_text(out, name);
  out += ": ";
  append_text(out, value);
  out += "\r\n";
}

}  // namespace

DefaultHeaders::DefaultHeaders(std::vector<std::pair<std::string, std::string>> headers) : headers_(std::move(headers)) {
  for (const auto& [name, value] : headers_) append_field(joined_, name, value);
}

void DefaultHeaders::append_to(std::string& out, const std::vector<std::pair<std::string, std::string>>& except) const {
  const auto named = [&](const std::string& name) {
    return std::any_of(except.begin(), except.end(), [&](const auto& h) { return same_name(h.first, name); });
  };
  const bool any = std::any_of(headers_.begin(), headers_.end(), [&](const auto& h) { return named(h.first); });
  if (!any) {
    out += joined_;
    return;
  }
  for (const auto& [name, value] : headers_)
    if (!named(name)) append_field(out, name, value);
}

bool answer_has_no_body(int status) { return status / 100 == 1 || status == 204 || status == 304; }

std::string answer_head(const Response& response, unsigned version, bool keep_alive, std::size_t body_size,
                        const DefaultHeaders& defaults) {
  std::string out;
  out.reserve(512);
  out += "HTTP/";
  out += static_cast<char>('0' + version / 10);
  out += '.';
  out += static_cast<char>('0' + version % 10);
  out += ' ';
  out += std::to_string(response.status);
  out += ' ';
  out += boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status));
  out += "\r\nServer: tongbao\r\n";
  append_field(out, "Content-Type", response.content_type);
  for (const auto& [name, value] : response.headers) append_field(out, name, value);
  defaults.append_to(out, response.headers);
  if (!answer_has_no_body(response.status)) {
    out += "Content-Length: ";
    out += std::to_string(body_size);
    out += "\r\n";
  }
  if (version >= 11 && !keep_alive) out += "Connection: close\r\n";
  if (version < 11 && keep_alive) out += "Connection: keep-alive\r\n";
  out += "\r\n";
  return out;
}

}  // namespace tongbao::http
