#pragma once
// Blocked addresses (封鎖): a centre, for its subtree, or the CERT blocks an address or prefix of
// one of its units, for a reason and optionally until a time; the unit cleans the machine and asks
// for the unblock saying what it did; the blocking centre approves or refuses with a reason.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace tongbao::core {

enum class BlockState { blocked, unblock_requested, unblocked };
std::string_view to_string(BlockState s);
std::optional<BlockState> parse_block_state(std::string_view text);

// What a unit may say it did before asking for the unblock.
const std::vector<std::string_view>& cleanup_actions();  // reimaged, scanned, patched, device_removed, other

struct BlockInput {
  std::string prefix;  // an address or CIDR prefix
  std::string reason;
  std::optional<long long> warning_id, incident_id;
  std::optional<TimeMs> expires_at;
};

struct Block {
  long long id = 0;
  std::string prefix;  // canonical
  long long unit_id = 0, centre_unit_id = 0;
  std::string reason;
  std::optional<long long> warning_id, incident_id;
  BlockState state = BlockState::blocked;
  std::string blocked_by;
  TimeMs blocked_at = 0;
  std::optional<TimeMs> expires_at;
  std::vector<std::string> request_actions;
  std::string request_note, requested_by;
  std::optional<TimeMs> requested_at;
  std::string decision_reason, decided_by;
  std::optional<TimeMs> decided_at, unblocked_at;
  TimeMs updated_at = 0;

  // Still keeping traffic out: not unblocked, and not past its expiry.
  bool in_force(TimeMs now) const {
    return state != BlockState::unblocked && (!expires_at || *expires_at > now);
  }
};

struct BlockEvent {
  TimeMs at = 0;
  std::string actor, action, note;
  std::vector<std::string> actions;  // with unblock_requested: what the unit did
};

// Limits (api/openapi.json states them too).
constexpr std::size_t kMaxBlocksPerRequest = 10'000, kMaxBlockReason = 1'000, kMaxBlockNote = 4'000;
// Evidence files one block may carry (scan reports, photos of the re-imaged machine).
constexpr std::size_t kMaxBlockEvidence = 20;

// The prefix in canonical form ("198.51.100.7/32"); throws core::Error naming `field` otherwise.
std::string canonical_block_prefix(std::string_view text, const std::string& field);
// Throws core::Error naming the field (with `prefix`, e.g. "[12].reason", for bulk input).
void check_block(const BlockInput& b, TimeMs now, const std::string& prefix = "");
// An unblock request says what was done; throws core::Error otherwise.
void check_unblock_request(const std::vector<std::string>& actions, const std::string& note);

// The plain-text feed a firewall reads: a comment line, then one prefix per line, sorted.
std::string blocks_feed_text(const std::vector<std::string>& prefixes, std::string_view title, TimeMs generated_at);

}  // namespace tongbao::core
