#pragma once
// What an edit changed in a report, for its reviewer: each field that differs (nested ones by
// dotted path, e.g. impact.availability; lists such as hosts as a whole) with its text before and
// after, each cut to a readable length. Kept in the edit's history entry.
#include <nlohmann/json.hpp>

namespace tongbao::core {

// [{"field": "description", "from": "...", "to": "..."}, ...] by field name.
nlohmann::json report_changes(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace tongbao::core
