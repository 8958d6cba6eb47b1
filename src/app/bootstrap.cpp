#include "app/bootstrap.h"

#include "audit/audit_log.h"
#include "auth/password.h"
#include "auth/tokens.h"
#include "org/org_json.h"
#include "store/contact_store.h"
#include "store/unit_store.h"

namespace tongbao::app {
namespace {

struct DemoUnit {
  const char* oid;
  const char* code;
  const char* name;
  core::UnitKind kind;
  const char* parent;
  std::vector<std::string> ranges;
  const char* contact_name;
  const char* account;
};

// Addresses are from the documentation ranges (RFC 5737, RFC 3849): they route nowhere.
const std::vector<DemoUnit>& demo_units() {
  static const std::vector<DemoUnit> units = {
      {"2.16.886.111.90000.1", "TACERT", "臺灣學術網路危機處理中心", core::UnitKind::cert, nullptr, {}, "陳怡君", "cert"},
      {"2.16.886.111.90000.2", "SOUTHRC", "南區區域網路中心", core::UnitKind::regional_centre, "2.16.886.111.90000.1",
       {"198.51.100.0/24", "2001:db8::/32"}, "林志明", "south"},
      {"2.16.886.111.90000.3", "KHCC", "高雄市教育網路中心", core::UnitKind::county_centre, "2.16.886.111.90000.2",
       {"198.51.100.0/25", "2001:db8:100::/40"}, "王淑芬", "kaohsiung"},
      {"2.16.886.111.90000.4", "PTCC", "屏東縣教育網路中心", core::UnitKind::county_centre, "2.16.886.111.90000.2",
       {"198.51.100.128/25", "2001:db8:200::/40"}, "張家豪", "pingtung"},
      {"2.16.886.111.90000.31", "KHJH01", "高雄市立港都國民中學", core::UnitKind::school, "2.16.886.111.90000.3",
       {"198.51.100.0/27", "2001:db8:101::/48"}, "黃美玲", "teacher"},
      {"2.16.886.111.90000.32", "KHES02", "高雄市立旗津國民小學", core::UnitKind::school, "2.16.886.111.90000.3",
       {"198.51.100.32/27", "2001:db8:102::/48"}, "吳建宏", "teacher"},
      {"2.16.886.111.90000.41", "PTJH01", "屏東縣立海濱國民中學", core::UnitKind::school, "2.16.886.111.90000.4",
       {"198.51.100.128/27", "2001:db8:201::/48"}, "李雅婷", "teacher"},
      {"2.16.886.111.90000.42", "PTES02", "屏東縣立山地國民小學", core::UnitKind::school, "2.16.886.111.90000.4",
       {"198.51.100.160/27", "2001:db8:202::/48"}, "劉俊傑", "teacher"},
  };
  return units;
}

void add_unit_with_contact(store::Transaction& tx, core::Unit unit, core::Contact contact, const std::string& hash,
                           core::TimeMs now) {
  store::units::insert(tx, unit, now);
  audit::append(tx, now, "system", "unit.create", "unit", unit.oid, std::nullopt, org::to_json(unit).dump());
  contact.unit_id = unit.id;
  store::contacts::insert(tx, contact, hash, now);
  audit::append(tx, now, "system", "contact.open", "contact", unit.oid + "#" + std::to_string(contact.slot),
                std::nullopt, org::to_json(contact, unit.oid).dump());
}

}  // namespace

std::vector<DemoAccount> seed_demo(store::Database& db, const core::Clock& clock) {
  std::vector<DemoAccount> accounts;
  const std::string hash = auth::hash_password(kDemoPassword);
  db.write([&](store::Transaction& tx) {
    if (store::units::any(tx)) return;
    const auto now = clock.now();
    int n = 0;
    for (const auto& d : demo_units()) {
      core::Unit u;
      u.oid = d.oid;
      u.code = d.code;
      u.name = d.name;
      u.kind = d.kind;
      if (d.parent) u.parent_oid = d.parent;
      u.ip_ranges = core::parse_ip_ranges(d.ranges);
      core::Contact c;
      c.slot = 1;
      c.account = d.account;
      c.name = d.contact_name;
      c.title = "資訊組長";
      c.email = std::string(d.account) + "." + std::to_string(++n) + "@demo.tongbao.test";
      c.mobile = "0912-000-00" + std::to_string(n);
      c.phone = "07-555-000" + std::to_string(n);
      c.account_manager = true;
      add_unit_with_contact(tx, u, c, hash, now);
      accounts.push_back({d.name, d.oid, d.account, kDemoPassword});
    }
  });
  return accounts;
}

std::string seed_first_administrator(store::Database& db, const core::Clock& clock, const Config& config) {
  core::Unit u;
  u.oid = config.init_oid;
  u.code = config.init_code;
  u.name = config.init_name;
  u.kind = core::UnitKind::cert;
  core::validate_oid(u.oid, "init-oid");
  core::validate_unit_code(u.code, "init-code");
  core::validate_unit_name(u.name, "init-name");
  std::string password = auth::random_password(16);
  const std::string hash = auth::hash_password(password);
  bool created = false;
  db.write([&](store::Transaction& tx) {
    if (store::units::any(tx)) return;
    core::Contact c;
    c.slot = 1;
    c.account = "admin";
    c.name = "Administrator";
    c.email = "admin@localhost.localdomain";
    c.account_manager = true;
    c.must_change_password = true;
    add_unit_with_contact(tx, u, c, hash, clock.now());
    created = true;
  });
  return created ? password : std::string();
}

}  // namespace tongbao::app
