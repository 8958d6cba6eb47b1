// Lists of late and of overdue tickets read the lateness kept with each ticket (when it becomes
// late, and overdue) instead of computing every ticket's deadlines. What is kept must say what
// the deadlines say: as time passes without a write, after every change that moves a moment, after
// a change of a unit's kind (and so of its policy profile), and after a change of the profiles,
// which computes every ticket's again (the lists compute lateness themselves until that is done).
#include <gtest/gtest.h>

#include <set>

#include "org/organisation.h"
#include "store/incident_store.h"
#include "store/unit_store.h"
#include "support/demo.h"
#include "support/demo_services.h"

using namespace tongbao;

namespace {

constexpr core::TimeMs kMinute = 60'000, kHour = 60 * kMinute;

long long file_aware_before(test_support::DemoServices& s, incidents::IncidentService& service,
                            const core::Principal& who, core::TimeMs before) {
  const auto body = test_support::botnet_report(core::format_utc(s.clock.now() - before));
  core::JsonInput in(body, "", core::kReportFields);
  return service.create(who, core::parse_report(in), false, true).incident.id;
}

using Ids = std::vector<long long>;

Ids listed(incidents::IncidentService& service, const core::Principal& who, const std::string& scope, bool late,
           bool overdue, int limit = 50, int offset = 0, std::optional<long long> before = std::nullopt) {
  incidents::ListQuery q;
  q.before_id = before;
  q.scope = scope;
  q.late_only = late;
  q.overdue_only = overdue;
  q.limit = limit;
  q.offset = offset;
  Ids ids;
  for (const auto& item : service.list(who, q).items) ids.push_back(item.summary.id);
  return ids;
}

bool kept_in_use(test_support::DemoServices& s, const core::PolicySet& policies) {
  return s.db.read_value([&](store::Transaction& tx) { return store::incidents::lateness_ready(tx, policies.identity()); });
}

// The profiles of the demo but for units of kind "other", which run on GDPR's single deadline.
core::PolicySet other_on_gdpr(std::map<core::UnitKind, std::string> more = {}) {
  auto set = app::load_policies(app::Config{});
  more[core::UnitKind::other] = "gdpr";
  set.choose("taiwan", more);
  return set;
}

}  // namespace

TEST(LateLists, KeptLatenessAnswersAsTheDeadlinesDoThroughATicketsLife) {
  test_support::DemoServices s;
  // The lists under test, and a twin whose profiles decide the same deadlines under another name:
  // its marks are not "kept" for it, so it computes every ticket's lateness, as lists did before.
  const auto kept_policies = other_on_gdpr();
  const auto computing_policies = other_on_gdpr({{core::UnitKind::ministry, "taiwan"}});
  incidents::IncidentService kept(s.db, s.clock, kept_policies, s.dir.file("attachments"));
  incidents::IncidentService computing(s.db, s.clock, computing_policies, s.dir.file("attachments"));
  const auto school = s.principal(test_support::demo::kSchoolA1, "teacher");
  const auto other_school = s.principal(test_support::demo::kSchoolB1, "teacher");
  const auto centre = s.principal(test_support::demo::kCountyA, "kaohsiung");
  const auto cert = s.principal(test_support::demo::kCert, "cert");

  const auto on_time = file_aware_before(s, kept, school, 10 * kMinute);   // reported within the hour
  const auto reported_late = file_aware_before(s, kept, school, 3 * kHour);  // an hour's deadline, missed
  const auto elsewhere = file_aware_before(s, kept, other_school, 2 * kHour);
  EXPECT_EQ(kept.complete_lateness(), 3) << "a new database computes every ticket's once";
  EXPECT_EQ(kept.complete_lateness(), 0) << "and not again under the same profiles";
  ASSERT_TRUE(kept_in_use(s, kept_policies));
  ASSERT_FALSE(kept_in_use(s, computing_policies));

  // Every list of late or overdue tickets, for the school, its centre and the CERT, paged, from
  // the kept marks and computed: the same tickets in the same order.
  std::set<long long> late_seen, overdue_seen;
  auto check_same = [&](const std::string& when) {
    for (const auto* who : {&school, &centre, &cert})
      for (const char* scope : {"open", "history", "all"})
        for (auto [late, overdue] : {std::pair(true, false), std::pair(false, true), std::pair(true, true)}) {
          const auto answer = listed(kept, *who, scope, late, overdue);
          EXPECT_EQ(answer, listed(computing, *who, scope, late, overdue))
              << when << ": " << who->unit_oid << " " << scope << (late ? " late" : "") << (overdue ? " overdue" : "");
          EXPECT_EQ(listed(kept, *who, scope, late, overdue, 1, 1), listed(computing, *who, scope, late, overdue, 1, 1))
              << when << ": the second page of one";
          if (!answer.empty()) {
            EXPECT_EQ(listed(kept, *who, scope, late, overdue, 50, 0, answer.front()),
                      Ids(answer.begin() + 1, answer.end()))
                << when << ": the page after the first ticket, by its id";
          }
          (overdue ? overdue_seen : late_seen).insert(answer.begin(), answer.end());
        }
  };
  auto late_now = [&] { return listed(kept, cert, "all", true, false); };
  auto overdue_now = [&] { return listed(kept, cert, "all", false, true); };

  check_same("as filed");
  EXPECT_EQ(late_now(), (Ids{elsewhere, reported_late})) << "reported after the hour: late from the start";
  EXPECT_TRUE(overdue_now().empty()) << "nothing is due yet";

  // Time passes without a write: the review (8 hours from the report, at level 2) falls due.
  s.clock.advance(8 * kHour + 2 * kMinute);
  check_same("past the review's deadline");
  EXPECT_EQ(late_now(), (Ids{elsewhere, reported_late, on_time}));
  EXPECT_EQ(overdue_now(), (Ids{elsewhere, reported_late, on_time}));

  // The centre reviews one: its review is met, late; nothing else of it is due yet.
  kept.review_report(centre, on_time, "the outage lasted minutes: level 2 stands");
  check_same("after a late review");
  EXPECT_EQ(late_now(), (Ids{elsewhere, reported_late, on_time}));
  EXPECT_EQ(overdue_now(), (Ids{elsewhere, reported_late})) << "its next deadline is days away";

  // A coordinated incident takes a child: the child's row is written again, its marks with it.
  const auto parent = file_aware_before(s, kept, centre, 5 * kMinute);
  s.db.write([&](store::Transaction& tx) { kept.attach_child_in(tx, centre, parent, reported_late); });
  check_same("after a child joined");
  EXPECT_EQ(overdue_now(), (Ids{elsewhere, reported_late}));

  // The school becomes a unit of kind "other", whose profile (GDPR's) has a single deadline: a
  // report within 72 hours of awareness, which both of its tickets met.
  org::Organisation organisation(s.db, s.clock);
  organisation.on_unit_change([&](store::Transaction& tx, const core::Unit& before, const core::Unit& after) {
    kept.unit_changed(tx, before, after);
  });
  org::UnitChanges to_other;
  to_other.kind = "other";
  organisation.update_unit(centre, test_support::demo::kSchoolA1, to_other);
  check_same("after the school's change of kind");
  EXPECT_EQ(late_now(), (Ids{elsewhere}));
  s.clock.advance(72 * kHour);
  check_same("past GDPR's deadline");
  EXPECT_EQ(overdue_now(), (Ids{parent, elsewhere})) << "the centre's and the other county's, on Taiwan's profile";
  EXPECT_EQ(late_now(), (Ids{parent, elsewhere}));

  // New profiles: the marks are not read until every ticket's is computed under them.
  EXPECT_EQ(computing.complete_lateness(), 4);
  EXPECT_TRUE(kept_in_use(s, computing_policies));
  EXPECT_FALSE(kept_in_use(s, kept_policies)) << "the first profiles compute again";
  check_same("under the other name");

  EXPECT_GE(late_seen.size(), 4u) << "the lists compared were not all empty";
  EXPECT_GE(overdue_seen.size(), 4u);
}

// Where SQLite reads those lists from: most tickets become late at some time, few are overdue.
TEST(LateLists, LateAndOverdueListsAreReadFromTheirIndexes) {
  test_support::DemoServices s;
  const bool sqlite = s.db.read_value([](store::Transaction& tx) { return tx.dialect() == store::Dialect::sqlite; });
  if (!sqlite) GTEST_SKIP() << "PostgreSQL plans by its own statistics";
  // Twenty more schools under the county: a subtree too large to read unit by unit.
  s.add_schools(test_support::demo::kCountyA, 20, ".9");
  const auto county_path = s.db.read_value([](store::Transaction& tx) {
    return store::units::find_by_oid(tx, test_support::demo::kCountyA)->path;
  });
  auto plan_of = [&](store::incidents::Filter f) {
    return s.db.read_value([&](store::Transaction& tx) { return store::incidents::list_plan(tx, f); });
  };
  auto page_and_total = [](const std::string& plan) {
    const auto split = plan.find("-- the total:");
    return std::pair(plan.substr(0, split), plan.substr(split));
  };
  store::incidents::Filter history;
  history.states = {"closed", "discarded"};
  history.late_at = s.clock.now();
  auto [page, total] = page_and_total(plan_of(history));
  EXPECT_NE(page.find("incidents_late"), std::string::npos) << "the country's page: " << page;
  EXPECT_NE(total.find("incidents_late"), std::string::npos) << "the country's total: " << total;

  history.within_path = county_path;
  std::tie(page, total) = page_and_total(plan_of(history));
  EXPECT_NE(page.find("incidents_late"), std::string::npos) << "a county's page: " << page;
  EXPECT_NE(total.find("incidents_unit_newest"), std::string::npos) << "a county's total, by its units: " << total;

  for (const bool county : {false, true}) {
    store::incidents::Filter open;
    open.states = {"reported", "responded", "centre_review", "cert_review", "returned"};
    open.overdue_at = s.clock.now();
    if (county) open.within_path = county_path;
    std::tie(page, total) = page_and_total(plan_of(open));
    EXPECT_NE(page.find("incidents_overdue"), std::string::npos) << "overdue, county " << county << ": " << page;
    EXPECT_NE(total.find("incidents_overdue"), std::string::npos) << "overdue, county " << county << ": " << total;
  }
}
