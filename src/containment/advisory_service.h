#pragma once
// Advisories to units: the CERT (or a centre, for its subtree) issues one to every unit below it,
// to one part of its tree, or to the units owning given address ranges; each unit answers whether
// it is affected; the issuer (and each centre, for its units) sees the answers.
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/advisory.h"
#include "core/clock.h"
#include "core/ip_range.h"
#include "jobs/scheduler.h"
#include "store/advisory_store.h"
#include "store/database.h"

namespace tongbao::containment {

struct AdvisoryAudience {
  std::optional<std::string> unit_oid;  // that unit's subtree, within the issuer's; none: all of it
  std::vector<core::IpRange> ranges;    // or only the units owning addresses in these
};

struct AdvisoryView {
  core::Advisory advisory;
  std::optional<core::AdvisoryAnswer> mine;                  // when the caller's unit received it
  std::vector<store::advisories::RecipientRow> recipients;  // those the caller may see the answers of
};

// An advisory as a STIX 2.1 bundle, and its number to name the file by.
struct AdvisoryStix {
  std::string number, bundle;
};

class AdvisoryService {
 public:
  AdvisoryService(store::Database& db, const core::Clock& clock, std::string public_url);
  void set_public_url(std::string url) { public_url_ = std::move(url); }
  // Registers the reminders (the day before the reply date, and at it) with the scheduler.
  void attach(jobs::Scheduler& scheduler);

  // Returns the advisory and how many units it went to.
  std::pair<core::Advisory, long long> issue(const core::Principal& who, const core::AdvisoryInput& input,
                                             const AdvisoryAudience& audience);
  std::pair<std::vector<store::advisories::Received>, long long> received(const core::Principal& who, int limit,
                                                                          int offset);
  std::pair<std::vector<store::advisories::Issued>, long long> issued(const core::Principal& who, int limit, int offset);
  AdvisoryView get(const core::Principal& who, long long id);
  // For the issuer side, as the answers are: the issuer, the CERT and the ministry, a centre with
  // units among the recipients. A unit that only received it may not (403); one that cannot see
  // it at all learns nothing of it (404).
  AdvisoryStix stix(const core::Principal& who, long long id);
  core::AdvisoryAnswer answer(const core::Principal& who, long long id, const std::string& answer,
                              const std::string& note);

 private:
  AdvisoryView view(store::Transaction& tx, const core::Principal& who, long long id);

  store::Database& db_;
  const core::Clock& clock_;
  std::string public_url_;
};

}  // namespace tongbao::containment
