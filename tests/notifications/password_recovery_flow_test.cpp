// Forgotten password: a captcha, then OID, name, e-mail and mobile matching a contact; the new
// password arrives by e-mail and SMS and must be changed at the next sign-in.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "support/demo.h"
#include "support/server_process.h"
#include "support/sms_gateway.h"
#include "support/smtp_server.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

std::string from_base64(const std::string& in) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0, value = 0;
  for (char c : in) {
    const auto i = alphabet.find(c);
    if (i == std::string::npos) break;
    value = (value << 6) | static_cast<int>(i);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

TEST(PasswordRecovery, MatchingDetailsAndCaptchaSendANewPasswordByMailAndSms) {
  SmtpServer smtp;
  SmsGateway gateway;
  ServerProcess server({.demo = true, .test_clock = true,
                        .extra = {"--smtp-port", std::to_string(smtp.port()), "--sms-gateway-url", gateway.url()}});
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto me = school.get("/api/v1/auth/me").json()["contact"];
  const auto name = me["name"].get<std::string>(), email = me["email"].get<std::string>();
  ASSERT_EQ(me["mobile"], "0912-000-005");

  auto anyone = server.client();
  auto captcha = [&] {
    auto c = anyone.post("/api/v1/auth/captcha", json::object());
    EXPECT_EQ(c.status, 201);
    return c.json();
  };
  auto answer = [&](const json& c) {
    return anyone.get("/api/v1/_test/captcha/" + c["id"].get<std::string>()).json()["answer"].get<std::string>();
  };
  auto form = [&](const json& c, const std::string& ans, const std::string& mobile) {
    return json{{"oid", demo::kSchoolA1}, {"name", name}, {"email", email}, {"mobile", mobile},
                {"captcha_id", c["id"]}, {"captcha_answer", ans}};
  };

  // The picture is SVG made of strokes: the digits are not in its text.
  auto c1 = captcha();
  const auto image = c1["image"].get<std::string>();
  ASSERT_EQ(image.rfind("data:image/svg+xml;base64,", 0), 0u);
  const auto svg = from_base64(image.substr(26));
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_EQ(svg.find("<text"), std::string::npos);
  EXPECT_TRUE(std::regex_match(answer(c1), std::regex("[0-9]{5}")));

  // A wrong answer spends the captcha: the right one afterwards is refused too.
  const auto right = answer(c1);
  const auto wrong = std::string(right.rbegin(), right.rend()) == right ? "00000x" : std::string(right.rbegin(), right.rend());
  auto r = anyone.post("/api/v1/auth/forgotten-password", form(c1, wrong, "0912000005"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "captcha_answer");
  EXPECT_EQ(anyone.post("/api/v1/auth/forgotten-password", form(c1, right, "0912000005")).status, 400);
  // A missing field names itself.
  auto missing = form(captcha(), "1", "1");
  missing.erase("mobile");
  EXPECT_EQ(anyone.post("/api/v1/auth/forgotten-password", missing).json()["error"]["field"], "mobile");

  // Details that match no contact get the same answer, and nothing is sent.
  auto c2 = captcha();
  auto nomatch = anyone.post("/api/v1/auth/forgotten-password", form(c2, answer(c2), "0999-999-999"));
  EXPECT_EQ(nomatch.status, 202);
  auto c3 = captcha();
  auto match = anyone.post("/api/v1/auth/forgotten-password", form(c3, answer(c3), "+886 912 000 005"));
  EXPECT_EQ(match.status, 202);
  EXPECT_EQ(match.json(), nomatch.json()) << "the answer does not tell whether someone is a contact";

  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["to"], json::array({email}));
  EXPECT_EQ(mails[0]["kind"], "password_recovery");
  std::smatch m;
  const auto body = mails[0]["body"].get<std::string>();
  ASSERT_TRUE(std::regex_search(body, m, std::regex("新密碼：(\\S+)"))) << body;
  const std::string password = m[1];
  auto texts = gateway.received(1);
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_EQ(texts[0]["body"]["to"], "0912-000-005");
  EXPECT_NE(texts[0]["body"]["text"].get<std::string>().find(password), std::string::npos);

  // Whoever filled the form changed nothing yet: the old password and session still work.
  EXPECT_EQ(school.get("/api/v1/auth/me").status, 200);
  auto fresh = server.client();
  EXPECT_EQ(fresh.post("/api/v1/auth/login", {{"oid", demo::kSchoolA1}, {"account", "teacher"}, {"password", "tongbao-demo"}}).status, 200);
  // The new one signs in and must be changed; then the old password and its sessions are gone.
  auto login = fresh.post("/api/v1/auth/login", {{"oid", demo::kSchoolA1}, {"account", "teacher"}, {"password", password}});
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.json()["must_change_password"], true);
  EXPECT_EQ(school.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(server.client().post("/api/v1/auth/login", {{"oid", demo::kSchoolA1}, {"account", "teacher"}, {"password", "tongbao-demo"}}).status, 401);

  // Asking again at once changes nothing: one new password every fifteen minutes at most.
  auto c4 = captcha();
  EXPECT_EQ(anyone.post("/api/v1/auth/forgotten-password", form(c4, answer(c4), "0912000005")).status, 202);
  auto again = server.client();
  EXPECT_EQ(again.post("/api/v1/auth/login", {{"oid", demo::kSchoolA1}, {"account", "teacher"}, {"password", password}}).status, 200)
      << "the password just sent still works";

  // Nothing else was sent, and the outbox keeps no copy of the password once it is delivered.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(smtp.messages().size(), 1u);
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto outbox = cert.get("/api/v1/outbox?state=sent");
  ASSERT_EQ(outbox.status, 200) << outbox.body;
  EXPECT_EQ(outbox.body.find(password), std::string::npos);

  // Fifteen minutes on, the form works again.
  ASSERT_EQ(server.client().post("/api/v1/_test/clock", {{"advance_seconds", 15 * 60}}).status, 200);
  auto c5 = captcha();
  EXPECT_EQ(anyone.post("/api/v1/auth/forgotten-password", form(c5, answer(c5), "0912000005")).status, 202);
  EXPECT_EQ(smtp.wait_for(2).size(), 2u);
}
