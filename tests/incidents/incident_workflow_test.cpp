// Every action in every state for every role: the full table of allowed and refused transitions.
#include "core/incident_workflow.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

using namespace tongbao::core;
using S = IncidentState;
using A = IncidentAction;

namespace {

enum class Role { unit, centre, cert, reader };
TicketRoles roles(Role r) {
  return {r == Role::unit, r == Role::centre, r == Role::cert};
}
const char* name(Role r) {
  switch (r) {
    case Role::unit: return "unit";
    case Role::centre: return "centre";
    case Role::cert: return "cert";
    default: return "reader";
  }
}

const std::vector<S> kStates = {S::draft,       S::reported, S::responded, S::centre_review,
                                S::cert_review, S::closed,   S::returned,  S::discarded};

// The allowed (action, state, role) → next state; everything not listed is refused.
using Key = std::tuple<A, S, Role>;
std::map<Key, S> allowed_table() {
  std::map<Key, S> t;
  for (S s : {S::draft, S::returned}) t[{A::edit_report, s, Role::unit}] = s;
  t[{A::submit_report, S::draft, Role::unit}] = S::reported;
  t[{A::submit_report, S::returned, Role::unit}] = S::reported;  // no response yet (see the next test)
  for (S s : {S::reported, S::returned, S::responded}) t[{A::file_response, s, Role::unit}] = S::responded;
  for (S s : {S::reported, S::responded, S::centre_review}) t[{A::review_report, s, Role::centre}] = s;
  for (S s : {S::reported, S::responded, S::centre_review, S::returned}) t[{A::change_level, s, Role::centre}] = s;
  for (S s : {S::reported, S::responded, S::centre_review, S::cert_review, S::returned}) t[{A::change_level, s, Role::cert}] = s;
  for (S s : {S::responded, S::centre_review}) t[{A::approve, s, Role::centre}] = S::cert_review;
  for (S s : {S::reported, S::responded, S::centre_review}) t[{A::return_ticket, s, Role::centre}] = S::returned;
  for (S s : {S::reported, S::responded, S::centre_review, S::cert_review}) t[{A::return_ticket, s, Role::cert}] = S::returned;
  t[{A::close, S::cert_review, Role::cert}] = S::closed;
  t[{A::reopen, S::closed, Role::cert}] = S::cert_review;
  t[{A::discard, S::draft, Role::unit}] = S::discarded;
  for (S s : kStates) {
    if (s == S::closed || s == S::discarded) continue;
    t[{A::record_follow_up, s, Role::unit}] = s;
    for (Role r : {Role::unit, Role::centre, Role::cert}) t[{A::add_attachment, s, r}] = s;
    if (s != S::draft) {
      t[{A::request_support, s, Role::unit}] = s;
      t[{A::take_support, s, Role::centre}] = s;
      t[{A::take_support, s, Role::cert}] = s;
    }
  }
  return t;
}

}  // namespace

TEST(IncidentWorkflow, EveryActionStateAndRole) {
  const auto table = allowed_table();
  int allowed = 0, refused = 0;
  for (A action : all_incident_actions())
    for (S state : kStates)
      for (Role role : {Role::unit, Role::centre, Role::cert, Role::reader}) {
        auto d = decide(action, state, roles(role), false);
        auto it = table.find({action, state, role});
        if (it == table.end()) {
          EXPECT_FALSE(d.allowed) << to_string(action) << " in " << to_string(state) << " by " << name(role);
          EXPECT_FALSE(d.refusal.empty());
          ++refused;
        } else {
          EXPECT_TRUE(d.allowed) << to_string(action) << " in " << to_string(state) << " by " << name(role) << ": "
                                 << d.refusal;
          EXPECT_EQ(d.next, it->second) << to_string(action) << " in " << to_string(state);
          ++allowed;
        }
      }
  EXPECT_GT(allowed, 40);
  EXPECT_GT(refused, 200);
}

TEST(IncidentWorkflow, RefilingAfterReturnGoesBackToReviewWhenAResponseExists) {
  EXPECT_EQ(decide(A::submit_report, S::returned, {true, false, false}, true).next, S::responded);
  EXPECT_EQ(decide(A::submit_report, S::returned, {true, false, false}, false).next, S::reported);
  EXPECT_EQ(decide(A::submit_report, S::draft, {true, false, false}, true).next, S::reported);
}

TEST(IncidentWorkflow, TheReportIsReviewedOncePerFiling) {
  const TicketRoles centre{false, true, false};
  for (S s : {S::reported, S::responded}) {
    EXPECT_TRUE(decide(A::review_report, s, centre, false, false).allowed);
    EXPECT_FALSE(decide(A::review_report, s, centre, false, true).allowed) << "reviewed already";
  }
  EXPECT_FALSE(decide(A::approve, S::reported, centre, false, true).allowed) << "no response to approve yet";
  EXPECT_EQ(decide(A::approve, S::responded, centre, true, false).next, S::cert_review);
}

TEST(IncidentWorkflow, ACertThatIsAlsoTheParentHoldsBothRoles) {
  TicketRoles both{false, true, true};
  EXPECT_TRUE(decide(A::approve, S::responded, both, true).allowed);
  EXPECT_TRUE(decide(A::close, S::cert_review, both, true).allowed);
}

TEST(IncidentWorkflow, ClosedTicketsAreHistory) {
  for (A action : all_incident_actions()) {
    if (action == A::reopen) continue;
    auto d = decide(action, S::closed, {true, true, true}, true);
    EXPECT_FALSE(d.allowed) << to_string(action);
  }
  EXPECT_TRUE(needs_reason(A::reopen));
  EXPECT_TRUE(needs_reason(A::change_level));
  EXPECT_TRUE(needs_reason(A::return_ticket));
  EXPECT_FALSE(needs_reason(A::approve));
}
