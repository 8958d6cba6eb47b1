// Every kind of answer carries the headers that keep a browser from framing, sniffing or leaking it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;

namespace {

void expect_protected(const HttpResult& r, const std::string& what) {
  SCOPED_TRACE(what);
  const auto csp = r.header("content-security-policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << csp;
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
}

}  // namespace

TEST(ResponseHeaders, EveryKindOfAnswer) {
  TempDir web;
  std::ofstream(web.file("index.html")) << "<!doctype html><title>t</title><script type=\"module\" src=\"/assets/app.js\"></script>";
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--web-root", web.path().string()}});
  auto anonymous = server.client();
  expect_protected(anonymous.get("/api/v1/health"), "API JSON");
  expect_protected(anonymous.get("/api/v1/no-such-thing"), "API error");
  expect_protected(anonymous.get("/"), "web application");
  expect_protected(anonymous.get("/incidents/12"), "web application route");
  expect_protected(anonymous.request("POST", "/api/v1/health", std::string(20 * 1024 * 1024, 'x')), "refused by the server itself");

  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  expect_protected(cert.get("/api/v1/units/export"), "CSV export");
  expect_protected(cert.get("/api/v1/incidents/export"), "incident CSV export");
  expect_protected(cert.get("/api/v1/statistics/counts?format=csv"), "statistics CSV");
  auto report = cert.get("/api/v1/reports/monthly?month=2026-11");
  ASSERT_EQ(report.status, 200);
  expect_protected(report, "monthly report");
  // Its stylesheet is allowed by its hash, not by allowing inline styles.
  EXPECT_NE(report.header("content-security-policy").find("style-src 'sha256-"), std::string::npos);
  EXPECT_EQ(report.body.find(" style=\""), std::string::npos);
  // Served over plain HTTP: no HSTS.
  EXPECT_EQ(anonymous.get("/api/v1/health").header("strict-transport-security"), "");
}

TEST(ResponseHeaders, StrictTransportSecurityWithSecureCookies) {
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--secure-cookies"}});
  auto c = server.client();
  const auto hsts = c.get("/api/v1/health").header("strict-transport-security");
  EXPECT_NE(hsts.find("max-age="), std::string::npos) << hsts;
  EXPECT_GE(std::stol(hsts.substr(hsts.find("max-age=") + 8)), 15552000L);
}

TEST(ResponseHeaders, BuiltWebApplicationHasNoInlineScriptOrStyle) {
  const auto source = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  std::ifstream in(source / "web" / "dist" / "index.html");
  if (!in) GTEST_SKIP() << "the web application is not built (cd web && npm run build)";
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Every script comes from a file; no <style> element and no style or on* attribute in the page.
  for (size_t at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1)) {
    const auto end = html.find('>', at);
    EXPECT_NE(html.substr(at, end - at).find(" src="), std::string::npos) << html.substr(at, 80);
  }
  EXPECT_EQ(html.find("<style"), std::string::npos);
  EXPECT_EQ(html.find(" style="), std::string::npos);
  EXPECT_EQ(html.find(" onload="), std::string::npos);
}
