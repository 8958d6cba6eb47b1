#pragma once
// IP ranges units own (IPv4 and IPv6), in CIDR form. Early warnings are routed by them.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tongbao::core {

struct IpRange {
  bool v6 = false;
  std::array<std::uint8_t, 16> address{};  // network address; IPv4 uses the first 4 bytes
  int prefix_length = 0;

  // Canonical text: "140.117.0.0/16", "2001:288:4001::/48".
  std::string to_string() const;
  bool operator==(const IpRange&) const = default;
};

// Parses "a.b.c.d/n", "x::y/n", or a single address (taken as /32 or /128). Host bits must be zero,
// so a typo like 140.117.1.0/16 is caught instead of silently widened. Returns nullopt on any error;
// `why` says what is wrong.
std::optional<IpRange> parse_ip_range(std::string_view text, std::string* why = nullptr);

}  // namespace tongbao::core
