#pragma once
// The organisation the national benchmarks run on: the CERT, a SOC under it, 20 county centres and
// 20,000 schools, each school an IPv4 /26 (140.x.y.z, school n at 140.0.0.0 + 64·n), an IPv6 /64,
// and every other one a nested /28: 50,000 prefixes; one contact each.
#include <cstdint>
#include <string>

#include "store/database.h"

namespace tongbao::bench {

struct NationalTree {
  std::string cert_key, soc_key;  // API keys
};

constexpr int kSchools = 20'000, kCounties = 20;

NationalTree build_national_tree(store::Database& db);
std::string v4(std::uint32_t address);
// The first address of school n's /26.
std::uint32_t school_base(int school);
std::string school_v6_prefix(int school);  // "2001:288:a:b::", its /64 without the length

}  // namespace tongbao::bench
