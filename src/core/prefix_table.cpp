#include "core/prefix_table.h"

#include <algorithm>

namespace tongbao::core {

PrefixTable::Key PrefixTable::masked(const std::array<std::uint8_t, 16>& a, int length) {
  Key k;
  for (int i = 0; i < 8; ++i) k.hi = (k.hi << 8) | a[i];
  for (int i = 8; i < 16; ++i) k.lo = (k.lo << 8) | a[i];
  // Shifts by 64 are undefined, hence the explicit cases at 0 and 64.
  if (length <= 64) {
    k.lo = 0;
    if (length < 64) k.hi = length == 0 ? 0 : k.hi & (~0ULL << (64 - length));
  } else if (length < 128) {
    k.lo &= ~0ULL << (128 - length);
  }
  return k;
}

void PrefixTable::insert(const IpRange& range, long long owner) {
  Family& f = range.v6 ? v6_ : v4_;
  auto& table = f.by_length[range.prefix_length];
  auto [it, fresh] = table.insert_or_assign(masked(range.address, range.prefix_length), owner);
  if (fresh) ++size_;
  if (std::find(f.lengths.begin(), f.lengths.end(), range.prefix_length) == f.lengths.end()) {
    f.lengths.push_back(range.prefix_length);
    std::sort(f.lengths.begin(), f.lengths.end(), std::greater<>());
  }
}

std::optional<long long> PrefixTable::lookup(const std::array<std::uint8_t, 16>& address, bool v6) const {
  const Family& f = v6 ? v6_ : v4_;
  for (int length : f.lengths) {
    const auto& table = f.by_length[length];
    auto it = table.find(masked(address, length));
    if (it != table.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<long long> PrefixTable::owner_of(const IpRange& range) const {
  const Family& f = range.v6 ? v6_ : v4_;
  for (int length : f.lengths) {
    if (length > range.prefix_length) continue;  // a narrower range holds only part of it
    const auto& table = f.by_length[length];
    auto it = table.find(masked(range.address, length));
    if (it != table.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<long long> PrefixTable::lookup(std::string_view text) const {
  auto r = parse_ip_range(text);
  if (!r || r->prefix_length != (r->v6 ? 128 : 32)) return std::nullopt;
  return lookup(r->address, r->v6);
}

}  // namespace tongbao::core
