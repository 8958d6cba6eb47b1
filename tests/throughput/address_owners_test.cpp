// The owners of addresses are kept in memory between batches of warnings and read again only when
// a unit's ranges changed. A change must be seen however close it comes to the last one: two in
// one millisecond, or one stamped earlier than the last (a clock set back), route the next batch.
#include <gtest/gtest.h>

#include "core/ip_range.h"
#include "org/address_owners.h"
#include "store/unit_store.h"
#include "support/demo.h"
#include "support/demo_services.h"

using namespace tongbao;

namespace {

std::optional<long long> owner(test_support::DemoServices& s, org::AddressOwners& owners, const std::string& ip) {
  return s.db.read_value([&](store::Transaction& tx) { return owners.table(tx)->lookup(ip); });
}

// The unit's ranges replaced, its change stamped `at`.
long long give_ranges(test_support::DemoServices& s, const std::string& oid, const std::vector<std::string>& ranges,
                      core::TimeMs at) {
  return s.db.write_value([&](store::Transaction& tx) {
    auto unit = *store::units::find_by_oid(tx, oid);
    unit.ip_ranges = core::parse_ip_ranges(ranges);
    store::units::update(tx, unit, at);
    return unit.id;
  });
}

}  // namespace

TEST(AddressOwners, ChangesInOneMillisecondOrStampedEarlierAreSeen) {
  test_support::DemoServices s;
  org::AddressOwners owners;
  const auto now = s.clock.now();
  const auto first = give_ranges(s, test_support::demo::kSchoolA1, {"192.0.2.0/28"}, now);
  EXPECT_EQ(owner(s, owners, "192.0.2.5"), first);  // read and kept

  // The range moves to another school in the same millisecond.
  give_ranges(s, test_support::demo::kSchoolA1, {}, now);
  const auto second = give_ranges(s, test_support::demo::kSchoolB1, {"192.0.2.0/28"}, now);
  EXPECT_EQ(owner(s, owners, "192.0.2.5"), second) << "two changes in one millisecond";

  // And back, stamped a minute earlier than the last change.
  give_ranges(s, test_support::demo::kSchoolB1, {}, now - 60'000);
  give_ranges(s, test_support::demo::kSchoolA1, {"192.0.2.0/28"}, now - 60'000);
  EXPECT_EQ(owner(s, owners, "192.0.2.5"), first) << "a change stamped before the last";

  // Nothing changed: the same table, not read again.
  const auto kept = s.db.read_value([&](store::Transaction& tx) { return owners.table(tx); });
  EXPECT_EQ(s.db.read_value([&](store::Transaction& tx) { return owners.table(tx); }), kept);
}
