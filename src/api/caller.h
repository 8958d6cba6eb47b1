#pragma once
// Who is calling: a session (cookie or bearer token) or an API key (bearer), else 401.
#include "api/context.h"
#include "core/access.h"
#include "http/message.h"

namespace tongbao::api {

constexpr const char* kSessionCookie = "tongbao_session";

// The credential a request carries: "Authorization: Bearer X" first, then the session cookie.
// Throws 403 `cross_site_request` when the cookie comes with a change (POST, PUT, PATCH, DELETE)
// asked for by a page of another site: every cookie-authenticated request passes here.
std::string credential_of(const ApiContext& ctx, const http::Request& request);

// Throws 401 when nobody is signed in; 403 while a one-time password awaits its change or a
// second factor the policy asks for is not set up, unless `allow_pending_steps` (for the
// endpoints that let the person do those, and see who they are); 403 `key_scope` when an API key
// of scope read asks for anything but GET or HEAD (every route passes here, so none may change).
core::Principal require_caller(ApiContext& ctx, const http::Request& request, bool allow_pending_steps = false);

}  // namespace tongbao::api
