#include "api/caller.h"

#include "api/same_origin.h"
#include "core/error.h"

namespace tongbao::api {

std::string credential_of(const ApiContext& ctx, const http::Request& request) {
  const std::string authorization = request.header("authorization");
  constexpr std::string_view bearer = "Bearer ";
  if (authorization.size() > bearer.size() && authorization.compare(0, bearer.size(), bearer) == 0)
    return authorization.substr(bearer.size());
  std::string cookie = request.cookie(kSessionCookie);
  if (!cookie.empty() && is_unsafe_method(request.method) && is_cross_site(request, ctx.public_url))
    throw core::Error(core::ErrorKind::forbidden, "cross_site_request",
                      "A page of another site may not change anything with your session; use this server's own pages.");
  return cookie;
}

core::Principal require_caller(ApiContext& ctx, const http::Request& request, bool allow_pending_steps) {
  auto principal = ctx.auth.authenticate(credential_of(ctx, request));
  if (!principal)
    throw core::Error(core::ErrorKind::unauthenticated, "unauthenticated", "Sign in first: no valid session or API key.");
  if (request.log)
    request.log->actor = principal->unit_oid + (principal->api_key_id ? " api_key " + std::to_string(principal->api_key_id)
                                                                       : " contact " + std::to_string(principal->contact_id));
  // A key of scope read may only look: refused before any route reads the body or changes anything.
  if (principal->read_only && request.method != "GET" && request.method != "HEAD")
    throw core::Error(core::ErrorKind::forbidden, "key_scope",
                      "This API key may only read (GET, HEAD); changes need a key of scope read_write.");
  if (principal->must_change_password && !allow_pending_steps)
    throw core::Error(core::ErrorKind::forbidden, "password_change_required",
                      "Change your one-time password first (POST /api/v1/auth/password).");
  if (principal->must_enrol_second_factor && !allow_pending_steps)
    throw core::Error(core::ErrorKind::forbidden, "second_factor_enrolment_required",
                      "Your unit's contacts sign in with a second factor: set it up first "
                      "(POST /api/v1/auth/second-factor/enrolment).");
  return *principal;
}

}  // namespace tongbao::api
