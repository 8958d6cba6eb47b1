#include "org/org_json.h"

#include "core/time_format.h"

namespace tongbao::org {

nlohmann::json to_json(const core::Unit& u) {
  nlohmann::json ranges = nlohmann::json::array();
  for (const auto& r : u.ip_ranges) ranges.push_back(r.to_string());
  return {{"oid", u.oid},
          {"code", u.code},
          {"name", u.name},
          {"kind", core::to_string(u.kind)},
          {"parent_oid", u.parent_oid ? nlohmann::json(*u.parent_oid) : nlohmann::json(nullptr)},
          {"ip_ranges", ranges},
          {"created_at", core::format_utc(u.created_at)},
          {"updated_at", core::format_utc(u.updated_at)}};
}

nlohmann::json to_json(const core::Contact& c, const std::string& unit_oid) {
  return {{"unit_oid", unit_oid},
          {"slot", c.slot},
          {"account", c.account},
          {"name", c.name},
          {"title", c.title},
          {"email", c.email},
          {"mobile", c.mobile},
          {"phone", c.phone},
          {"locale", c.locale},
          {"account_manager", c.account_manager},
          {"active", c.active},
          {"must_change_password", c.must_change_password}};
}

}  // namespace tongbao::org
