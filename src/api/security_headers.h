#pragma once
// The headers every answer carries (API, web application, reports, CSV files, errors): what a
// browser may load and run for the page, no framing, no type sniffing, no referrer, and HTTPS
// only once served over HTTPS.
#include <string>
#include <utility>
#include <vector>

namespace tongbao::api {

// The policy of the web application: scripts, styles and everything else from this server only,
// no inline script or style; images may be data: URLs (the captcha).
std::string content_security_policy();

// `https`: served behind HTTPS (secure cookies), so Strict-Transport-Security is sent too.
std::vector<std::pair<std::string, std::string>> security_headers(bool https);

}  // namespace tongbao::api
