#include "http/message.h"

#include <algorithm>
#include <optional>

namespace tongbao::http {

std::string Request::header(const std::string& lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return value;
  return {};
}

std::string Request::query_param(const std::string& name, const std::string& fallback) const {
  auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

std::string Request::path_param(const std::string& name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? std::string() : it->second;
}

std::string Request::cookie(const std::string& name) const {
  const std::string all = header("cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string_view part(all.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    pos = end + 1;
  }
  return {};
}

namespace {

// An address alone (no prefix), IPv4-mapped IPv6 taken as IPv4.
std::optional<core::IpRange> parse_address(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty() || text.find('/') != std::string_view::npos) return std::nullopt;
  auto a = core::parse_ip_range(text);
  if (!a) return std::nullopt;
  if (a->v6 && std::all_of(a->address.begin(), a->address.begin() + 10, [](auto b) { return b == 0; }) &&
      a->address[10] == 0xff && a->address[11] == 0xff) {
    core::IpRange v4;
    std::copy(a->address.begin() + 12, a->address.end(), v4.address.begin());
    v4.prefix_length = 32;
    return v4;
  }
  return a;
}

bool within(const core::IpRange& address, const core::IpRange& range) {
  if (address.v6 != range.v6) return false;
  for (int bit = 0; bit < range.prefix_length; ++bit) {
    const auto mask = static_cast<std::uint8_t>(0x80 >> (bit % 8));
    if ((address.address[bit / 8] & mask) != (range.address[bit / 8] & mask)) return false;
  }
  return true;
}

bool trusted(const core::IpRange& address, const std::vector<core::IpRange>& proxies) {
  return std::any_of(proxies.begin(), proxies.end(), [&](const auto& r) { return within(address, r); });
}

std::string text_of(const core::IpRange& address) {
  auto text = address.to_string();
  return text.substr(0, text.rfind('/'));
}

}  // namespace

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<core::IpRange>& trusted_proxies) {
  auto hop = parse_address(peer);
  if (!hop) return peer;
  while (trusted(*hop, trusted_proxies) && !forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const auto entry = comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    auto next = parse_address(entry);
    if (!next) break;
    hop = next;
  }
  return text_of(*hop);
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
        hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else if (plus_is_space && text[i] == '+') {
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    auto pair = query.substr(pos, end - pos);
    auto eq = pair.find('=');
    if (!pair.empty()) {
      if (eq == std::string_view::npos) out[percent_decode(pair, true)] = "";
      else out[percent_decode(pair.substr(0, eq), true)] = percent_decode(pair.substr(eq + 1), true);
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace tongbao::http
