#pragma once
// The audit chain's anchors for one installation: its key, loaded (or created on the first start
// of a chain that has no keyed entry yet) and put in use for appends, and the checkpoint log.
#include <memory>
#include <string>

#include "app/config.h"
#include "audit/audit_log.h"
#include "audit/checkpoints.h"
#include "store/database.h"

namespace tongbao::app {

// For commands that write. Throws std::runtime_error when the chain is keyed and the key is
// gone: a new key would silently orphan every keyed entry.
std::unique_ptr<audit::CheckpointLog> open_audit_anchors(store::Database& db, const Config& config);

// For `audit verify` and the API: the key if there is one (never created), the checkpoints to check
// (`checkpoints` overrides the configured file: a copy shipped elsewhere) and the public key
// (from `public_key_file`, else derived from the key, else the .pub beside the checkpoints).
audit::VerifyOptions audit_verify_options(const Config& config, const std::string& checkpoints = {},
                                          const std::string& public_key_file = {});

}  // namespace tongbao::app
