#pragma once
// Pages that print (the monthly report, a ticket's improvement report): text escaped for HTML,
// and an answer whose one stylesheet is allowed by its digest, with no script at all.
#include <string>
#include <string_view>

#include "http/message.h"

namespace tongbao::api {

std::string html_escape(const std::string& s);
// The Content-Security-Policy of a page whose only inline content is this stylesheet.
std::string printable_page_policy(std::string_view style);
http::Response printable_page(std::string html, const std::string& policy);

}  // namespace tongbao::api
