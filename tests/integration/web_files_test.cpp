// The web application's files: the copy compressed at build that the browser accepts, a 404 for a
// file that is not there, and index.html for the application's own paths.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/server_process.h"
#include "support/temp_dir.h"

using namespace tongbao::test_support;

namespace {
void write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}
}  // namespace

TEST(WebFiles, TheCompressedCopyTheBrowserAcceptsIsSent) {
  TempDir web;
  write(web.file("index.html"), "<!doctype html><title>t</title>");
  write(web.file("assets/app.js"), "plain script");
  write(web.file("assets/app.js.gz"), "gzip bytes");
  write(web.file("assets/app.js.br"), "brotli bytes");
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--web-root", web.path().string()}});
  auto c = server.client();

  auto br = c.request("GET", "/assets/app.js", "", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.status, 200);
  EXPECT_EQ(br.body, "brotli bytes");
  EXPECT_EQ(br.header("content-encoding"), "br");
  EXPECT_EQ(br.header("vary"), "Accept-Encoding");
  EXPECT_EQ(br.header("content-type"), "text/javascript; charset=utf-8");

  auto gz = c.request("GET", "/assets/app.js", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.body, "gzip bytes");
  EXPECT_EQ(gz.header("content-encoding"), "gzip");

  auto refused = c.request("GET", "/assets/app.js", "", {{"Accept-Encoding", "br;q=0, gzip;q=0.5"}});
  EXPECT_EQ(refused.body, "gzip bytes") << "br refused with q=0";

  auto plain = c.get("/assets/app.js");
  EXPECT_EQ(plain.body, "plain script");
  EXPECT_EQ(plain.header("content-encoding"), "");
}

TEST(WebFiles, AMissingFileIs404AndTheApplicationsPathsGetItsPage) {
  TempDir web;
  write(web.file("index.html"), "<!doctype html><title>the application</title>");
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--web-root", web.path().string()}});
  auto c = server.client();
  for (const char* missing : {"/robots.txt", "/assets/index-0ld.js", "/favicon.ico"}) {
    auto r = c.get(missing);
    EXPECT_EQ(r.status, 404) << missing;
    EXPECT_EQ(r.body.find("the application"), std::string::npos) << missing;
  }
  for (const char* page : {"/", "/incidents/12", "/forgot-password", "/units/2.16.886.111.90000.31"}) {
    auto r = c.get(page);
    EXPECT_EQ(r.status, 200) << page;
    EXPECT_NE(r.body.find("the application"), std::string::npos) << page;
  }
}

// Started by a service manager from /, with no --web-root or --geoip-db: the server still finds the
// web application and the country database beside its binary, not beside the folder it started in.
TEST(WebFiles, AServerStartedFromAnotherFolderFindsWhatItShipsWith) {
  ServerProcess server({.demo = true, .test_clock = true, .wrapper = {"/usr/bin/env", "-C", "/"}});
  auto c = server.client();
  auto page = c.get("/incidents/1");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<!doctype html>"), std::string::npos) << page.body.substr(0, 200);
  c.set_token(sign_in(c, "2.16.886.111.90000.3", "kaohsiung"));
  auto countries = c.get("/api/v1/statistics/source-countries");
  EXPECT_EQ(countries.status, 200) << "not a configuration error for the people reading statistics: " << countries.body;
  EXPECT_EQ(server.output().find("No country database found"), std::string::npos);
}
