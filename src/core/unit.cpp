#include "core/unit.h"

#include <algorithm>
#include <array>

#include "core/error.h"
#include "core/utf8.h"

namespace tongbao::core {
namespace {

constexpr std::array<std::pair<UnitKind, std::string_view>, 7> kKinds = {{
    {UnitKind::cert, "cert"},
    {UnitKind::ministry, "ministry"},
    {UnitKind::regional_centre, "regional_centre"},
    {UnitKind::county_centre, "county_centre"},
    {UnitKind::school, "school"},
    {UnitKind::soc, "soc"},
    {UnitKind::other, "other"},
}};

bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

void check_text(std::string_view value, const std::string& field, size_t max, bool required) {
  if (required && value.empty()) throw invalid(field, field + " is required");
  if (utf8_length(value) > max) throw invalid(field, field + " is longer than " + std::to_string(max) + " characters");
  if (has_control_chars(value)) throw invalid(field, field + " contains control characters");
}

}  // namespace

std::string_view to_string(UnitKind kind) {
  for (auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "other";
}

std::optional<UnitKind> parse_unit_kind(std::string_view text) {
  for (auto& [k, name] : kKinds)
    if (name == text) return k;
  return std::nullopt;
}

bool is_centre(UnitKind kind) { return kind == UnitKind::regional_centre || kind == UnitKind::county_centre; }

void validate_oid(std::string_view oid, const std::string& field) {
  // Dotted decimal arcs, as issued by the national OID registry.
  bool ok = !oid.empty() && oid.size() <= 128 && oid.front() != '.' && oid.back() != '.';
  int arcs = 0;
  for (size_t i = 0; ok && i < oid.size(); ++i) {
    if (oid[i] == '.') {
      ok = oid[i - 1] != '.';
      ++arcs;
    } else {
      ok = oid[i] >= '0' && oid[i] <= '9';
    }
  }
  if (!ok || arcs < 1) throw invalid(field, field + " must be an OID in dotted decimal form, e.g. 2.16.886.111.100008");
}

void validate_unit_code(std::string_view code, const std::string& field) {
  bool ok = !code.empty() && code.size() <= 16 &&
            std::all_of(code.begin(), code.end(), [](char c) {
              return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            });
  if (!ok) throw invalid(field, field + " must be 1 to 16 characters of A-Z, 0-9 and _");
}

void validate_unit_name(std::string_view name, const std::string& field) { check_text(name, field, 200, true); }

void validate_account_name(std::string_view account, const std::string& field) {
  bool ok = !account.empty() && account.size() <= 64 &&
            std::all_of(account.begin(), account.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                     c == '_' || c == '-' || c == '@';
            });
  if (!ok) throw invalid(field, field + " must be 1 to 64 characters of letters, digits and . _ - @");
}

void validate_password_strength(std::string_view password, const std::string& field) {
  if (password.size() < kMinPasswordLength)
    throw Error(ErrorKind::invalid, "password_too_short",
                field + " must be at least " + std::to_string(kMinPasswordLength) + " characters long", field);
  if (password.size() > kMaxPasswordLength)
    throw Error(ErrorKind::invalid, "password_too_long",
                field + " must be at most " + std::to_string(kMaxPasswordLength) + " characters long", field);
}

void validate_contact(const Contact& c) {
  if (c.slot < 1 || c.slot > kMaxContacts) throw invalid("slot", "slot must be 1 to 5");
  validate_account_name(c.account);
  check_text(c.name, "name", 100, true);
  check_text(c.title, "title", 100, false);
  check_text(c.email, "email", 254, true);
  auto at = c.email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= c.email.size() || c.email.find(' ') != std::string::npos ||
      c.email.find('.', at) == std::string::npos)
    throw invalid("email", "email must be an address like name@example.edu.tw");
  auto phone_ok = [](const std::string& p) {
    return std::all_of(p.begin(), p.end(), [](char ch) {
      return (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == ' ' || ch == '#' || ch == '(' || ch == ')';
    });
  };
  check_text(c.mobile, "mobile", 32, false);
  if (!phone_ok(c.mobile)) throw invalid("mobile", "mobile may hold only digits, spaces and + - # ( )");
  check_text(c.phone, "phone", 32, false);
  if (!phone_ok(c.phone)) throw invalid("phone", "phone may hold only digits, spaces and + - # ( )");
  if (c.locale != "zh-TW" && c.locale != "en") throw invalid("locale", "locale must be zh-TW or en");
}

std::vector<IpRange> parse_ip_ranges(const std::vector<std::string>& texts, const std::string& field) {
  std::vector<IpRange> out;
  for (size_t i = 0; i < texts.size(); ++i) {
    std::string why;
    auto r = parse_ip_range(texts[i], &why);
    if (!r) throw invalid(field, field + ": '" + texts[i] + "' " + why);
    if (std::find(out.begin(), out.end(), *r) == out.end()) out.push_back(*r);
  }
  return out;
}

}  // namespace tongbao::core
