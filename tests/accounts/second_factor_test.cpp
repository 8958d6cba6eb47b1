// Two-factor sign-in through the HTTP API with the test clock: set-up with a QR code and a first
// code, codes of the previous, current and next step, no replay, recovery codes, the policy by
// unit kind, turning it off, and a reset by the centre above (audited, mailed).
#include <gtest/gtest.h>

#include "auth/totp.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "tongbao-demo";

core::TimeMs server_now(HttpClient& c) {
  return *core::parse_iso8601(c.get("/api/v1/health").json()["time"].get<std::string>());
}

// The code an authenticator app shows `steps` steps from now.
std::string code_at(HttpClient& c, const std::string& secret_b32, int steps = 0) {
  return auth::totp_code(*auth::base32_decode(secret_b32), auth::totp_step(server_now(c)) + steps);
}

// Moves the server's clock to just after the start of a 30-second step, so that codes counted from
// "now" keep their meaning for the rest of the test's checks (the test clock keeps running).
void to_start_of_a_step(HttpClient& c) {
  const auto into_step_ms = server_now(c) % 30'000;
  const auto seconds = (30'000 - into_step_ms + 999) / 1000;
  ASSERT_EQ(c.post("/api/v1/_test/clock", {{"advance_seconds", seconds}}).status, 200);
}

json login(HttpClient& c, const std::string& oid, const std::string& account) {
  auto r = c.post("/api/v1/auth/login", {{"oid", oid}, {"account", account}, {"password", kPassword}});
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json();
}

// Sets up a second factor for the signed-in client; returns its secret and recovery codes.
std::pair<std::string, std::vector<std::string>> enrol(HttpClient& c) {
  auto begun = c.post("/api/v1/auth/second-factor/enrolment", json::object());
  EXPECT_EQ(begun.status, 201) << begun.body;
  const auto secret = begun.json()["secret"].get<std::string>();
  auto confirmed = c.post("/api/v1/auth/second-factor/confirmation", {{"code", code_at(c, secret)}});
  EXPECT_EQ(confirmed.status, 200) << confirmed.body;
  return {secret, confirmed.json()["recovery_codes"].get<std::vector<std::string>>()};
}

}  // namespace

TEST(Totp, FollowsTheVectorsOfRfc6238) {
  const std::string secret = "12345678901234567890";
  // RFC 6238 appendix B (SHA-1), the last six of its eight digits.
  EXPECT_EQ(auth::totp_code(secret, auth::totp_step(59'000)), "287082");
  EXPECT_EQ(auth::totp_code(secret, auth::totp_step(1'111'111'109'000)), "081804");
  EXPECT_EQ(auth::totp_code(secret, auth::totp_step(1'111'111'111'000)), "050471");
  EXPECT_EQ(auth::totp_code(secret, auth::totp_step(1'234'567'890'000)), "005924");
  EXPECT_EQ(auth::totp_code(secret, auth::totp_step(2'000'000'000'000)), "279037");
  EXPECT_EQ(auth::base32_encode(secret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(auth::base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), secret);
  EXPECT_FALSE(auth::base32_decode("GEZD1"));  // 1 is not in the alphabet
}

TEST(Totp, AcceptsOneStepEitherSideAndNoReplay) {
  const std::string secret = "12345678901234567890";
  const core::TimeMs now = 1'111'111'111'000;
  const long long step = auth::totp_step(now);
  EXPECT_EQ(auth::matching_totp_step(secret, auth::totp_code(secret, step - 1), now, 0), step - 1);
  EXPECT_EQ(auth::matching_totp_step(secret, auth::totp_code(secret, step + 1), now, 0), step + 1);
  EXPECT_FALSE(auth::matching_totp_step(secret, auth::totp_code(secret, step + 2), now, 0));
  EXPECT_FALSE(auth::matching_totp_step(secret, auth::totp_code(secret, step - 2), now, 0));
  EXPECT_FALSE(auth::matching_totp_step(secret, auth::totp_code(secret, step), now, step)) << "used already";
  EXPECT_FALSE(auth::matching_totp_step(secret, "12345", now, 0));
  EXPECT_FALSE(auth::matching_totp_step(secret, "abcdef", now, 0));
}

TEST(SecondFactor, SetUpSignInWithCodesOfEachStepAndNoReplay) {
  ServerProcess server;
  auto teacher = server.client();
  teacher.set_token(login(teacher, demo::kSchoolA1, "teacher")["token"].get<std::string>());
  auto status = teacher.get("/api/v1/auth/second-factor").json();
  EXPECT_FALSE(status["enrolled"].get<bool>());
  EXPECT_FALSE(status["required"].get<bool>()) << "optional for schools";

  auto begun = teacher.post("/api/v1/auth/second-factor/enrolment", json::object());
  ASSERT_EQ(begun.status, 201) << begun.body;
  const auto secret = begun.json()["secret"].get<std::string>();
  EXPECT_EQ(auth::base32_decode(secret)->size(), 20u);
  EXPECT_EQ(begun.json()["qr_svg"].get<std::string>().rfind("<svg", 0), 0u);
  EXPECT_NE(begun.json()["otpauth_uri"].get<std::string>().find("secret=" + secret), std::string::npos);

  // Until a first code confirms it, the password alone still signs in.
  EXPECT_TRUE(login(teacher, demo::kSchoolA1, "teacher").contains("token"));
  auto wrong = teacher.post("/api/v1/auth/second-factor/confirmation", {{"code", "000000"}});
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(wrong.json()["error"]["field"], "code");
  auto confirmed = teacher.post("/api/v1/auth/second-factor/confirmation", {{"code", code_at(teacher, secret)}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json()["recovery_codes"].size(), 10u);
  EXPECT_TRUE(teacher.get("/api/v1/auth/second-factor").json()["enrolled"].get<bool>());

  // The password now opens only the second step: no session, no cookie.
  auto c = server.client();
  auto step_one = c.post("/api/v1/auth/login", {{"oid", demo::kSchoolA1}, {"account", "teacher"}, {"password", kPassword}});
  ASSERT_EQ(step_one.status, 200) << step_one.body;
  EXPECT_TRUE(step_one.json()["second_factor_required"].get<bool>());
  EXPECT_FALSE(step_one.json().contains("token"));
  EXPECT_EQ(step_one.headers.count("set-cookie"), 0u);

  // Codes of the previous, current and next step each open a session, once.
  ASSERT_EQ(teacher.post("/api/v1/_test/clock", {{"advance_seconds", 120}}).status, 200);
  to_start_of_a_step(teacher);
  for (int steps : {-1, 0, 1}) {
    const auto challenge = login(c, demo::kSchoolA1, "teacher")["challenge"].get<std::string>();
    auto r = c.post("/api/v1/auth/login/second-factor", {{"challenge", challenge}, {"code", code_at(c, secret, steps)}});
    ASSERT_EQ(r.status, 200) << "step " << steps << ": " << r.body;
    EXPECT_FALSE(r.json()["token"].get<std::string>().empty());
    EXPECT_EQ(r.headers.count("set-cookie"), 1u);
  }
  // The same code again, or one two steps away: refused.
  for (int steps : {1, 2, -2}) {
    const auto challenge = login(c, demo::kSchoolA1, "teacher")["challenge"].get<std::string>();
    auto r = c.post("/api/v1/auth/login/second-factor", {{"challenge", challenge}, {"code", code_at(c, secret, steps)}});
    EXPECT_EQ(r.status, 401) << "step " << steps << ": " << r.body;
    EXPECT_EQ(r.json()["error"]["code"], "wrong_second_factor");
  }

  // A challenge lasts five minutes (a minute first, past the delay the wrong codes brought).
  ASSERT_EQ(teacher.post("/api/v1/_test/clock", {{"advance_seconds", 60}}).status, 200);
  const auto late = login(c, demo::kSchoolA1, "teacher")["challenge"].get<std::string>();
  ASSERT_EQ(teacher.post("/api/v1/_test/clock", {{"advance_seconds", 301}}).status, 200);
  auto expired = c.post("/api/v1/auth/login/second-factor", {{"challenge", late}, {"code", code_at(c, secret)}});
  EXPECT_EQ(expired.status, 401) << expired.body;
  EXPECT_EQ(expired.json()["error"]["code"], "challenge_expired");

  // The sign-in record says which factor was used.
  auto cert = server.client();
  cert.set_token(login(cert, demo::kCert, "cert")["token"].get<std::string>());
  const auto events = cert.get("/api/v1/login-events?limit=50").json()["items"];
  int with_totp = 0;
  for (const auto& e : events) with_totp += e["account"] == "teacher" && e["second_factor"] == "totp";
  EXPECT_EQ(with_totp, 3);
}

TEST(SecondFactor, RecoveryCodesWorkOnceAndWrongCodesEndTheChallenge) {
  ServerProcess server;
  auto teacher = server.client();
  teacher.set_token(login(teacher, demo::kSchoolA1, "teacher")["token"].get<std::string>());
  auto [secret, codes] = enrol(teacher);
  ASSERT_EQ(codes.size(), 10u);

  auto c = server.client();
  auto challenge = login(c, demo::kSchoolA1, "teacher")["challenge"].get<std::string>();
  auto r = c.post("/api/v1/auth/login/second-factor", {{"challenge", challenge}, {"recovery_code", codes[0]}});
  ASSERT_EQ(r.status, 200) << r.body;
  challenge = login(c, demo::kSchoolA1, "teacher")["challenge"].get<std::string>();
  r = c.post("/api/v1/auth/login/second-factor", {{"challenge", challenge}, {"recovery_code", codes[0]}});
  EXPECT_EQ(r.status, 401) << "a recovery code works once";
  teacher.set_token(c.post("/api/v1/auth/login/second-factor",
                           {{"challenge", challenge}, {"recovery_code", codes[1]}})
                        .json()["token"]
                        .get<std::string>());
  EXPECT_EQ(teacher.get("/api/v1/auth/second-factor").json()["recovery_codes_left"], 8);

  // Neither or both: a 400 that names the field.
  EXPECT_EQ(c.post("/api/v1/auth/login/second-factor", {{"challenge", "x"}}).status, 400);

  // Five wrong codes and the challenge is gone: the password must be given again.
  challenge = login(c, demo::kSchoolA1, "teacher")["challenge"].get<std::string>();
  for (int i = 0; i < 5; ++i) {
    r = c.post("/api/v1/auth/login/second-factor", {{"challenge", challenge}, {"code", "000000"}});
    EXPECT_EQ(r.status, 401) << r.body;
    // Past the growing delay of the account's throttling, which answers 429 until then.
    ASSERT_EQ(teacher.post("/api/v1/_test/clock", {{"advance_seconds", 60}}).status, 200);
    EXPECT_EQ(c.post("/api/v1/auth/login/second-factor", {{"challenge", challenge}}).status, 400);
  }
  r = c.post("/api/v1/auth/login/second-factor", {{"challenge", challenge}, {"code", code_at(c, secret)}});
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "challenge_expired");
}

TEST(SecondFactor, PolicyByUnitKindLeadsCentresToSetUpAndKeepsItOn) {
  ServerProcess server({.demo = true, .test_clock = true, .second_factor_required_for = ""});  // the server's default
  auto county = server.client();
  auto signed_in = login(county, demo::kCountyA, "kaohsiung");
  ASSERT_TRUE(signed_in.contains("token"));
  EXPECT_TRUE(signed_in["must_enrol_second_factor"].get<bool>());
  county.set_token(signed_in["token"].get<std::string>());
  auto blocked = county.get("/api/v1/incidents");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.json()["error"]["code"], "second_factor_enrolment_required");
  EXPECT_EQ(county.get("/api/v1/auth/me").status, 200) << "the person still sees who they are";
  auto [secret, codes] = enrol(county);
  EXPECT_EQ(county.get("/api/v1/incidents").status, 200) << "set up: everything opens";
  auto off = county.post("/api/v1/auth/second-factor/removal", {{"code", code_at(county, secret, 1)}});
  EXPECT_EQ(off.status, 403) << off.body;
  EXPECT_EQ(off.json()["error"]["code"], "second_factor_required");

  // A school is free to choose, and to turn it off again with a code.
  auto teacher = server.client();
  auto t = login(teacher, demo::kSchoolA1, "teacher");
  EXPECT_FALSE(t["must_enrol_second_factor"].get<bool>());
  teacher.set_token(t["token"].get<std::string>());
  EXPECT_EQ(teacher.get("/api/v1/incidents").status, 200);
  auto [teacher_secret, teacher_codes] = enrol(teacher);
  auto wrong = teacher.post("/api/v1/auth/second-factor/removal", {{"code", "000000"}});
  EXPECT_EQ(wrong.status, 400);
  auto removed = teacher.post("/api/v1/auth/second-factor/removal", {{"recovery_code", teacher_codes[3]}});
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_FALSE(removed.json()["enrolled"].get<bool>());
  EXPECT_TRUE(login(teacher, demo::kSchoolA1, "teacher").contains("token"));

  // Configured for schools too.
  ServerProcess strict({.demo = true, .test_clock = true, .second_factor_required_for = "school,county_centre"});
  auto s = strict.client();
  EXPECT_TRUE(login(s, demo::kSchoolA1, "teacher")["must_enrol_second_factor"].get<bool>());
  EXPECT_FALSE(login(s, demo::kCert, "cert")["must_enrol_second_factor"].get<bool>());
}

TEST(SecondFactor, TheCentreAboveResetsItAuditedAndMailed) {
  SmtpServer smtp;
  ServerProcess server({.demo = true, .test_clock = true,
                        .extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}});
  auto teacher = server.client();
  teacher.set_token(login(teacher, demo::kSchoolA1, "teacher")["token"].get<std::string>());
  enrol(teacher);
  const std::string reset = std::string("/api/v1/units/") + demo::kSchoolA1 + "/contacts/1/second-factor-reset";

  // Not the unit itself (its account manager included), not another county's centre.
  auto own = teacher.post(reset, json::object());
  EXPECT_EQ(own.status, 403) << own.body;
  auto other_county = server.client();
  other_county.set_token(login(other_county, demo::kCountyB, "pingtung")["token"].get<std::string>());
  EXPECT_EQ(other_county.post(reset, json::object()).status, 404);

  auto county = server.client();
  county.set_token(login(county, demo::kCountyA, "kaohsiung")["token"].get<std::string>());
  auto r = county.post(reset, json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(teacher.get("/api/v1/auth/me").status, 401) << "the contact's sessions end";
  EXPECT_TRUE(login(teacher, demo::kSchoolA1, "teacher").contains("token")) << "the password alone again";
  EXPECT_EQ(county.post(reset, json::object()).status, 409) << "nothing left to reset";

  bool mailed = false;
  for (const auto& m : smtp.wait_for(1))
    for (const auto& to : m["to"]) mailed = mailed || (to == "teacher.5@demo.tongbao.test" && m["subject"].get<std::string>().find("兩步驟") != std::string::npos);
  EXPECT_TRUE(mailed);

  auto cert = server.client();
  cert.set_token(login(cert, demo::kCert, "cert")["token"].get<std::string>());
  const auto audit = cert.get("/api/v1/audit?limit=20").json();
  bool audited = false;
  for (const auto& e : audit["items"]) audited = audited || e["action"] == "contact.second_factor_reset";
  EXPECT_TRUE(audited) << audit.dump();
}
