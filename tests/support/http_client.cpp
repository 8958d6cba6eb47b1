#include "support/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <mutex>
#include <unistd.h>

namespace tongbao::test_support {

namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = boost::asio::ip::tcp;

nlohmann::json HttpResult::json() const { return nlohmann::json::parse(body); }

std::string HttpResult::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

namespace {

bool is_json_media_type(std::string type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "application/json" || (type.size() > 5 && type.ends_with("+json"));
}

// Appends one response to the folder TONGBAO_RESPONSE_LOG names, if it names one.
void record_response(const std::string& method, const std::string& target, const HttpResult& result) {
  static const char* folder = std::getenv("TONGBAO_RESPONSE_LOG");
  if (folder == nullptr || *folder == '\0') return;
  const auto content_type = result.header("content-type");
  nlohmann::json line{{"method", method}, {"target", target}, {"status", result.status}, {"content_type", content_type}};
  if (const auto* test = ::testing::UnitTest::GetInstance()->current_test_info()) {
    static const bool on_postgres = std::getenv("TONGBAO_TEST_POSTGRES_URL_FILE") != nullptr;
    line["test"] = std::string(test->test_suite_name()) + "." + test->name() + (on_postgres ? "@postgres" : "");
  }
  if (is_json_media_type(content_type)) line["body"] = result.body;
  const auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::error_code ignored;
  std::filesystem::create_directories(folder, ignored);
  const auto file = std::string(folder) + "/" + std::to_string(::getpid()) + ".jsonl";
  if (std::FILE* out = std::fopen(file.c_str(), "a")) {
    std::fwrite(text.data(), 1, text.size(), out);
    std::fclose(out);
  }
}

}  // namespace

struct HttpClient::Impl {
  std::string host;
  unsigned short port;
  boost::asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  void connect() {
    stream.emplace(ioc);
    tcp::resolver resolver(ioc);
    stream->connect(resolver.resolve(host, std::to_string(port)));
    buffer.clear();
  }
};

HttpClient::HttpClient(std::string host, unsigned short port) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

HttpClient::~HttpClient() {
  if (impl_ && impl_->stream) {
    beast::error_code ec;
    impl_->stream->socket().shutdown(tcp::socket::shutdown_both, ec);
  }
}

HttpResult HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const std::string& content_type) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, impl_->host);
  if (!token_.empty()) req.set(bhttp::field::authorization, "Bearer " + token_);
  for (auto& [name, value] : headers) req.set(name, value);
  if (!body.empty()) {
    req.set(bhttp::field::content_type, content_type);
    req.body() = body;
  }
  req.keep_alive(true);
  req.prepare_payload();
  // One retry on a fresh connection: the server may have closed an idle keep-alive one.
  for (int attempt = 0;; ++attempt) {
    try {
      if (!impl_->stream) impl_->connect();
      bhttp::write(*impl_->stream, req);
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(256 * 1024 * 1024);
      if (method == "HEAD") parser.skip(true);  // the header describes a body that does not follow
      bhttp::read(*impl_->stream, impl_->buffer, parser);
      auto res = parser.release();
      HttpResult out;
      out.status = res.result_int();
      out.body = res.body();
      for (const auto& f : res) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers[name] = std::string(f.value());
      }
      if (!res.keep_alive()) impl_->stream.reset();
      record_response(method, target, out);
      return out;
    } catch (const std::exception&) {
      impl_->stream.reset();
      if (attempt >= 1) throw;
    }
  }
}

}  // namespace tongbao::test_support
