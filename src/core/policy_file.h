#pragma once
// Reads a policy profile file: "key = value" lines, "[reminders]", "[deadline KEY]" and
// "[level_criterion KEY]" sections, "#" comments. Every error names the file, the line and the field.
#include <string>

#include "core/policy.h"

namespace tongbao::core {

// Throws core::Error (invalid) whose message starts "FILE:LINE: " and whose field is the key.
PolicyProfile parse_policy_profile(const std::string& text, const std::string& source);

}  // namespace tongbao::core
