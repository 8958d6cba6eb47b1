#pragma once
// Early warnings: issued one at a time or in bulk by a SOC or the CERT, routed by longest-prefix
// match to the unit owning the address (else to the CERT's triage queue), repeats merged into the
// open warning for the same host and sub-category, answered by the unit within the profile's limit.
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/policy_set.h"
#include "core/warning.h"
#include "incidents/incident_service.h"
#include "jobs/scheduler.h"
#include "org/address_owners.h"
#include "store/database.h"
#include "warnings/warning_observer.h"

namespace tongbao::warnings {

// A stored warning (core/warning.h): what the service answers with.
using Warning = core::Warning;

struct IssueResult {
  long long id = 0;
  std::string number;
  bool merged = false;                // a repeat of an open warning
  std::optional<std::string> unit_oid;  // none: triage
};

// Where a warning would go, were it issued: nothing stored, numbered or mailed.
struct PreviewItem {
  std::string host;                    // the address it is routed by
  std::optional<long long> unit_id;    // none: triage (no unit owns any of its addresses)
  std::optional<std::string> merges_with;  // the number of the caller's open warning it repeats
  std::optional<size_t> repeats_item;  // the earlier item of the batch it repeats
};

// A list's total is counted no further than this: shown as "10000+".
constexpr long long kWarningTotalCap = 10'000;

struct ListQuery {
  std::optional<std::string> state;  // open, answered
  bool overdue = false;
  bool triage = false;               // CERT: the unrouted ones
  bool issued = false;               // the caller's unit issued them
  std::optional<std::string> rule_id;
  std::optional<core::TimeMs> updated_since;  // changed at or after this time (incremental sync)
  std::optional<std::string> text;            // part of the number, or the start of the host address
  std::optional<long long> before_id;         // the page after one ending at this id (an export's)
  int limit = 50, offset = 0;
};

class WarningService {
 public:
  // `owners` is shared with the other services that route by address (one table per server).
  WarningService(store::Database& db, const core::Clock& clock, const core::PolicySet& policies,
                 incidents::IncidentService& incidents, org::AddressOwners& owners, std::string public_url);

  // Registers the overdue reminder with the scheduler.
  void attach(jobs::Scheduler& scheduler);

  // Told of every batch of new warnings routed to units. Optional.
  void set_observer(WarningObserver* observer) { observer_ = observer; }
  // For links in messages; known once the server has bound its port.
  void set_public_url(std::string url) { public_url_ = std::move(url); }

  // All or nothing: any invalid item fails the request, naming "[index].field".
  std::vector<IssueResult> issue(const core::Principal& who, const std::vector<core::WarningInput>& items);
  // The same checks as issue (who, and every item), then where each would be routed and what it
  // would merge with, read without writing anything.
  std::vector<PreviewItem> preview(const core::Principal& who, const std::vector<core::WarningInput>& items);
  Warning get(const core::Principal& who, long long id);
  std::pair<std::vector<Warning>, long long> list(const core::Principal& who, const ListQuery& q);
  // One reply for several warnings with the same cause. A real incident files a draft ticket,
  // prefilled from the first warning (in the replying person's language) and linked to all of
  // them, or joins the open ticket `incident_id` of the unit.
  std::vector<Warning> reply(const core::Principal& who, const std::vector<long long>& ids, core::WarningReply reply,
                             const std::string& reason, std::optional<long long> incident_id = std::nullopt);
  // What a reply queued without waiting comes to: the warnings answered, or the error that refused
  // it. Called from the database's writer once the reply is on disk; it must only hand this on.
  using RepliesDone = std::function<void(std::exception_ptr error, std::shared_ptr<std::vector<Warning>> answered)>;
  // reply() without waiting for the commit; what the request alone rules out is thrown at once.
  void reply_async(core::Principal who, const std::vector<long long>& ids, core::WarningReply reply, std::string reason,
                   std::optional<long long> incident_id, RepliesDone done);
  // The same within the caller's transaction, for distinct ids of one unit (a coordinated
  // incident answers each school's warnings as it files the parent). A centre may answer for the
  // units below it: a real incident then opens the draft in the school's name.
  std::vector<Warning> reply_in(store::Transaction& tx, const core::Principal& who, const std::vector<long long>& distinct_ids,
                                core::WarningReply reply, const std::string& reason, std::optional<long long> incident_id);
  // The caller's open tickets that name the warning's host (id, number): where it may belong.
  std::vector<std::pair<long long, std::string>> open_tickets_for(const core::Principal& who, const Warning& w);
  // The CERT routes a triaged warning to a unit.
  Warning assign(const core::Principal& who, long long id, const std::string& unit_oid);
  long long unanswered_count(const core::Principal& who);

  // Per rule ID of the caller's unit: how many, answered, false positives, reply times.
  struct RuleFeedback {
    std::string rule_id;
    long long issued = 0, answered = 0, false_positives = 0, real_incidents = 0, undetermined = 0;
    double false_positive_rate = 0;
    std::optional<core::TimeMs> median_reply_ms;
  };
  std::vector<RuleFeedback> feedback(const core::Principal& who);

 private:
  // The reply's own checks, made before it queues; the ids without repeats.
  std::vector<long long> checked_reply(const core::Principal& who, const std::vector<long long>& ids,
                                       core::WarningReply reply, const std::string& reason,
                                       std::optional<long long> incident_id) const;
  Warning visible(store::Transaction& tx, const core::Principal& who, long long id);
  // issue's and preview's checks; the items with their addresses in canonical form.
  std::vector<core::WarningInput> checked(const core::Principal& who, const std::vector<core::WarningInput>& items) const;

  store::Database& db_;
  const core::Clock& clock_;
  const core::PolicySet& policies_;
  incidents::IncidentService& incidents_;
  std::string public_url_;
  org::AddressOwners& address_owners_;
  WarningObserver* observer_ = nullptr;
};

}  // namespace tongbao::warnings
