#include "core/ip_range.h"

#include <arpa/inet.h>

#include <charconv>

namespace tongbao::core {

std::string IpRange::to_string() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(v6 ? AF_INET6 : AF_INET, address.data(), buf, sizeof buf);
  return std::string(buf) + "/" + std::to_string(prefix_length);
}

std::optional<IpRange> parse_ip_range(std::string_view text, std::string* why) {
  auto fail = [&](const char* msg) -> std::optional<IpRange> {
    if (why) *why = msg;
    return std::nullopt;
  };
  IpRange r;
  std::string addr(text.substr(0, text.find('/')));
  r.v6 = addr.find(':') != std::string::npos;
  if (inet_pton(r.v6 ? AF_INET6 : AF_INET, addr.c_str(), r.address.data()) != 1)
    return fail(r.v6 ? "not a valid IPv6 address" : "not a valid IPv4 address");
  const int max_len = r.v6 ? 128 : 32;
  r.prefix_length = max_len;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    auto len = text.substr(slash + 1);
    int n = -1;
    auto [p, ec] = std::from_chars(len.data(), len.data() + len.size(), n);
    if (ec != std::errc() || p != len.data() + len.size() || n < 0 || n > max_len)
      return fail(r.v6 ? "prefix length must be 0 to 128" : "prefix length must be 0 to 32");
    r.prefix_length = n;
  }
  const int bytes = max_len / 8;
  for (int bit = r.prefix_length; bit < bytes * 8; ++bit) {
    if (r.address[bit / 8] & (0x80 >> (bit % 8))) return fail("host bits are set below the prefix length");
  }
  return r;
}

}  // namespace tongbao::core
