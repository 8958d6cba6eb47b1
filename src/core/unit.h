#pragma once
// Units of the organisation tree and their contacts: the data and the rules on its values.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/ip_range.h"

namespace tongbao::core {

enum class UnitKind { cert, ministry, regional_centre, county_centre, school, soc, other };

std::string_view to_string(UnitKind kind);
std::optional<UnitKind> parse_unit_kind(std::string_view text);
// Centres review their subtree's reports; the CERT reviews everything.
bool is_centre(UnitKind kind);

struct Unit {
  long long id = 0;
  std::string oid;   // e.g. 2.16.886.111.100008.2
  std::string code;  // short code used in ticket numbers, e.g. TACERT
  std::string name;
  UnitKind kind = UnitKind::other;
  std::optional<std::string> parent_oid;  // none only for a root (the CERT)
  std::optional<long long> parent_id;     // the parent's row, once stored or read
  std::vector<IpRange> ip_ranges;
  std::string path;  // materialised ancestry of ids, "/1/4/9/": the subtree is a prefix match
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

constexpr int kMaxContacts = 5;
// Contacts 1–2 are kept by the parent unit; 3–5 by the unit's own account manager.
constexpr bool slot_managed_by_parent(int slot) { return slot == 1 || slot == 2; }

struct Contact {
  long long id = 0;
  long long unit_id = 0;
  int slot = 0;          // 1..5
  std::string account;   // login name within the unit
  std::string name;
  std::string title;
  std::string email;
  std::string mobile;
  std::string phone;
  std::string locale = "zh-TW";  // or "en"
  bool account_manager = false;
  bool active = true;
  bool must_change_password = false;
};

// Field checks shared by the API and the CSV import. Each throws core::Error naming the field.
void validate_oid(std::string_view oid, const std::string& field = "oid");
void validate_unit_code(std::string_view code, const std::string& field = "code");
void validate_unit_name(std::string_view name, const std::string& field = "name");
void validate_contact(const Contact& c);
void validate_account_name(std::string_view account, const std::string& field = "account");
// The length rule of passwords people choose, in bytes; throws password_too_short or
// password_too_long. auth::check_new_password adds the common list and the guessing estimate.
constexpr std::size_t kMinPasswordLength = 10;
constexpr std::size_t kMaxPasswordLength = 256;
void validate_password_strength(std::string_view password, const std::string& field = "password");
std::vector<IpRange> parse_ip_ranges(const std::vector<std::string>& texts, const std::string& field = "ip_ranges");

}  // namespace tongbao::core
