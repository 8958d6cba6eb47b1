#pragma once
// Name-based UUIDs (RFC 4122 version 5, SHA-1): the same name in the same namespace always gives
// the same identifier, so an object exported twice keeps its id.
#include <string>
#include <string_view>

namespace tongbao::core {

// Lower-case text "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx"; `ns` is a UUID in text form.
std::string uuid5(std::string_view ns, std::string_view name);

}  // namespace tongbao::core
