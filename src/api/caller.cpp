#include "api/caller.h"

#include "core/error.h"

namespace tongbao::api {

std::string credential_of(const http::Request& request) {
  const std::string authorization = request.header("authorization");
  constexpr std::string_view bearer = "Bearer ";
  if (authorization.size() > bearer.size() && authorization.compare(0, bearer.size(), bearer) == 0)
    return authorization.substr(bearer.size());
  return request.cookie(kSessionCookie);
}

core::Principal require_caller(ApiContext& ctx, const http::Request& request, bool allow_pending_password_change) {
  auto principal = ctx.auth.authenticate(credential_of(request));
  if (!principal)
    throw core::Error(core::ErrorKind::unauthenticated, "unauthenticated", "Sign in first: no valid session or API key.");
  if (principal->must_change_password && !allow_pending_password_change)
    throw core::Error(core::ErrorKind::forbidden, "password_change_required",
                      "Change your one-time password first (POST /api/v1/auth/password).");
  return *principal;
}

}  // namespace tongbao::api
