// Ticket actions run as rerunnable writes: grouped with filings, without savepoints, and run again
// when one of the group throws. Whatever the grouping, an action refused inside its write leaves
// nothing, one that succeeds is recorded once, and every filing beside them stays.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <set>
#include <thread>

#include "core/error.h"
#include "support/demo.h"
#include "support/demo_services.h"

using namespace tongbao;

namespace {

long long count_of(store::Database& db, const std::string& sql) {
  return db.read_value([&](store::Transaction& tx) { return tx.query_one(sql)->integer(0); });
}

}  // namespace

TEST(RerunnableActions, RefusedActionsLeaveNothingAndTheOthersAreRecordedOnceAmongFilings) {
  test_support::DemoServices s;
  const auto school = s.principal(test_support::demo::kSchoolA1, "teacher");
  const auto county = s.principal(test_support::demo::kCountyA, "kaohsiung");
  const auto tickets = s.file(school, 8);
  std::vector<int> level_before;
  for (const auto id : tickets) level_before.push_back(s.incidents.get(county, id).incident.level);
  const auto level_change_events = [&] {
    return count_of(s.db, "SELECT COUNT(*) FROM incident_events WHERE kind = 'level_changed'");
  };
  ASSERT_EQ(level_change_events(), 0);

  // All at once, so that writes of every kind meet in the same groups.
  constexpr int kRounds = 12;
  std::atomic<bool> go{false};
  std::atomic<int> refused{0}, unexpected{0};
  std::vector<std::vector<long long>> filed(4);
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    // Filings.
    threads.emplace_back([&, k] {
      while (!go) std::this_thread::yield();
      filed[static_cast<size_t>(k)] = s.file(school, kRounds);
    });
    // A level changed once: recorded once.
    threads.emplace_back([&, k] {
      while (!go) std::this_thread::yield();
      try {
        s.incidents.change_level(county, tickets[static_cast<size_t>(k)], level_before[static_cast<size_t>(k)] % 4 + 1,
                                 "reassessed after the school's call");
      } catch (const std::exception&) {
        ++unexpected;
      }
    });
    // A level "changed" to the one it has: refused inside the write, again and again.
    threads.emplace_back([&, k] {
      while (!go) std::this_thread::yield();
      const auto id = tickets[static_cast<size_t>(4 + k)];
      for (int i = 0; i < kRounds; ++i) {
        try {
          s.incidents.change_level(county, id, level_before[static_cast<size_t>(4 + k)], "no change");
          ++unexpected;
        } catch (const core::Error&) {
          ++refused;
        }
      }
    });
    // The school approving its own ticket: refused by the rules inside the write.
    threads.emplace_back([&, k] {
      while (!go) std::this_thread::yield();
      for (int i = 0; i < kRounds; ++i) {
        try {
          s.incidents.approve(school, tickets[static_cast<size_t>(k)], "", "");
          ++unexpected;
        } catch (const core::Error&) {
          ++refused;
        }
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();

  EXPECT_EQ(unexpected, 0);
  EXPECT_EQ(refused, 2 * 4 * kRounds);
  // Every filing that was answered is there, once.
  std::set<long long> all(tickets.begin(), tickets.end());
  for (const auto& ids : filed) {
    EXPECT_EQ(ids.size(), static_cast<size_t>(kRounds));
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), 8u + 4u * kRounds);
  EXPECT_EQ(count_of(s.db, "SELECT COUNT(*) FROM incidents"), static_cast<long long>(all.size()));
  // The four changes are each recorded once, in the ticket, its history and the audit trail; the
  // refused ones left nothing.
  EXPECT_EQ(level_change_events(), 4);
  EXPECT_EQ(count_of(s.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'incident.level_changed'"), 4);
  EXPECT_EQ(count_of(s.db, "SELECT COUNT(*) FROM incident_events WHERE kind = 'approved'"), 0);
  for (size_t i = 0; i < tickets.size(); ++i) {
    const auto t = s.incidents.get(county, tickets[i]).incident;
    EXPECT_EQ(t.level, i < 4 ? level_before[i] % 4 + 1 : level_before[i]) << "ticket " << tickets[i];
    EXPECT_EQ(t.state, core::IncidentState::reported);
  }
  if (const auto counts = s.db.commit_counts())
    std::printf("writes %lld in %lld commits; groups run again: %lld\n", static_cast<long long>(counts->writes),
                static_cast<long long>(counts->commits), static_cast<long long>(counts->groups_run_again));
}
