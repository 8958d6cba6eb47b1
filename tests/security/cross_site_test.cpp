// A page on another site cannot act with a signed-in person's cookie, and a form cannot pass for
// a JSON request.
#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

const std::string kNewUnit = R"({"oid":"2.16.886.111.90000.77","code":"X77","name":"新設國小","kind":"school","parent_oid":"2.16.886.111.90000.3"})";

struct Browser {
  HttpClient http;
  std::string cookie;
  std::string own_origin;

  HttpResult send(const std::string& method, const std::string& target, const std::string& body,
                  std::vector<std::pair<std::string, std::string>> headers, const std::string& type = "application/json") {
    headers.emplace_back("Cookie", "tongbao_session=" + cookie);
    headers.emplace_back("Host", own_origin.substr(own_origin.find("//") + 2));  // as a browser sends it
    return http.request(method, target, body, headers, type);
  }
};

Browser browser(ServerProcess& server) {
  Browser b{server.client(), {}, "http://127.0.0.1:" + std::to_string(server.port())};
  b.cookie = sign_in(b.http, demo::kCert, "cert");
  return b;
}

void expect_error(const HttpResult& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  ASSERT_TRUE(r.json().contains("error")) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], code) << r.body;
  EXPECT_TRUE(r.json()["error"].contains("field"));
}

bool unit_exists(ServerProcess& server, const std::string& token) {
  auto c = server.client();
  c.set_token(token);
  return c.get("/api/v1/units/2.16.886.111.90000.77").status == 200;
}

}  // namespace

TEST(CrossSite, CookieRequestsFromAnotherOriginAreRefused) {
  ServerProcess server;
  auto b = browser(server);
  expect_error(b.send("POST", "/api/v1/units", kNewUnit, {{"Origin", "https://evil.example"}}), 403, "cross_site_request");
  expect_error(b.send("POST", "/api/v1/units", kNewUnit, {{"Origin", "null"}}), 403, "cross_site_request");
  expect_error(b.send("POST", "/api/v1/units", kNewUnit, {{"Sec-Fetch-Site", "cross-site"}}), 403, "cross_site_request");
  expect_error(b.send("POST", "/api/v1/units", kNewUnit,
                      {{"Origin", "http://127.0.0.1:" + std::to_string(server.port()) + ".evil.example"}}),
               403, "cross_site_request");
  expect_error(b.send("POST", "/api/v1/auth/logout", "", {{"Origin", "https://evil.example"}}), 403, "cross_site_request");
  EXPECT_FALSE(unit_exists(server, b.cookie));

  // Reading is not changing: a cross-site GET with the cookie is answered (the browser keeps the answer from the page).
  EXPECT_EQ(b.send("GET", "/api/v1/units", "", {{"Origin", "https://evil.example"}}).status, 200);

  // The application's own page, and clients that send neither header, still work.
  auto same = b.send("POST", "/api/v1/units", kNewUnit, {{"Origin", b.own_origin}, {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(same.status, 201) << same.body;
  EXPECT_TRUE(unit_exists(server, b.cookie));
  auto plain = b.send("PATCH", "/api/v1/units/2.16.886.111.90000.77", R"({"name":"新設國民小學"})", {});
  EXPECT_EQ(plain.status, 200) << plain.body;
}

TEST(CrossSite, ConfiguredPublicUrlIsTheOwnOrigin) {
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--public-url", "https://report.example.edu.tw/"}});
  auto b = browser(server);
  auto r = b.send("POST", "/api/v1/units", kNewUnit, {{"Origin", "https://report.example.edu.tw"}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST(CrossSite, ApiKeysAndBearerTokensAreNotAskedForAnOrigin) {
  ServerProcess server;
  auto b = browser(server);
  auto machine = server.client();
  machine.set_token(b.cookie);
  auto r = machine.request("POST", "/api/v1/units", kNewUnit, {{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST(CrossSite, UnsafeRequestsWithAJsonBodyMustSayJson) {
  ServerProcess server;
  auto b = browser(server);
  // What an HTML form or a no-CORS fetch can send without asking first.
  for (const std::string type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    expect_error(b.send("POST", "/api/v1/units", kNewUnit, {{"Origin", b.own_origin}}, type), 415, "unsupported_media_type");
    auto token_client = server.client();
    token_client.set_token(b.cookie);
    expect_error(token_client.request("POST", "/api/v1/units", kNewUnit, {}, type), 415, "unsupported_media_type");
  }
  // A login form posted from anywhere is refused too.
  auto anonymous = server.client();
  expect_error(anonymous.request("POST", "/api/v1/auth/login",
                                 std::string(R"({"oid":")") + demo::kCert + R"(","account":"cert","password":"tongbao-demo"})",
                                 {}, "text/plain"),
               415, "unsupported_media_type");
  EXPECT_FALSE(unit_exists(server, b.cookie));

  // application/json with a charset is JSON.
  EXPECT_EQ(b.send("POST", "/api/v1/units", kNewUnit, {}, "application/json; charset=utf-8").status, 201);
}

TEST(CrossSite, CsvImportsAndEvidenceKeepTheirTypes) {
  ServerProcess server;
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto csv = cert.get("/api/v1/units/export");
  ASSERT_EQ(csv.status, 200);
  auto imported = cert.request("POST", "/api/v1/units/import?dry_run=true", csv.body, {}, "text/csv");
  EXPECT_EQ(imported.status, 200) << imported.body;
  expect_error(cert.request("POST", "/api/v1/units/import?dry_run=true", csv.body, {}, "text/plain"), 415,
               "unsupported_media_type");

  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  auto ticket = school.post("/api/v1/incidents", {{"type", "INT"}, {"subcategory", "botnet"}, {"aware_at", now},
                                                  {"hosts", {{{"ip", "198.51.100.7"}}}}, {"description", "botnet"},
                                                  {"impact", {{"availability", "core_late"}}}, {"chosen_level", 3},
                                                  {"contact", {{"name", "黃美玲"}, {"phone", "07-555-0005"}}}});
  ASSERT_EQ(ticket.status, 201) << ticket.body;
  auto up = school.request("POST", "/api/v1/incidents/" + std::to_string(ticket.json()["id"].get<long long>()) +
                                       "/attachments?name=capture.pcap",
                           std::string(1000, 'x'), {}, "application/vnd.tcpdump.pcap");
  EXPECT_EQ(up.status, 201) << up.body;
}
