#include "api/printable_page.h"

#include "auth/tokens.h"

namespace tongbao::api {

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

std::string printable_page_policy(std::string_view style) {
  return "default-src 'self'; script-src 'none'; style-src 'sha256-" + auth::sha256_base64(style) +
         "'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

http::Response printable_page(std::string html, const std::string& policy) {
  http::Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(html);
  r.with_header("Content-Security-Policy", policy);
  return r;
}

}  // namespace tongbao::api
