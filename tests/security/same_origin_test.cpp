// Which requests count as coming from a page of another site.
#include <gtest/gtest.h>

#include "api/same_origin.h"

using tongbao::api::is_cross_site;
using tongbao::http::Request;

namespace {

Request with(std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.method = "POST";
  r.headers = std::move(headers);
  return r;
}

}  // namespace

TEST(SameOrigin, OriginAgainstHost) {
  EXPECT_FALSE(is_cross_site(with({{"host", "127.0.0.1:8080"}, {"origin", "http://127.0.0.1:8080"}}), ""));
  EXPECT_FALSE(is_cross_site(with({{"host", "Report.Example.edu.tw"}, {"origin", "https://report.example.edu.tw:443"}}), ""));
  EXPECT_TRUE(is_cross_site(with({{"host", "127.0.0.1:8080"}, {"origin", "http://127.0.0.1:8081"}}), ""));
  EXPECT_TRUE(is_cross_site(with({{"host", "127.0.0.1:8080"}, {"origin", "http://127.0.0.1:8080.evil.example"}}), ""));
  EXPECT_TRUE(is_cross_site(with({{"host", "127.0.0.1:8080"}, {"origin", "null"}}), ""));
  EXPECT_TRUE(is_cross_site(with({{"origin", "http://127.0.0.1:8080"}}), "")) << "no Host: nothing to match";
  // Programs send neither header.
  EXPECT_FALSE(is_cross_site(with({{"host", "127.0.0.1:8080"}}), ""));
}

TEST(SameOrigin, PublicUrlBehindAProxy) {
  const std::string url = "https://report.example.edu.tw/";
  EXPECT_FALSE(is_cross_site(with({{"host", "10.0.0.5:8080"}, {"origin", "https://report.example.edu.tw"}}), url));
  EXPECT_TRUE(is_cross_site(with({{"host", "10.0.0.5:8080"}, {"origin", "http://report.example.edu.tw"}}), url))
      << "another scheme is another origin";
  EXPECT_TRUE(is_cross_site(with({{"host", "10.0.0.5:8080"}, {"origin", "https://evil.example"}}), url));
}

TEST(SameOrigin, FetchMetadata) {
  EXPECT_TRUE(is_cross_site(with({{"host", "a:1"}, {"sec-fetch-site", "cross-site"}}), ""));
  EXPECT_FALSE(is_cross_site(with({{"host", "a:1"}, {"sec-fetch-site", "same-origin"}, {"origin", "http://a:1"}}), ""));
  EXPECT_FALSE(is_cross_site(with({{"host", "a:1"}, {"sec-fetch-site", "none"}}), ""));
  EXPECT_TRUE(is_cross_site(with({{"host", "a:1"}, {"sec-fetch-site", "same-site"}, {"origin", "http://b.a:1"}}), ""));
}
