#pragma once
// The demo organisation in a test database of its own, with the incident service over it and its
// people signed in as principals: for tests that call the services directly, without a server.
#include <memory>
#include <string>
#include <vector>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "app/config.h"
#include "audit/audit_log.h"
#include "auth/auth_service.h"
#include "core/clock.h"
#include "core/incident_json.h"
#include "core/json_input.h"
#include "core/time_format.h"
#include "incidents/incident_service.h"
#include "store/unit_store.h"
#include "support/incident_fixtures.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace tongbao::test_support {

class DemoServices {
 public:
  DemoServices() {
    audit::ChainKey key;  // every audit entry needs the chain's key: a fixed one here
    key.bytes.fill(7);
    audit::use_chain_key(key);
    app::seed_demo(db, clock);
  }

  core::Principal principal(const char* oid, const char* account) {
    return auth.login(oid, account, app::kDemoPassword, "127.0.0.1").principal;
  }

  // `n` botnet tickets filed by `who`, their ids in the order filed.
  std::vector<long long> file(const core::Principal& who, int n) {
    std::vector<long long> ids;
    for (int i = 0; i < n; ++i) {
      const auto body = botnet_report(core::format_utc(clock.now() - 3'600'000));
      core::JsonInput in(body, "", core::kReportFields);
      ids.push_back(incidents.create(who, core::parse_report(in), false, true).incident.id);
    }
    return ids;
  }

  // `n` more schools under `parent`, their OIDs ending in `arc` and a number (e.g. ".9" + i).
  void add_schools(const char* parent, int n, const std::string& arc) {
    db.write([&](store::Transaction& tx) {
      for (int i = 0; i < n; ++i) {
        core::Unit u;
        u.oid = std::string(parent) + arc + std::to_string(i);
        u.code = "S" + arc.substr(1) + "-" + std::to_string(i);
        u.name = "school " + arc.substr(1) + "-" + std::to_string(i);
        u.kind = core::UnitKind::school;
        u.parent_oid = parent;
        store::units::insert(tx, u, clock.now());
      }
    });
  }

  TempDir dir;
  std::unique_ptr<store::Database> opened = open_test_database(dir.file("t.db"));
  store::Database& db = *opened;
  core::TestClock clock;
  auth::AuthService auth{db, clock};
  core::PolicySet policies = app::load_policies(app::Config{});
  incidents::IncidentService incidents{db, clock, policies, dir.file("attachments")};
};

}  // namespace tongbao::test_support
