// The log an operator follows: one JSON line per request with its id, route, status, duration,
// size, caller and address; the id comes back in a header and inside every error body; and no
// password, token, cookie, code, captcha answer or report text ever appears in it.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "auth/totp.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

std::vector<json> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<json> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(Logs, EachRequestIsALineAndNoSecretIsEverInIt) {
  TempDir dir;
  const auto log = dir.file("access.log");
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--log", log}});
  auto school = server.client();
  auto signed_in = school.post("/api/v1/auth/login",
                               {{"oid", demo::kSchoolA1}, {"account", "teacher"}, {"password", "tongbao-demo"}});
  ASSERT_EQ(signed_in.status, 200);
  const auto token = signed_in.json()["token"].get<std::string>();
  school.set_token(token);
  auto begun = school.post("/api/v1/auth/second-factor/enrolment", json::object()).json();
  const auto secret = begun["secret"].get<std::string>();
  const auto now = *core::parse_iso8601(school.get("/api/v1/health").json()["time"].get<std::string>());
  const auto code = auth::totp_code(*auth::base32_decode(secret), auth::totp_step(now));
  auto codes = school.post("/api/v1/auth/second-factor/confirmation", {{"code", code}}).json()["recovery_codes"];
  auto report = botnet_report(core::format_utc(now));
  report["description"] = "校務系統主機 lab-pc-07 遭植入殭屍程式 unmistakable-report-text";
  auto filed = school.post("/api/v1/incidents", report);
  ASSERT_EQ(filed.status, 201) << filed.body;
  auto captcha = school.post("/api/v1/auth/captcha", json::object()).json()["id"].get<std::string>();
  const auto answer = school.get("/api/v1/_test/captcha/" + captcha).json()["answer"].get<std::string>();
  auto wrong = school.request("POST", "/api/v1/auth/login", json{{"oid", demo::kSchoolA1}, {"account", "teacher"},
                                                                  {"password", "my-wrong-secret-guess"}}.dump(),
                              {{"Cookie", "tongbao_session=" + token}});
  EXPECT_EQ(wrong.status, 401);

  // A machine with an API key.
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto issued = cert.post(std::string("/api/v1/units/") + demo::kCountyA + "/api-keys", {{"name", "county SOC"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto api_key = issued.json()["key"].get<std::string>();
  auto machine = server.client();
  machine.set_token(api_key);
  EXPECT_EQ(machine.get("/api/v1/incidents").status, 200);

  // An error names its request: the same id in the header, the body and the log.
  auto missing = school.get("/api/v1/incidents/999999");
  ASSERT_EQ(missing.status, 404);
  const auto id = missing.header("x-request-id");
  ASSERT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{16}"))) << id;
  EXPECT_EQ(missing.json()["error"]["request_id"], id);
  EXPECT_FALSE(school.get("/api/v1/health").header("x-request-id").empty()) << "every answer carries one";

  server.stop();
  const auto lines = lines_of(log);
  bool error_line = false, filing_line = false;
  for (const auto& l : lines) {
    if (l["request_id"] == id) {
      error_line = true;
      EXPECT_EQ(l["status"], 404);
      EXPECT_EQ(l["route"], "/api/v1/incidents/{id}") << "the pattern, not the path";
      EXPECT_EQ(l["method"], "GET");
    }
    if (l["route"] == "/api/v1/incidents" && l["method"] == "POST") {
      filing_line = true;
      EXPECT_EQ(l["status"], 201);
      EXPECT_EQ(l["client"], "127.0.0.1");
      EXPECT_NE(l["caller"].get<std::string>().find(demo::kSchoolA1), std::string::npos) << l.dump();
      EXPECT_GE(l["duration_ms"].get<double>(), 0.0);
      EXPECT_GT(l["bytes"].get<long long>(), 0);
      EXPECT_FALSE(l["time"].get<std::string>().empty());
    }
  }
  EXPECT_TRUE(error_line);
  EXPECT_TRUE(filing_line);

  const auto text = text_of(log);
  for (const std::string& secret_text :
       {std::string("tongbao-demo"), std::string("my-wrong-secret-guess"), token, api_key, secret, code, answer,
        std::string("unmistakable-report-text"), std::string("lab-pc-07"), codes[0].get<std::string>()})
    EXPECT_EQ(text.find(secret_text), std::string::npos) << "found in the log: " << secret_text;
}

TEST(Logs, AtLevelErrorOnlyErrorsAreWritten) {
  TempDir dir;
  const auto log = dir.file("errors.log");
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--log", log, "--log-level", "error"}});
  auto c = server.client();
  EXPECT_EQ(c.get("/api/v1/health").status, 200);
  EXPECT_EQ(c.get("/api/v1/incidents").status, 401);
  server.stop();
  EXPECT_TRUE(lines_of(log).empty()) << text_of(log);
}

// Lines are gathered and written together, but an operator following the log sees a request's
// line within moments, while the server runs, not only when it stops. A method the client made
// up (refused as bad HTTP) leaves a line too.
TEST(Logs, ARequestsLineIsWrittenWithinMomentsWhileTheServerRuns) {
  TempDir dir;
  const auto log = dir.file("access.log");
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--log", log}});
  auto c = server.client();
  const auto answer = c.get("/api/v1/health");
  ASSERT_EQ(answer.status, 200);
  const auto id = answer.header("x-request-id");
  EXPECT_EQ(c.request("FETCH", "/api/v1/health", "").status, 400);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    for (const auto& l : lines_of(log)) seen = seen || l["request_id"] == id;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(seen) << "not in the log while the server runs: " << text_of(log);
  server.stop();
  bool made_up = false;
  for (const auto& l : lines_of(log)) made_up = made_up || l["status"] == 400;
  EXPECT_TRUE(made_up) << text_of(log);
}
