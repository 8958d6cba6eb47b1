#pragma once
// Requests and responses as the router and handlers see them: plain data, no Beast types, so
// handlers compile fast and can be called directly in tests.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace tongbao::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query
  std::map<std::string, std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string body_file;  // for streamed routes: a temporary file holding the body (removed afterwards)
  std::string remote;     // peer address
  std::map<std::string, std::string> path_params;  // filled by the router

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

  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// "%E4%B8%AD" -> bytes; '+' is a space only in query strings.
std::string percent_decode(std::string_view text, bool plus_is_space);
std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace tongbao::http
