// The forgotten-password form as an outsider would use it: knowing a contact's name, e-mail and
// mobile changes nothing until the contact uses the mailed password; the new one lapses after a
// day; captchas and forms are limited per address; a code by e-mail replaces the picture.
#include <gtest/gtest.h>

#include <regex>

#include "support/demo.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr const char* kEmail = "teacher.5@demo.tongbao.test";

ServerFlags with_smtp(const SmtpServer& smtp) {
  return {.demo = true, .test_clock = true,
          .extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}};
}

json form(const std::string& captcha_id, const std::string& answer) {
  return {{"oid", demo::kSchoolA1}, {"name", "黃美玲"},        {"email", kEmail},
          {"mobile", "0912-000-005"}, {"captcha_id", captcha_id}, {"captcha_answer", answer}};
}

int login_status(ServerProcess& server, const std::string& password) {
  return server.client()
      .post("/api/v1/auth/login", {{"oid", demo::kSchoolA1}, {"account", "teacher"}, {"password", password}})
      .status;
}

std::string mailed(const std::vector<json>& messages, const std::regex& pattern) {
  for (const auto& m : messages) {
    std::smatch found;
    const auto body = m["body"].get<std::string>();
    if (std::regex_search(body, found, pattern)) return found[1];
  }
  return "";
}

}  // namespace

TEST(PasswordReset, TheOldPasswordWorksUntilTheNewOneIsUsedAndTheNewOneLapsesAfterADay) {
  SmtpServer smtp;
  ServerProcess server(with_smtp(smtp));
  auto anyone = server.client();
  auto captcha = anyone.post("/api/v1/auth/captcha", json::object()).json()["id"].get<std::string>();
  const auto answer = anyone.get("/api/v1/_test/captcha/" + captcha).json()["answer"].get<std::string>();
  ASSERT_EQ(anyone.post("/api/v1/auth/forgotten-password", form(captcha, answer)).status, 202);
  const auto password = mailed(smtp.wait_for(1), std::regex("新密碼：(\\S+)"));
  ASSERT_FALSE(password.empty());

  EXPECT_EQ(login_status(server, "tongbao-demo"), 200) << "whoever filled the form locked nobody out";
  // A day later the mailed password has lapsed; the old one still works.
  ASSERT_EQ(anyone.post("/api/v1/_test/clock", {{"advance_seconds", 24 * 3600 + 60}}).status, 200);
  EXPECT_EQ(login_status(server, password), 401);
  EXPECT_EQ(login_status(server, "tongbao-demo"), 200);
}

TEST(PasswordReset, CaptchasAndFormsAreLimitedPerAddress) {
  ServerProcess server;
  auto anyone = server.client();
  int created = 0, refused = 0;
  for (int i = 0; i < 15; ++i) {
    auto r = anyone.post("/api/v1/auth/captcha", json::object());
    if (r.status == 201) ++created;
    if (r.status == 429) {
      ++refused;
      EXPECT_EQ(r.json()["error"]["code"], "too_many_attempts");
      EXPECT_GT(r.json()["error"]["retry_after_seconds"].get<long>(), 0);
      EXPECT_EQ(r.headers.count("retry-after"), 1u);
    }
  }
  EXPECT_EQ(created, 10);
  EXPECT_EQ(refused, 5);
  // The same limit counts mailed codes.
  EXPECT_EQ(anyone.post("/api/v1/auth/captcha/mailed-code", {{"oid", demo::kSchoolA1}, {"email", kEmail}}).status, 429);

  // Ten minutes on, captchas again; forms count apart: ten an hour from one address.
  ASSERT_EQ(anyone.post("/api/v1/_test/clock", {{"advance_seconds", 601}}).status, 200);
  int answered = 0, slowed = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = anyone.post("/api/v1/auth/forgotten-password", form("no-such-captcha", "00000"));
    answered += r.status == 400;
    slowed += r.status == 429;
  }
  EXPECT_EQ(answered, 10);
  EXPECT_EQ(slowed, 2);
}

TEST(PasswordReset, ACodeByMailReplacesThePictureForItsContactOnly) {
  SmtpServer smtp;
  ServerProcess server(with_smtp(smtp));
  auto anyone = server.client();
  auto code = anyone.post("/api/v1/auth/captcha/mailed-code", {{"oid", demo::kSchoolA1}, {"email", "TEACHER.5@demo.tongbao.test"}});
  ASSERT_EQ(code.status, 201) << code.body;
  EXPECT_FALSE(code.json().contains("image"));
  const auto digits = mailed(smtp.wait_for(1), std::regex("驗證碼為：([0-9]{6})"));
  ASSERT_EQ(digits.size(), 6u);
  // An address that is no contact's gets the same answer, and nothing is sent.
  auto nobody = anyone.post("/api/v1/auth/captcha/mailed-code", {{"oid", demo::kSchoolA1}, {"email", "x@example.org"}});
  EXPECT_EQ(nobody.status, 201);
  EXPECT_EQ(nobody.json().size(), code.json().size());

  // The code answers the form for that contact.
  auto r = anyone.post("/api/v1/auth/forgotten-password", form(code.json()["id"].get<std::string>(), digits));
  ASSERT_EQ(r.status, 202) << r.body;
  const auto messages = smtp.wait_for(2);
  EXPECT_FALSE(mailed(messages, std::regex("新密碼：(\\S+)")).empty());
  EXPECT_EQ(smtp.messages().size(), 2u);
}
