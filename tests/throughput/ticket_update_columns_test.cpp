// A ticket's update sets only the columns that change. SQLite rewrites every index that holds a
// column an UPDATE sets, whether its value changed or not, and a ticket has a dozen indexes: a
// change of state set every column, and so rewrote the ticket's place in all of them.
#include <gtest/gtest.h>

#include <set>

#include "store/incident_store.h"
#include "support/demo.h"
#include "support/demo_services.h"

using namespace tongbao;

namespace {

// The columns an UPDATE of incidents sets, as SQLite's triggers see them (UPDATE OF fires for a
// column in the SET list, changed or not), recorded on the writer's connection.
std::set<std::string> columns_set_by(test_support::DemoServices& s, const std::function<void(store::Transaction&)>& change) {
  std::set<std::string> out;
  s.db.write([&](store::Transaction& tx) {
    tx.execute("CREATE TEMP TABLE IF NOT EXISTS columns_set (name TEXT)");
    tx.execute("DELETE FROM columns_set");
    for (const char* column : {"number", "unit_id", "type", "subcategory", "state", "level", "aware_at", "aware_month",
                               "report_json", "updated_at", "closed_at", "parent_id", "late_from"})
      tx.execute(std::string("CREATE TEMP TRIGGER IF NOT EXISTS set_") + column + " AFTER UPDATE OF " + column +
                 " ON incidents BEGIN INSERT INTO columns_set VALUES ('" + column + "'); END");
    change(tx);
    for (auto& r : tx.query("SELECT name FROM columns_set")) out.insert(r.text(0));
  });
  return out;
}

// The lateness marks as kept: these tests change other things.
core::LatenessMarks kept_marks(store::Transaction& tx, long long id) {
  const auto r = tx.query_one("SELECT late_from, overdue_from FROM incidents WHERE id = ?", {static_cast<std::int64_t>(id)});
  return {r->optional_integer(0), r->optional_integer(1)};
}

}  // namespace

TEST(TicketUpdateColumns, AnUpdateSetsOnlyWhatChanged) {
  test_support::DemoServices s;
  if (s.db.read_value([](store::Transaction& tx) { return tx.dialect(); }) != store::Dialect::sqlite)
    GTEST_SKIP() << "PostgreSQL compares indexed values itself: every column is set there";
  const auto school = s.principal(test_support::demo::kSchoolA1, "teacher");
  core::JsonInput in(test_support::botnet_report(core::format_utc(s.clock.now() - 3'600'000)), "", core::kReportFields);
  const auto id = s.incidents.create(school, core::parse_report(in), false, true).incident.id;

  auto closed = columns_set_by(s, [&](store::Transaction& tx) {
    auto t = *store::incidents::find(tx, id);
    t.state = core::IncidentState::closed;
    t.closed_at = t.updated_at = s.clock.now();
    store::incidents::update(tx, t, t.level, kept_marks(tx, id));
  });
  EXPECT_EQ(closed, (std::set<std::string>{"state", "closed_at", "updated_at"}));

  auto nothing = columns_set_by(s, [&](store::Transaction& tx) {
    auto t = *store::incidents::find(tx, id);
    store::incidents::update(tx, t, t.level, kept_marks(tx, id));
  });
  EXPECT_TRUE(nothing.empty()) << "nothing changed, nothing set";

  auto described = columns_set_by(s, [&](store::Transaction& tx) {
    auto t = *store::incidents::find(tx, id);
    t.report.description = "另一段說明";
    store::incidents::update(tx, t, t.level, kept_marks(tx, id));
  });
  EXPECT_EQ(described, (std::set<std::string>{"report_json"}));

  // What was set is what is read back.
  s.db.read([&](store::Transaction& tx) {
    const auto t = *store::incidents::find(tx, id);
    EXPECT_EQ(t.state, core::IncidentState::closed);
    EXPECT_EQ(t.report.description, "另一段說明");
  });
}
