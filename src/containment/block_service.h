#pragma once
// Blocked addresses: a centre, for its subtree, or the CERT blocks prefixes of its units (one or
// thousands in one transaction, by a person or an API key); each block belongs to the unit owning
// the prefix by longest match; the unit asks for the unblock after cleaning up; the blocking
// centre (or the CERT) approves or refuses with a reason; firewalls read what is in force.
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/block.h"
#include "core/block_figures.h"
#include "core/clock.h"
#include "org/address_owners.h"
#include "store/block_store.h"
#include "store/database.h"

namespace tongbao::containment {

using core::Block;

struct BlockResult {
  Block block;
  bool already_blocked = false;  // this centre had blocked the prefix already: nothing new
};

struct ListQuery {
  std::optional<std::string> standing;  // in_force, requested, ended; none: all
  std::optional<std::string> unit_oid;  // owned by this unit (in the caller's subtree)
  bool blocked_by_me = false;           // blocked by the caller's unit
  std::optional<core::TimeMs> updated_since;
  int limit = 100, offset = 0;
};

struct Feed {
  std::string title;  // whose blocks
  core::TimeMs generated_at = 0;
  std::vector<store::blocks::FeedEntry> entries;
};

class BlockService {
 public:
  // `owners` is shared with the other services that route by address (one table per server).
  BlockService(store::Database& db, const core::Clock& clock, org::AddressOwners& owners, std::string public_url);
  void set_public_url(std::string url) { public_url_ = std::move(url); }

  // All or nothing: any item refused fails the request, naming "[index].field".
  std::vector<BlockResult> block(const core::Principal& who, const std::vector<core::BlockInput>& items);
  Block get(const core::Principal& who, long long id);
  std::vector<core::BlockEvent> events(const core::Principal& who, long long id);
  std::pair<std::vector<Block>, long long> list(const core::Principal& who, const ListQuery& q);
  // The owning unit, after cleaning up: what it did and how it knows.
  Block request_unblock(const core::Principal& who, long long id, const std::vector<std::string>& actions,
                        const std::string& note);
  // The blocking centre or the CERT: approve (also without a request: lift the block) or refuse.
  Block decide(const core::Principal& who, long long id, bool approve, const std::string& reason);
  // What is in force under the caller's unit, or under `unit_oid` within it; with
  // `updated_since`, what changed since, ended blocks included.
  Feed feed(const core::Principal& who, const std::optional<std::string>& unit_oid,
            std::optional<core::TimeMs> updated_since);
  // Figures of the blocks under the caller's unit (or `unit_oid` within it) over [from, to), with
  // blocks in force longer than `limit_days` counted apart (none given: the limit the unit's
  // centre set, see set_limit_days).
  core::BlockFigures figures(const core::Principal& who, const std::optional<std::string>& unit_oid, core::TimeMs from,
                             core::TimeMs to, std::optional<long long> limit_days);
  // A centre (or the CERT) sets how long its units' addresses may stay blocked before its
  // figures and monthly report count them apart; the units below it follow unless they set their own.
  long long set_limit_days(const core::Principal& who, long long days);

 private:
  Block visible(store::Transaction& tx, const core::Principal& who, long long id);

  store::Database& db_;
  const core::Clock& clock_;
  std::string public_url_;
  org::AddressOwners& owners_;
};

// Who may block: the CERT and the regional and county centres.
bool may_block(const core::Principal& who);

}  // namespace tongbao::containment
