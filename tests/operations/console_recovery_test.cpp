// An administrator of the CERT locked out (password forgotten, phone lost) is let back in from the
// server's shell: a one-time password printed once, or the second factor cleared; both audited.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "auth/totp.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

json login(HttpClient& c, const std::string& password = "tongbao-demo") {
  auto r = c.post("/api/v1/auth/login", {{"oid", demo::kCert}, {"account", "cert"}, {"password", password}});
  return r.status == 200 ? r.json() : json{{"status", r.status}};
}

std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of("\n");
  auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace

TEST(ConsoleRecovery, ClearsTheSecondFactorAndPrintsAOneTimePasswordBothAudited) {
  ServerProcess server;
  auto cert = server.client();
  cert.set_token(login(cert)["token"].get<std::string>());
  auto begun = cert.post("/api/v1/auth/second-factor/enrolment", json::object());
  ASSERT_EQ(begun.status, 201);
  const auto secret = *auth::base32_decode(begun.json()["secret"].get<std::string>());
  const auto now = *core::parse_iso8601(cert.get("/api/v1/health").json()["time"].get<std::string>());
  ASSERT_EQ(cert.post("/api/v1/auth/second-factor/confirmation", {{"code", auth::totp_code(secret, auth::totp_step(now))}})
                .status,
            200);
  auto fresh = server.client();
  ASSERT_TRUE(login(fresh).contains("challenge")) << "the phone is needed now";

  auto args = [&](const char* what) {
    return std::vector<std::string>{"contacts", what, "--unit", demo::kCert, "--account", "cert"};
  };
  auto cleared = run_tongbao(args("reset-second-factor"), server);
  ASSERT_EQ(cleared.exit_code, 0) << cleared.output;
  EXPECT_TRUE(login(fresh).contains("token")) << "the password alone again";

  auto reset = run_tongbao(args("reset-password"), server);
  ASSERT_EQ(reset.exit_code, 0) << reset.output;
  const auto one_time = last_line(reset.output);
  EXPECT_EQ(login(fresh)["status"], 401) << "the old password is gone";
  auto back = login(fresh, one_time);
  ASSERT_TRUE(back.contains("token")) << reset.output;
  EXPECT_TRUE(back["must_change_password"].get<bool>());

  auto auditor = server.client();
  auditor.set_token(back["token"].get<std::string>());
  ASSERT_EQ(auditor.post("/api/v1/auth/password", {{"current_password", one_time}, {"new_password", "Quiet harbour lantern 8 basalt"}})
                .status,
            200);
  const auto audit = auditor.get("/api/v1/audit?limit=20").json();
  int by_console = 0;
  for (const auto& e : audit["items"])
    by_console += e["actor"] == "console" &&
                  (e["action"] == "contact.password_reset" || e["action"] == "contact.second_factor_reset");
  EXPECT_EQ(by_console, 2) << audit.dump();

  EXPECT_EQ(run_tongbao({"contacts", "reset-password", "--unit", demo::kCert, "--account", "nobody"}, server).exit_code,
            1);
}

TEST(ConsoleRecovery, DeadLettersAreListedAndQueuedAgainFromTheShell) {
  SmtpServer smtp;
  ServerProcess server({.demo = true, .test_clock = true,
                        .extra = {"--smtp-port", std::to_string(smtp.port()), "--mail-give-up-hours", "1",
                                  "--audit-digest-hours", "0"}});
  smtp.stop();  // the mail server is down
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  ASSERT_EQ(school.post("/api/v1/incidents", botnet_report(now)).status, 201);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (int i = 0; i < 8; ++i) {  // past the one-hour limit, retrying on the way
    school.post("/api/v1/_test/clock", {{"advance_seconds", 600}});
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }
  auto with = [&](std::vector<std::string> args) { return run_tongbao(args, server); };
  auto dead = with({"outbox", "dead"});
  ASSERT_EQ(dead.exit_code, 0) << dead.output;
  EXPECT_NE(dead.output.find("dead letter(s)"), std::string::npos) << dead.output;
  EXPECT_NE(dead.output.find("kaohsiung.3@demo.tongbao.test"), std::string::npos) << dead.output;

  smtp.start();  // the outage is over
  EXPECT_EQ(with({"outbox", "retry"}).exit_code, 2) << "which ones must be said";
  auto retried = with({"outbox", "retry", "--all"});
  ASSERT_EQ(retried.exit_code, 0) << retried.output;
  EXPECT_NE(retried.output.find("queued again"), std::string::npos);
  EXPECT_FALSE(smtp.wait_for(2).empty()) << "the running server sends them";
  EXPECT_NE(with({"outbox", "dead"}).output.find("No dead letters."), std::string::npos);
  EXPECT_EQ(with({"outbox", "retry", "--id", "999999"}).exit_code, 1);
}
