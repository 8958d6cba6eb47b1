#pragma once
// Whether a browser sent a request from a page of another site. A session cookie goes with every
// request to this server, whichever page makes it, so a change made with the cookie must come from
// the server's own pages (API keys and bearer tokens are sent by the client itself: not asked).
#include <string>

#include "http/message.h"

namespace tongbao::api {

// POST, PUT, PATCH, DELETE: what a page of another site must not do with the person's cookie.
bool is_unsafe_method(const std::string& method);

// True when `Sec-Fetch-Site` says cross-site, or `Origin` names another origin than this server
// (its Host, or `public_url` when set: behind a reverse proxy the Host may differ). A request
// with neither header comes from a client that is not a browser page, and is not refused here.
bool is_cross_site(const http::Request& request, const std::string& public_url);

}  // namespace tongbao::api
