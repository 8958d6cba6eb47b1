#pragma once
// API keys for machine clients (security operations centres): "tbk_" + 256 random bits.
#include <optional>
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace tongbao::auth {

struct IssuedKey {
  long long id = 0;
  std::string key;  // shown once; only its digest is stored
};
IssuedKey issue_api_key(store::Transaction& tx, long long unit_id, const std::string& name,
                        const std::string& created_by, core::TimeMs now, const std::string& scope = "read_write",
                        std::optional<core::TimeMs> expires_at = std::nullopt);

}  // namespace tongbao::auth
