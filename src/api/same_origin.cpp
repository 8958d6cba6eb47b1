#include "api/same_origin.h"

#include <algorithm>
#include <cctype>

namespace tongbao::api {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "host:port" without the scheme's default port, lower-case.
std::string authority(std::string host_port, const std::string& scheme) {
  host_port = lower(std::move(host_port));
  const std::string default_port = scheme == "https" ? ":443" : scheme == "http" ? ":80" : "";
  if (!default_port.empty() && host_port.size() > default_port.size() &&
      host_port.compare(host_port.size() - default_port.size(), default_port.size(), default_port) == 0)
    host_port.resize(host_port.size() - default_port.size());
  return host_port;
}

struct Origin {
  std::string scheme, authority;
};

// "https://report.example.edu.tw[:443][/path]" -> {https, report.example.edu.tw}; empty when not a URL.
Origin parse_origin(const std::string& url) {
  const auto sep = url.find("://");
  if (sep == std::string::npos || sep == 0) return {};
  const std::string scheme = lower(url.substr(0, sep));
  const auto rest = url.substr(sep + 3);
  const auto host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty()) return {};
  return {scheme, authority(host, scheme)};
}

}  // namespace

bool is_unsafe_method(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool is_cross_site(const http::Request& request, const std::string& public_url) {
  if (lower(request.header("sec-fetch-site")) == "cross-site") return true;
  const std::string origin_header = request.header("origin");
  if (origin_header.empty()) return false;
  const Origin origin = parse_origin(origin_header);
  if (origin.authority.empty()) return true;  // "null" (sandboxed frames, data: pages) or nonsense
  if (!public_url.empty()) {
    const Origin own = parse_origin(public_url);
    if (own.scheme == origin.scheme && own.authority == origin.authority) return false;
  }
  // The Host header names this server as the browser reached it; a page of another site cannot change it.
  const std::string host = request.header("host");
  return host.empty() || authority(host, origin.scheme) != origin.authority;
}

}  // namespace tongbao::api
