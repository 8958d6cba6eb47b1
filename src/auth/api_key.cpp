#include "auth/api_key.h"

#include "auth/auth_service.h"
#include "auth/tokens.h"
#include "store/auth_store.h"

namespace tongbao::auth {

IssuedKey issue_api_key(store::Transaction& tx, long long unit_id, const std::string& name,
                        const std::string& created_by, core::TimeMs now, const std::string& scope,
                        std::optional<core::TimeMs> expires_at) {
  IssuedKey out;
  out.key = std::string(kApiKeyPrefix) + random_token(32);
  store::auth::ApiKeyRow row;
  row.unit_id = unit_id;
  row.name = name;
  row.prefix = out.key.substr(0, 10);
  row.created_by = created_by;
  row.created_at = now;
  row.scope = scope;
  row.expires_at = expires_at;
  out.id = store::auth::insert_api_key(tx, row, sha256_hex(out.key));
  return out;
}

}  // namespace tongbao::auth
