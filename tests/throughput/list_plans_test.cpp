// A school's open list is the page its people see first. It must read the school's own tickets,
// not walk every open ticket in the country looking for the school's: at a million tickets the
// walk took 11 ms for a school with two open tickets, and it grows with every open ticket filed
// anywhere.
#include <gtest/gtest.h>

#include "store/incident_store.h"
#include "support/demo.h"
#include "support/demo_services.h"

using namespace tongbao;

namespace {

// `copies` more open tickets of the unit that filed `ticket` (their numbers left empty), as the
// rest of the country has them.
void copy_open_ticket(store::Database& db, long long ticket, int copies) {
  db.write([&](store::Transaction& tx) {
    const char* sql = tx.dialect() == store::Dialect::postgresql
                          ? "SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = 'incidents' ORDER BY ordinal_position"
                          : "SELECT name FROM pragma_table_info('incidents')";
    std::string columns;
    for (const auto& row : tx.query(sql)) {
      const std::string name = row.text(0);
      if (name == "id" || name == "number") continue;
      columns += (columns.empty() ? "" : ", ") + name;
    }
    tx.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " + std::to_string(copies) +
                   ") INSERT INTO incidents (" + columns + ") SELECT " + columns + " FROM incidents, n WHERE id = ?",
               {static_cast<std::int64_t>(ticket)});
    if (tx.dialect() == store::Dialect::postgresql) tx.execute("ANALYZE incidents", {});
  });
}

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
  copy_open_ticket(s.db, s.file(b1, 1).front(), 3'000);

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
