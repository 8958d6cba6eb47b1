#pragma once
// Longest-prefix match over IPv4 and IPv6 ranges: which unit owns an address. One hash table per
// prefix length present, probed from the longest length down, so a lookup costs at most as many
// probes as there are distinct lengths, whatever the number of prefixes.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ip_range.h"

namespace tongbao::core {

class PrefixTable {
 public:
  // A later insert of the same prefix replaces the earlier owner.
  void insert(const IpRange& range, long long owner);
  // The owner of the most specific range holding the address, if any.
  std::optional<long long> lookup(const std::array<std::uint8_t, 16>& address, bool v6) const;
  std::optional<long long> lookup(std::string_view address_text) const;
  // The owner of the most specific range holding the whole of `range` (no longer than it).
  std::optional<long long> owner_of(const IpRange& range) const;
  size_t size() const { return size_; }

 private:
  struct Key {
    std::uint64_t hi = 0, lo = 0;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const { return std::hash<std::uint64_t>()(k.hi * 0x9E3779B97F4A7C15ULL ^ k.lo); }
  };
  struct Family {
    std::array<std::unordered_map<Key, long long, KeyHash>, 129> by_length;
    std::vector<int> lengths;  // present lengths, longest first
  };
  static Key masked(const std::array<std::uint8_t, 16>& address, int length);
  Family v4_, v6_;
  size_t size_ = 0;
};

}  // namespace tongbao::core
