#include "api/caller.h"
#include "api/hashing.h"
#include "core/json_input.h"
#include "api/responses.h"
#include "api/routes.h"
#include "core/time_format.h"
#include "org/org_json.h"
#include "store/contact_store.h"
#include "store/unit_store.h"

namespace tongbao::api {

using core::JsonInput;
namespace {

std::string session_cookie(const ApiContext& ctx, const std::string& value, long max_age) {
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age) + (ctx.secure_cookies ? "; Secure" : "");
}

nlohmann::json me(ApiContext& ctx, const core::Principal& p) {
  return ctx.db.read_value([&](store::Transaction& tx) {
    auto unit = store::units::find_by_id(tx, p.unit_id);
    nlohmann::json out = {{"unit", unit ? org::to_json(*unit) : nlohmann::json(nullptr)}};
    if (p.contact_id > 0) {
      auto c = store::contacts::find_by_id(tx, p.contact_id);
      out["contact"] = c ? org::to_json(*c, p.unit_oid) : nlohmann::json(nullptr);
    } else {
      out["api_key_id"] = p.api_key_id;
    }
    out["must_enrol_second_factor"] = p.must_enrol_second_factor;
    out["permissions"] = {{"sees_everything", core::sees_everything(p)},
                          {"reads_audit", core::can_read_audit(p)},
                          {"account_manager", p.account_manager}};
    return out;
  });
}

// A session begun: the caller's details, the token, and the cookie.
http::Response signed_in(ApiContext& ctx, const auth::LoginResult& result) {
  const long max_age = static_cast<long>((result.expires_at - ctx.clock.now()) / 1000);
  auto body = me(ctx, result.principal);
  body["token"] = result.token;
  body["expires_at"] = core::format_utc(result.expires_at);
  body["must_change_password"] = result.contact.must_change_password;
  auto event = [](const std::optional<store::auth::LoginEvent>& e) {
    return e ? nlohmann::json{{"at", core::format_utc(e->at)}, {"remote", e->remote}} : nlohmann::json(nullptr);
  };
  body["previous_sign_in"] = event(result.previous_sign_in);
  body["failures_since"] = {{"count", result.failures_since}, {"last", event(result.last_failure)}};
  auto response = json_response(200, body);
  response.with_header("Set-Cookie", session_cookie(ctx, result.token, max_age));
  return response;
}

nlohmann::json status_json(const auth::SecondFactorStatus& s) {
  return {{"enrolled", s.enrolled},
          {"pending", s.pending},
          {"required", s.required},
          {"enrolled_at", s.enrolled_at ? nlohmann::json(core::format_utc(*s.enrolled_at)) : nlohmann::json(nullptr)},
          {"recovery_codes_left", s.recovery_codes_left}};
}

}  // namespace

void add_auth_routes(http::Router& router, ApiContext& ctx) {
  // The password is checked on the hashing pool: a place is taken first (429 busy when none is
  // free), then the throttling is checked and the attempt reserved, here; the rest runs there.
  router.add_async("POST", "/api/v1/auth/login", [&ctx](http::Request& req, http::Responder respond) {
    JsonInput in(req.body, {"oid", "account", "password"});
    const auto oid = in.required_string("oid");
    const auto account = in.required_string("account");
    auto password = in.required_string("password");
    auto place = take_hashing_place(ctx);
    auto attempt = ctx.auth.begin_login(oid, account, req.remote, req.header("user-agent"));
    answer_from_hashing_pool(ctx, std::move(place), std::move(respond), [&ctx, attempt, password] {
      auto result = ctx.auth.finish_login(attempt, auth::AuthService::check_password(attempt, password));
      if (!result.challenge.empty())
        return json_response(200, {{"second_factor_required", true},
                                   {"challenge", result.challenge},
                                   {"expires_at", core::format_utc(result.challenge_expires_at)}});
      return signed_in(ctx, result);
    });
  });

  // The second step of a sign-in: the code the contact's app shows, or one of their recovery codes.
  router.add("POST", "/api/v1/auth/login/second-factor", [&ctx](http::Request& req) {
    JsonInput in(req.body, {"challenge", "code", "recovery_code"});
    const auto challenge = in.required_string("challenge");
    const auto code = in.optional_string("code").value_or("");
    const auto recovery_code = in.optional_string("recovery_code").value_or("");
    if (code.empty() == recovery_code.empty())
      throw core::invalid("code", "give either the code your app shows or one recovery code");
    return signed_in(ctx, ctx.auth.pass_second_step(challenge, code, recovery_code, req.remote, req.header("user-agent")));
  });

  // One's own sessions, to end one left open elsewhere or all but this one.
  router.add("GET", "/api/v1/auth/sessions", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& s : ctx.auth.sessions(p))
      items.push_back({{"id", s.id},
                       {"created_at", core::format_utc(s.created_at)},
                       {"last_used_at", core::format_utc(s.last_used_at)},
                       {"expires_at", core::format_utc(s.expires_at)},
                       {"remote", s.remote},
                       {"user_agent", s.user_agent},
                       {"second_factor", s.second_factor},
                       {"current", s.current}});
    return json_response(200, {{"items", items}});
  });

  router.add("DELETE", "/api/v1/auth/sessions/{id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    ctx.auth.end_session(p, req.path_param("id"));
    return json_response(200, {{"ended", 1}});
  });

  router.add("POST", "/api/v1/auth/sessions/sign-out-others", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_response(200, {{"ended", ctx.auth.end_other_sessions(p)}});
  });

  router.add("GET", "/api/v1/auth/second-factor", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req, true);
    return json_response(200, status_json(ctx.second_factors.status(p)));
  });

  // Set-up: a new secret as a QR code and as text; nothing changes at sign-in until confirmed.
  router.add("POST", "/api/v1/auth/second-factor/enrolment", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req, true);
    auto e = ctx.second_factors.begin(p);
    return json_response(201, {{"secret", e.secret}, {"otpauth_uri", e.otpauth_uri}, {"qr_svg", e.qr_svg}});
  });

  router.add("POST", "/api/v1/auth/second-factor/confirmation", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req, true);
    JsonInput in(req.body, {"code"});
    auto codes = ctx.second_factors.confirm(p, in.required_string("code"));
    return json_response(200, {{"recovery_codes", codes}});
  });

  router.add("POST", "/api/v1/auth/second-factor/recovery-codes", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"code"});
    auto codes = ctx.second_factors.renew_recovery_codes(p, in.required_string("code"));
    return json_response(200, {{"recovery_codes", codes}});
  });

  router.add("POST", "/api/v1/auth/second-factor/removal", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"code", "recovery_code"});
    const auto code = in.optional_string("code").value_or("");
    const auto recovery_code = in.optional_string("recovery_code").value_or("");
    if (code.empty() == recovery_code.empty())
      throw core::invalid("code", "give either the code your app shows or one recovery code");
    ctx.second_factors.turn_off(p, code, recovery_code);
    return json_response(200, status_json(ctx.second_factors.status(p)));
  });

  // Forgotten password: a captcha first, then the form. The answer does not say whether a contact
  // matched; a matching contact gets a new password by e-mail and SMS.
  router.add("POST", "/api/v1/auth/captcha", [&ctx](http::Request& req) {
    auto c = ctx.recovery.new_captcha(req.remote);
    return json_response(201, {{"id", c.id}, {"image", c.image}, {"expires_at", core::format_utc(c.expires_at)}});
  });

  // For people who cannot read the picture: a code mailed to the contact's own address, used as
  // the captcha's answer. The answer does not say whether the address belongs to a contact.
  router.add("POST", "/api/v1/auth/captcha/mailed-code", [&ctx](http::Request& req) {
    JsonInput in(req.body, {"oid", "email"});
    const auto oid = in.required_string("oid");
    const auto email = in.required_string("email");
    if (oid.size() > 128) throw core::invalid("oid", "oid must be at most 128 characters");
    if (email.size() > 254) throw core::invalid("email", "email must be at most 254 characters");
    auto c = ctx.recovery.mailed_code(oid, email, req.remote);
    return json_response(201, {{"id", c.id}, {"expires_at", core::format_utc(c.expires_at)}});
  });

  router.add_async("POST", "/api/v1/auth/forgotten-password", on_hashing_pool(ctx, [&ctx](http::Request& req) {
    JsonInput in(req.body, {"oid", "name", "email", "mobile", "captcha_id", "captcha_answer"});
    auth::PasswordRecovery::Request r;
    r.oid = in.required_string("oid");
    r.name = in.required_string("name");
    r.email = in.required_string("email");
    r.mobile = in.required_string("mobile");
    r.captcha_id = in.required_string("captcha_id");
    r.captcha_answer = in.required_string("captcha_answer");
    ctx.recovery.recover(r, req.remote);
    return json_response(202, {{"message",
                                "If these details match a contact of the unit, a new password is on its way to that "
                                "contact's e-mail and mobile. It works for 24 hours; the old password keeps working "
                                "until the new one is first used."}});
  }));

  router.add("POST", "/api/v1/auth/logout", [&ctx](http::Request& req) {
    const auto credential = credential_of(ctx, req);
    if (!credential.empty() && credential.rfind(auth::kApiKeyPrefix, 0) != 0) ctx.auth.logout(credential);
    auto response = json_response(200, {{"signed_out", true}});
    response.with_header("Set-Cookie", session_cookie(ctx, "", 0));
    return response;
  });

  router.add("GET", "/api/v1/auth/me", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req, true);
    return json_response(200, me(ctx, p));
  });

  router.add_async("POST", "/api/v1/auth/password", on_hashing_pool(ctx, [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req, true);
    JsonInput in(req.body, {"current_password", "new_password"});
    ctx.organisation.change_own_password(p, in.required_string("current_password"), in.required_string("new_password"));
    return json_response(200, {{"changed", true}});
  }));
}

}  // namespace tongbao::api
