// Routing lookups alone: longest-prefix match of early-warning addresses over 50,000 prefixes
// owned by 20,000 units (IPv4 and IPv6 mixed), as the warning service does for each address.
//
//   build/bench/routing_bench [--lookups 10000000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "core/prefix_table.h"

using namespace tongbao::core;

int main(int argc, char** argv) {
  long lookups = 10'000'000;
  for (int i = 1; i + 1 < argc; i += 2)
    if (!std::strcmp(argv[i], "--lookups")) lookups = std::atol(argv[i + 1]);
  std::mt19937_64 rng(7);
  PrefixTable table;
  std::vector<IpRange> ranges;
  // 20,000 units: each a /24 or /26 of IPv4 inside a few /16s, some with nested /28s, and a /48 of IPv6.
  for (int unit = 0; unit < 20'000; ++unit) {
    IpRange v4;
    v4.prefix_length = unit % 3 == 0 ? 24 : 26;
    const std::uint32_t base = (140u << 24) | (static_cast<std::uint32_t>(unit) << (32 - v4.prefix_length));
    for (int b = 0; b < 4; ++b) v4.address[b] = static_cast<std::uint8_t>(base >> (24 - 8 * b));
    table.insert(v4, unit);
    ranges.push_back(v4);
    if (unit % 2 == 0) {  // a nested /28 for half of them
      IpRange nested = v4;
      nested.prefix_length = 28;
      table.insert(nested, unit + 100'000);
    }
    IpRange v6;
    v6.v6 = true;
    v6.prefix_length = 48;
    v6.address[0] = 0x20, v6.address[1] = 0x01, v6.address[2] = 0x02, v6.address[3] = 0x88;
    v6.address[4] = static_cast<std::uint8_t>(unit >> 8), v6.address[5] = static_cast<std::uint8_t>(unit);
    table.insert(v6, unit);
    ranges.push_back(v6);
  }
  // Queries: 80% inside some unit's range, 20% anywhere (mostly nobody's).
  std::vector<std::pair<std::array<std::uint8_t, 16>, bool>> queries(1 << 20);
  for (auto& [addr, v6] : queries) {
    addr = {};
    if (rng() % 5 == 0) {
      v6 = false;
      const auto a = static_cast<std::uint32_t>(rng());
      for (int b = 0; b < 4; ++b) addr[b] = static_cast<std::uint8_t>(a >> (24 - 8 * b));
      continue;
    }
    const auto& r = ranges[rng() % ranges.size()];
    v6 = r.v6;
    addr = r.address;
    addr[v6 ? 15 : 3] |= static_cast<std::uint8_t>(rng() & 0x3f);
  }
  std::printf("prefix table: %zu prefixes (IPv4 /24, /26, nested /28; IPv6 /48)\n", table.size());
  long found = 0;
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < lookups; ++i) {
    const auto& [addr, v6] = queries[static_cast<size_t>(i) & (queries.size() - 1)];
    found += table.lookup(addr, v6).has_value();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%ld lookups in %.2f s: %.2f million lookups/s, %.0f ns each (%ld routed to a unit)\n", lookups, seconds,
              lookups / seconds / 1e6, seconds * 1e9 / lookups, found);
  return 0;
}
