// Filings and draft edits queued without waiting (IncidentService::create_async,
// edit_report_async), from one thread, in the same groups: each gets its own outcome, an edit
// refused inside its write leaves nothing, and what the report alone rules out is refused before
// anything is queued.
#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "support/demo.h"
#include "support/demo_services.h"

using namespace tongbao;

namespace {

long long count_of(store::Database& db, const std::string& sql) {
  return db.read_value([&](store::Transaction& tx) { return tx.query_one(sql)->integer(0); });
}

core::IncidentReport report_about(test_support::DemoServices& s, const std::string& description) {
  auto body = test_support::botnet_report(core::format_utc(s.clock.now() - 3'600'000));
  body["description"] = description;
  core::JsonInput in(body, "", core::kReportFields);
  return core::parse_report(in);
}

}  // namespace

TEST(QueuedTicketWrites, FilingsAndDraftEditsEachGetTheirOwnOutcome) {
  test_support::DemoServices s;
  const auto school = s.principal(test_support::demo::kSchoolA1, "teacher");
  const auto other_school = s.principal(test_support::demo::kSchoolA2, "teacher");
  std::vector<long long> drafts;
  for (int i = 0; i < 10; ++i) drafts.push_back(s.incidents.create(school, report_about(s, "draft"), false, false).incident.id);

  std::mutex mutex;
  std::vector<long long> filed;
  int filing_errors = 0, edited = 0, refused_not_found = 0, other_outcomes = 0;
  for (int i = 0; i < 10; ++i) {
    s.incidents.create_async(school, report_about(s, "filed " + std::to_string(i)), false, true,
                             [&](std::exception_ptr error, std::shared_ptr<incidents::TicketView> ticket) {
                               std::lock_guard lock(mutex);
                               if (error) ++filing_errors;
                               else filed.push_back(ticket->incident.id);
                             });
    // The school's own draft, saved again.
    s.incidents.edit_report_async(school, drafts[static_cast<size_t>(i)], report_about(s, "edited " + std::to_string(i)),
                                  [&, i](std::exception_ptr error, std::shared_ptr<incidents::TicketView> ticket) {
                                    std::lock_guard lock(mutex);
                                    if (!error && ticket->incident.id == drafts[static_cast<size_t>(i)] &&
                                        ticket->incident.report.description == "edited " + std::to_string(i))
                                      ++edited;
                                    else ++other_outcomes;
                                  });
    // Another school's attempt on the same draft: refused inside the write (it cannot see it).
    s.incidents.edit_report_async(other_school, drafts[static_cast<size_t>(i)], report_about(s, "taken over"),
                                  [&](std::exception_ptr error, std::shared_ptr<incidents::TicketView>) {
                                    std::lock_guard lock(mutex);
                                    try {
                                      if (error) std::rethrow_exception(error);
                                      ++other_outcomes;
                                    } catch (const core::Error& e) {
                                      if (e.kind() == core::ErrorKind::not_found) ++refused_not_found;
                                      else ++other_outcomes;
                                    }
                                  });
  }
  s.db.finish_queued_writes();

  EXPECT_EQ(filing_errors, 0);
  EXPECT_EQ(std::set<long long>(filed.begin(), filed.end()).size(), 10u) << "ten filings, each its own ticket";
  EXPECT_EQ(edited, 10);
  EXPECT_EQ(refused_not_found, 10);
  EXPECT_EQ(other_outcomes, 0);
  // Each edit that stayed is recorded once; the refused ones left nothing.
  EXPECT_EQ(count_of(s.db, "SELECT COUNT(*) FROM incident_events WHERE kind = 'report_edited'"), 10);
  EXPECT_EQ(count_of(s.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'incident.report_edited'"), 10);
  for (size_t i = 0; i < drafts.size(); ++i)
    EXPECT_EQ(s.incidents.get(school, drafts[i]).incident.report.description, "edited " + std::to_string(i));
  EXPECT_EQ(count_of(s.db, "SELECT COUNT(*) FROM incidents WHERE state = 'reported'"), 10);
}

TEST(QueuedTicketWrites, WhatTheCallerOrReportRulesOutIsRefusedBeforeQueueing) {
  test_support::DemoServices s;
  const auto school = s.principal(test_support::demo::kSchoolA1, "teacher");
  const auto commits_before = s.db.commit_counts();
  bool called = false;
  const auto never = [&](std::exception_ptr, std::shared_ptr<incidents::TicketView>) { called = true; };

  auto nobody = school;
  nobody.contact_id = 0;  // neither a person nor a key
  EXPECT_THROW(s.incidents.create_async(nobody, report_about(s, "x"), false, true, never), core::Error);
  auto late = report_about(s, "x");
  late.aware_at = s.clock.now() + 86'400'000;  // aware tomorrow
  EXPECT_THROW(s.incidents.create_async(school, late, false, true, never), core::Error);
  EXPECT_THROW(s.incidents.edit_report_async(school, 1, late, never), core::Error);
  s.db.finish_queued_writes();

  EXPECT_FALSE(called) << "nothing was queued";
  if (commits_before) {
    EXPECT_EQ(s.db.commit_counts()->writes, commits_before->writes);
  }
}
