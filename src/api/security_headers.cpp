#include "api/security_headers.h"

namespace tongbao::api {

std::string content_security_policy() {
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
         "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

std::vector<std::pair<std::string, std::string>> security_headers(bool https) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy", content_security_policy()},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},  // frame-ancestors for browsers that predate it
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  // One year; a browser that saw it goes on using HTTPS even when a link says http://.
  if (https) headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return headers;
}

}  // namespace tongbao::api
