#pragma once
// Requests and responses as the router and handlers see them: plain data, no Beast types, so
// handlers compile fast and can be called directly in tests.
#include <chrono>
#include <map>
#include <memory>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ip_range.h"

namespace tongbao::http {

// What the access log says of a request, filled as it passes through: the route's pattern (by the
// router) and who called (by the API's caller check). Shared with the answer, which may come later
// from another thread.
struct RequestLog {
  std::string id;     // also sent back as X-Request-Id and inside every error body
  std::string route;  // "/api/v1/incidents/{id}"; empty when no route matched
  std::string actor;  // "unit OID contact N" or "unit OID api_key N"
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query
  std::map<std::string, std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string body_file;  // for streamed routes: a temporary file holding the body (removed afterwards)
  std::string remote;     // peer address
  std::map<std::string, std::string> path_params;  // filled by the router
  std::shared_ptr<RequestLog> log;                 // null outside the server (tests, tools)

  // Empty when absent. Names are case-insensitive (pass them lower-case).
  std::string header(const std::string& lower_name) const;
  std::string query_param(const std::string& name, const std::string& fallback = {}) const;
  std::string path_param(const std::string& name) const;
  std::string cookie(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string file_path;  // when set, the body is this file, sent from disk without loading it
  // When set, the body follows `body` piece by piece (chunked): called until it returns "", each
  // time as the previous piece has gone, so a large answer is never held whole. It runs on the
  // request threads; what it throws cuts the answer short (the status has gone already).
  std::function<std::string()> next_piece;
  std::string log_detail; // for the error log only (what went wrong inside), never sent

  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// Who is calling: the peer's address, unless the peer is one of the trusted proxies and names the
// client in X-Forwarded-For (all such headers, in order, as one comma-separated list). Then the
// list is read from the right, past addresses that are trusted proxies themselves, and the first
// other address is the client; an entry that is not an address stops the walk at the last one
// believed. Without trusted proxies the header is ignored: anyone can send it. Addresses come
// back in canonical text, an IPv4-mapped IPv6 address as IPv4.
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<core::IpRange>& trusted_proxies);

// "%E4%B8%AD" -> bytes; '+' is a space only in query strings.
std::string percent_decode(std::string_view text, bool plus_is_space);
std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace tongbao::http
