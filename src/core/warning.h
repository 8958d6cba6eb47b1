#pragma once
// Early warnings (EWA, 資安預警情報): what a SOC reports about an address, and the unit's reply.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/incident.h"

namespace tongbao::core {

const std::vector<SubCategory>& warning_subcategories();
const SubCategory* find_warning_subcategory(std::string_view key);

struct WarningAddress {
  std::string ip;
  std::string role;  // source or destination
};

struct WarningInput {
  std::vector<WarningAddress> addresses;
  std::optional<int> port;
  std::string protocol;
  TimeMs observed_at = 0;
  std::optional<TimeMs> last_seen;  // seen until, when the source says (a sighting's last_seen)
  std::string subcategory;
  std::string description;
  std::string evidence;
  std::string rule_id;
  std::string tlp;  // clear, green, amber, amber+strict, red; empty: not marked
  int count = 1;    // times seen (a sighting's count)
};

// TLP 2.0 names; "white" is read as "clear". Empty for anything else.
std::string normalise_tlp(std::string_view text);
// The address in canonical form ("2001:db8::1"), or "" when the text is not one single address.
std::string normalise_address(std::string_view text);

enum class WarningReply { real_incident, false_positive, undetermined };
std::string_view to_string(WarningReply r);
std::optional<WarningReply> parse_warning_reply(std::string_view text);

// Limits of one warning (api/openapi.json states them too).
constexpr std::size_t kMaxWarningAddresses = 16, kMaxWarningProtocol = 16, kMaxWarningRuleId = 200,
                      kMaxWarningDescription = 20'000, kMaxWarningEvidence = 200'000;
constexpr int kMaxWarningCount = 1'000'000;
constexpr std::size_t kMaxWarningsPerRequest = 10'000, kMaxRepliesPerRequest = 1'000;

// Throws core::Error naming the field (with `prefix`, e.g. "[12].addresses[0].ip", for bulk input).
void check_warning(const WarningInput& w, TimeMs now, const std::string& prefix = "");
// A false positive needs a reason; so does "cannot determine".
void check_reply(WarningReply reply, const std::string& reason);
// The incident sub-category a confirmed warning becomes.
std::string incident_subcategory_for(std::string_view warning_subcategory);

// A warning as stored: its routing, its observations merged, and the unit's reply.
struct Warning {
  long long id = 0;
  std::string number;
  long long issuer_unit_id = 0;
  std::optional<long long> unit_id;  // none: in triage
  std::string host;                  // the address it was routed by
  WarningInput input;
  TimeMs first_seen = 0, last_seen = 0;
  int repeat_count = 1;
  std::string state = "open";        // open or answered
  std::string reply, reply_reason, replied_by;
  std::optional<TimeMs> replied_at;
  std::optional<long long> incident_id;
  TimeMs due_at = 0, created_at = 0, updated_at = 0;
};

}  // namespace tongbao::core
