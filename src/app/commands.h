#pragma once
// The command-line entry points. Each returns the process exit code.
#include <optional>
#include <string>

#include "app/config.h"
#include "core/policy_set.h"

namespace tongbao::app {

// The built-in profiles (or --policy-dir), with the deployment's choice applied.
core::PolicySet load_policies(const Config& config);
int serve(const Config& config);
int import_units(const Config& config, const std::string& csv_path, bool dry_run);
int export_units(const Config& config, const std::optional<std::string>& root_oid, const std::string& out_path);
// The chain, its checkpoints (the configured file, or `checkpoints`: a copy shipped elsewhere,
// checked with `public_key` when given) and every ticket. 0 intact, 1 broken, 2 not checkable.
int verify_audit(const Config& config, const std::string& checkpoints = {}, const std::string& public_key = {});
// Recovery from the server's shell for administrators locked out: a new one-time password
// (printed once), or the second factor cleared. Audited as "console". 0 done, 1 refused.
int reset_contact_password(const Config& config, const std::string& oid, const std::string& account);
int reset_contact_second_factor(const Config& config, const std::string& oid, const std::string& account);
// The outbox without the web, for a mail outage: the dead letters listed, and put back in the
// queue (one, or all of them; audited as "console"). 0 done, 1 nothing to retry.
int list_dead_letters(const Config& config);
int retry_dead_letters(const Config& config, const std::optional<long long>& id);
// Lists the schema migrations the database lacks and, unless dry_run, applies them in one
// transaction. 0 done (or nothing pending), 1 pending on a dry run, 2 refused.
int migrate(const Config& config, bool dry_run);
// Copies the installation's SQLite database (`from`: sqlite:PATH or PATH) into an empty database
// at `to` (postgresql://…), then checks it: each table's count, and the audit chain with this
// installation's key and checkpoints. 0 copied and verified, 1 copied but not verified, 2 refused.
int copy_database(const Config& config, const std::string& from, const std::string& to);

}  // namespace tongbao::app
