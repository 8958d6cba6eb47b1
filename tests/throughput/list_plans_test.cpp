// A school's open list is the page its people see first. It must read the school's own tickets,
// not walk every open ticket in the country looking for the school's: at a million tickets the
// walk took 11 ms for a school with two open tickets, and it grows with every open ticket filed
// anywhere.
#include <gtest/gtest.h>

#include "store/incident_store.h"
#include "store/unit_store.h"
#include "support/demo.h"
#include "support/demo_services.h"
#include "support/ticket_copies.h"

using namespace tongbao;

namespace {

std::vector<long long> ids_of(const incidents::IncidentService::Page& page) {
  std::vector<long long> ids;
  for (const auto& item : page.items) ids.push_back(item.summary.id);
  return ids;
}

}  // namespace

TEST(ListPlans, ASchoolsOpenListReadsTheSchoolsTicketsNotEveryOpenTicketInTheCountry) {
  test_support::DemoServices s;
  const auto a1 = s.principal(test_support::demo::kSchoolA1, "teacher");
  const auto b1 = s.principal(test_support::demo::kSchoolB1, "teacher");
  const auto own = s.file(a1, 2);
  test_support::copy_ticket(s.db, s.file(b1, 1).front(), 3'000);

  // What the school sees: its two open tickets, newest first, through the service as a request asks.
  incidents::ListQuery open;
  EXPECT_EQ(ids_of(s.incidents.list(a1, open)), (std::vector<long long>{own[1], own[0]}));
  incidents::ListQuery mine;
  mine.mine = true;
  EXPECT_EQ(ids_of(s.incidents.list(a1, mine)), (std::vector<long long>{own[1], own[0]}));
  EXPECT_EQ(s.incidents.list(b1, open).total, 3'001) << "the other school's open tickets are all there";

  // How the page is read: from the index of the school's tickets (which holds their states), never
  // from the index of every open ticket.
  const std::vector<std::string> open_states = {"reported", "responded", "centre_review", "cert_review", "returned"};
  store::incidents::Filter subtree;
  subtree.within_path = a1.unit_path;
  subtree.states = open_states;
  store::incidents::Filter one_unit;
  one_unit.unit_id = a1.unit_id;
  one_unit.states = open_states;
  s.db.read([&](store::Transaction& tx) {
    for (const auto* f : {&subtree, &one_unit}) {
      const auto plan = store::incidents::list_plan(tx, *f);
      ASSERT_FALSE(plan.empty());
      // PostgreSQL plans from its own statistics (at this size a scan is its fair choice); SQLite
      // plans without any and follows what the query says.
      if (tx.dialect() != store::Dialect::sqlite) continue;
      EXPECT_NE(plan.find("incidents_unit_newest"), std::string::npos) << plan;
      EXPECT_EQ(plan.find("incidents_state"), std::string::npos) << plan;
      // The school's units are found through the path index, not by a look at every unit's path.
      EXPECT_EQ(plan.find("SCAN units"), std::string::npos) << plan;
    }
  });
}

// A county centre's lists narrowed by type, level or drill read its units' tickets from the unit
// index, which holds those columns: walking the country's tickets newest first passed twenty for
// each of the county's and, for the total, every ticket in the country (110-140 ms at a million).
// The whole country's drills come from their own index.
TEST(ListPlans, ACountysNarrowedListReadsItsUnitsTicketsAndTheCountrysDrillsTheirIndex) {
  test_support::DemoServices s;
  // A county of 30 more schools, and a country of over 400.
  s.add_schools(test_support::demo::kCountyA, 30, ".8");
  s.add_schools(test_support::demo::kCountyB, 400, ".7");
  const auto a1 = s.principal(test_support::demo::kSchoolA1, "teacher");
  const auto b1 = s.principal(test_support::demo::kSchoolB1, "teacher");
  const auto centre = s.principal(test_support::demo::kCountyA, "kaohsiung");
  const auto cert = s.principal(test_support::demo::kCert, "cert");
  const auto own = s.file(a1, 3);
  const auto other = s.file(b1, 2);
  s.db.write([&](store::Transaction& tx) {
    tx.execute("UPDATE incidents SET drill = 1, level = 4 WHERE id IN (?, ?)", {own[1], other[0]});
  });

  // What each sees: the county its own drill, the CERT both, newest first, with their totals.
  incidents::ListQuery drills;
  drills.scope = "all";
  drills.drill = true;
  EXPECT_EQ(ids_of(s.incidents.list(centre, drills)), (std::vector<long long>{own[1]}));
  EXPECT_EQ(ids_of(s.incidents.list(cert, drills)), (std::vector<long long>{other[0], own[1]}));
  EXPECT_EQ(s.incidents.list(cert, drills).total, 2);
  incidents::ListQuery level4;
  level4.scope = "all";
  level4.level = 4;
  EXPECT_EQ(ids_of(s.incidents.list(centre, level4)), (std::vector<long long>{own[1]}));
  incidents::ListQuery not_drills;
  not_drills.scope = "all";
  not_drills.drill = false;
  EXPECT_EQ(ids_of(s.incidents.list(centre, not_drills)), (std::vector<long long>{own[2], own[0]}));

  const std::vector<std::string> all_states = {"reported", "responded", "centre_review", "cert_review",
                                               "returned",  "closed",    "discarded"};
  store::incidents::Filter county_drills, county_type, county_level, country_drills, county_all;
  for (auto* f : {&county_drills, &county_type, &county_level, &county_all}) {
    f->within_path = centre.unit_path;
    f->states = all_states;
  }
  county_drills.drill = true;
  county_type.type = "INT";
  county_level.level = 4;
  country_drills.within_path = cert.unit_path;
  country_drills.states = all_states;
  country_drills.drill = true;
  s.db.read([&](store::Transaction& tx) {
    if (tx.dialect() != store::Dialect::sqlite) return;  // PostgreSQL plans from its own statistics
    for (const auto* f : {&county_drills, &county_type, &county_level}) {
      const auto plan = store::incidents::list_plan(tx, *f);
      EXPECT_NE(plan.find("incidents_unit_newest"), std::string::npos) << plan;
      EXPECT_EQ(plan.find("SCAN i"), std::string::npos) << "no walk of every ticket\n" << plan;
    }
    // The page and its total: the drills' index both times, and no read of a wider index.
    const auto plan = store::incidents::list_plan(tx, country_drills);
    const auto total = plan.substr(plan.find("-- the total:"));
    EXPECT_NE(plan.find("incidents_drills"), std::string::npos) << plan;
    EXPECT_NE(total.find("incidents_drills"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("incidents_unit_newest"), std::string::npos) << plan;
    // Unnarrowed, a county's page still walks newest first: the page ends the walk.
    const auto all = store::incidents::list_plan(tx, county_all);
    EXPECT_EQ(all.substr(0, all.find("-- the total:")).find("incidents_unit_newest"), std::string::npos) << all;
  });
}
