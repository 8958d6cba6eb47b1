#pragma once
// How units and contacts look as JSON: in API answers and in audit entries alike.
#include <nlohmann/json.hpp>

#include "core/unit.h"

namespace tongbao::org {

nlohmann::json to_json(const core::Unit& unit);
nlohmann::json to_json(const core::Contact& contact, const std::string& unit_oid);

}  // namespace tongbao::org
