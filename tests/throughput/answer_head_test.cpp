// An answer held in memory leaves as one text, head and body, written without Beast's serializer:
// it must say what the serializer said. HEAD gets the length GET would send and no body; a 304
// has neither; a route's own header replaces the default of the same name; a line break inside a
// value cannot start a header of its own; Connection follows what the client asked for.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "http/answer_head.h"
#include "http/router.h"
#include "support/in_process_server.h"
#include "support/raw_http.h"

using namespace tongbao;

namespace {

http::ServerOptions with_defaults() {
  auto o = test_support::InProcessServer::one_thread();
  o.default_headers = {{"X-Frame-Options", "DENY"}, {"X-Content-Type-Options", "nosniff"}};
  return o;
}

http::Router routes() {
  http::Router router;
  router.add("GET", "/plain", [](http::Request&) {
    http::Response r;
    r.content_type = "text/plain";
    r.body = "twelve bytes";
    return r;
  });
  router.add("GET", "/unchanged", [](http::Request&) {
    http::Response r;
    r.status = 304;
    r.with_header("ETag", "\"abc\"");
    return r;
  });
  router.add("GET", "/framed", [](http::Request&) {
    http::Response r;
    r.body = "{}";
    r.with_header("x-frame-options", "SAMEORIGIN");
    r.with_header("X-Note", "one\r\nSet-Cookie: stolen=1");
    return r;
  });
  return router;
}

}  // namespace

TEST(AnswerHead, HeadAndUnchangedAnswersCarryNoBodyAndTheConnectionGoesOn) {
  auto router = routes();
  test_support::InProcessServer running(router, with_defaults());
  const auto raw = test_support::raw_exchange(running.server.port(),
                            "HEAD /plain HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /unchanged HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /plain HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  // Three answers, in order; had HEAD or the 304 carried a body, the next status line would not
  // start where its head ends.
  const auto first_end = raw.find("\r\n\r\n");
  ASSERT_NE(first_end, std::string::npos) << raw;
  const auto first = raw.substr(0, first_end + 4);
  EXPECT_EQ(first.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << first;
  EXPECT_NE(first.find("\r\nContent-Length: 12\r\n"), std::string::npos) << first;
  const auto second_end = raw.find("\r\n\r\n", first_end + 4);
  ASSERT_NE(second_end, std::string::npos) << raw;
  const auto second = raw.substr(first_end + 4, second_end + 4 - first_end - 4);
  EXPECT_EQ(second.rfind("HTTP/1.1 304 Not Modified\r\n", 0), 0u) << raw;
  EXPECT_EQ(second.find("Content-Length"), std::string::npos) << second;
  EXPECT_NE(second.find("\r\nETag: \"abc\"\r\n"), std::string::npos) << second;
  const auto third = raw.substr(second_end + 4);
  EXPECT_EQ(third.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << raw;
  EXPECT_NE(third.find("\r\nConnection: close\r\n"), std::string::npos) << third;
  EXPECT_EQ(third.substr(third.size() - 16), "\r\n\r\ntwelve bytes") << third;
  EXPECT_NE(third.find("\r\nX-Frame-Options: DENY\r\n"), std::string::npos) << third;
  EXPECT_NE(third.find("\r\nX-Content-Type-Options: nosniff\r\n"), std::string::npos) << third;
  EXPECT_NE(third.find("\r\nServer: tongbao\r\nContent-Type: text/plain\r\n"), std::string::npos) << third;
}

TEST(AnswerHead, ARoutesOwnHeaderWinsAndALineBreakCannotAddAHeader) {
  auto router = routes();
  test_support::InProcessServer running(router, with_defaults());
  const auto raw = test_support::raw_exchange(running.server.port(), "GET /framed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(raw.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << raw;
  EXPECT_NE(raw.find("\r\nx-frame-options: SAMEORIGIN\r\n"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("DENY"), std::string::npos) << "the default gives way to the route's own: " << raw;
  EXPECT_NE(raw.find("\r\nX-Content-Type-Options: nosniff\r\n"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("\r\nSet-Cookie"), std::string::npos) << raw;
  EXPECT_NE(raw.find("\r\nX-Note: one  Set-Cookie: stolen=1\r\n"), std::string::npos) << raw;
}

TEST(AnswerHead, AnOldClientKeptAliveIsToldSo) {
  auto router = routes();
  test_support::InProcessServer running(router, with_defaults());
  // HTTP/1.0 closes unless asked; asked, the answer says keep-alive and the next request is served.
  const auto raw = test_support::raw_exchange(running.server.port(),
                            "GET /plain HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                            "GET /plain HTTP/1.0\r\n\r\n");
  const auto second = raw.find("HTTP/1.0 200 OK\r\n", 1);
  ASSERT_EQ(raw.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << raw;
  ASSERT_NE(second, std::string::npos) << raw;
  EXPECT_NE(raw.substr(0, second).find("\r\nConnection: keep-alive\r\n"), std::string::npos) << raw;
  EXPECT_EQ(raw.substr(second).find("Connection:"), std::string::npos) << raw;
}

TEST(AnswerHead, TheHeadNamesTheStatusAndLengthAsBeastDid) {
  const http::DefaultHeaders defaults(std::vector<std::pair<std::string, std::string>>{{"Referrer-Policy", "no-referrer"}});
  http::Response r;
  r.status = 404;
  r.body = "{}";
  EXPECT_EQ(http::answer_head(r, 11, true, r.body.size(), defaults),
            "HTTP/1.1 404 Not Found\r\nServer: tongbao\r\nContent-Type: application/json\r\n"
            "Referrer-Policy: no-referrer\r\nContent-Length: 2\r\n\r\n");
  r.status = 204;
  EXPECT_EQ(http::answer_head(r, 11, false, 0, defaults),
            "HTTP/1.1 204 No Content\r\nServer: tongbao\r\nContent-Type: application/json\r\n"
            "Referrer-Policy: no-referrer\r\nConnection: close\r\n\r\n");
}

// A file answered to HEAD (an attachment's download): its length, and none of its bytes, which
// the client would take for the start of the next answer.
TEST(AnswerHead, HeadOfAFileSendsItsLengthAndNotTheFile) {
  const auto path = std::filesystem::temp_directory_path() / ("answer-head-" + std::to_string(::getpid()) + ".bin");
  {
    std::ofstream file(path, std::ios::binary);
    file << std::string(5000, 'x');
  }
  http::Router router = routes();
  router.add("GET", "/file", [path](http::Request&) {
    http::Response r;
    r.content_type = "application/octet-stream";
    r.file_path = path.string();
    return r;
  });
  test_support::InProcessServer running(router, with_defaults());
  const auto raw = test_support::raw_exchange(running.server.port(),
                            "HEAD /file HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /plain HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::filesystem::remove(path);
  const auto first_end = raw.find("\r\n\r\n");
  ASSERT_NE(first_end, std::string::npos) << raw;
  EXPECT_NE(raw.substr(0, first_end).find("\r\nContent-Length: 5000"), std::string::npos) << raw.substr(0, first_end);
  EXPECT_EQ(raw.compare(first_end + 4, 17, "HTTP/1.1 200 OK\r\n"), 0) << raw.substr(first_end + 4, 80);
  EXPECT_EQ(raw.find("xxxx"), std::string::npos);
}
