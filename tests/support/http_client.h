#pragma once
// A small blocking HTTP/1.1 client over one keep-alive connection, for tests and benchmarks.
//
// When TONGBAO_RESPONSE_LOG names a folder, every response received is appended to
// <folder>/<pid>.jsonl, one JSON object a line: test, method, target, status, content_type and,
// for a JSON answer, its body. tests/support/check_responses.py then checks each against the
// schema api/openapi.json declares for that operation and status (CTest runs it after the tests).
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tongbao::test_support {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  nlohmann::json json() const;                   // the body parsed (throws if not JSON)
  std::string header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  HttpClient(std::string host, unsigned short port);
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // Sent with "Authorization: Bearer <token>" when a token is set.
  void set_token(std::string token) { token_ = std::move(token); }
  HttpResult request(const std::string& method, const std::string& target, const std::string& body = {},
                     const std::vector<std::pair<std::string, std::string>>& headers = {},
                     const std::string& content_type = "application/json");
  HttpResult get(const std::string& target) { return request("GET", target); }
  HttpResult post(const std::string& target, const nlohmann::json& body) { return request("POST", target, body.dump()); }
  HttpResult put(const std::string& target, const nlohmann::json& body) { return request("PUT", target, body.dump()); }
  HttpResult patch(const std::string& target, const nlohmann::json& body) { return request("PATCH", target, body.dump()); }
  HttpResult del(const std::string& target) { return request("DELETE", target); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string token_;
};

}  // namespace tongbao::test_support
