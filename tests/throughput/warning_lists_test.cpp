// Warnings as each role lists them: a school its own, a centre its subtree's, the CERT all. The
// subtree is read as the ids of its units, never as a join on every warning's unit path (a school's
// list read every warning in the country), and totals are counted to a cap from the index by unit,
// or for open warnings anywhere from their own index.
#include <gtest/gtest.h>

#include "store/unit_store.h"
#include "store/warning_store.h"
#include "support/demo.h"
#include "support/demo_services.h"

using namespace tongbao;

namespace {

using Answer = std::pair<size_t, long long>;  // the page's size, the total

void add_warnings(test_support::DemoServices& s, const char* unit_oid, int n, const std::string& state) {
  s.db.write([&](store::Transaction& tx) {
    const auto unit = store::units::find_by_oid(tx, unit_oid)->id;
    const auto cert = store::units::find_by_oid(tx, test_support::demo::kCert)->id;
    const auto first = tx.query_one("SELECT COUNT(*) FROM warnings")->integer(0);
    for (int i = 0; i < n; ++i)
      tx.execute("INSERT INTO warnings (number, issuer_unit_id, unit_id, host, subcategory, addresses_json, protocol, "
                 "observed_at, first_seen, last_seen, repeat_count, description, evidence, rule_id, state, due_at, "
                 "created_at, updated_at, tlp) VALUES (?, ?, ?, ?, 'botnet', '[]', 'tcp', 1, 1, 1, 1, '', '', 'r', ?, 2, "
                 "1, 1, 'amber')",
                 {"EW-T-" + std::to_string(first + i), static_cast<std::int64_t>(cert), static_cast<std::int64_t>(unit),
                  "10.0.0." + std::to_string(first + i), state});
  });
}

}  // namespace

TEST(WarningLists, EachRoleCountsItsOwnFromTheIndexByUnit) {
  test_support::DemoServices s;
  s.add_schools(test_support::demo::kCountyA, 20, ".9");  // a county too large to read unit by unit
  add_warnings(s, test_support::demo::kSchoolA1, 3, "answered");
  add_warnings(s, test_support::demo::kSchoolA1, 2, "open");
  add_warnings(s, test_support::demo::kSchoolB1, 4, "open");
  const auto path_of = [&](const char* oid) {
    return s.db.read_value([&](store::Transaction& tx) { return store::units::find_by_oid(tx, oid)->path; });
  };
  auto answer = [&](store::warnings::Filter f, long long cap = 10'000) {
    return s.db.read_value([&](store::Transaction& tx) {
      return std::pair(store::warnings::list(tx, f).size(), store::warnings::count(tx, f, cap));
    });
  };
  auto plan = [&](const store::warnings::Filter& f) {
    return s.db.read_value([&](store::Transaction& tx) {
      const auto plan = store::warnings::list_plan(tx, f);
      const auto split = plan.find("-- the total:");
      return std::pair(plan.substr(0, split), plan.substr(split));
    });
  };
  const bool sqlite = s.db.read_value([](store::Transaction& tx) { return tx.dialect() == store::Dialect::sqlite; });
  store::warnings::Filter school, county, cert_open;
  school.within_path = path_of(test_support::demo::kSchoolA1);
  county.within_path = path_of(test_support::demo::kCountyA);
  cert_open.state = "open";
  EXPECT_EQ(answer(school), Answer(5, 5));
  EXPECT_EQ(answer(county), Answer(5, 5)) << "the other county's are not its";
  EXPECT_EQ(answer(cert_open), Answer(6, 6));
  EXPECT_EQ(answer(cert_open, 4).second, 4) << "counted to the cap";
  store::warnings::Filter school_open = school;
  school_open.state = "open";
  EXPECT_EQ(answer(school_open), Answer(2, 2));

  // What SQLite reads: the subtree's units from the path index and their warnings from the index by
  // unit, never every unit's path nor every warning; open warnings anywhere from their own index.
  if (!sqlite) return;  // PostgreSQL plans by its own statistics
  for (const auto* f : {&school, &school_open}) {
    const auto [page, total] = plan(*f);
    EXPECT_NE(page.find("warnings_unit"), std::string::npos) << page;
    EXPECT_NE(total.find("warnings_unit"), std::string::npos) << total;
    EXPECT_EQ((page + total).find("SCAN units"), std::string::npos) << page << total;
  }
  const auto [county_page, county_total] = plan(county);
  EXPECT_NE(county_total.find("warnings_unit"), std::string::npos) << "a county's total, by its units: " << county_total;
  EXPECT_EQ((county_page + county_total).find("SCAN units"), std::string::npos) << county_page << county_total;
  const auto [open_page, open_total] = plan(cert_open);
  EXPECT_NE(open_total.find("warnings_open_host"), std::string::npos) << open_total;
}
