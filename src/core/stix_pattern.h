#pragma once
// The IP addresses a STIX 2.1 indicator pattern compares for equality, e.g.
// "[ipv4-addr:value = '198.51.100.7'] OR [ipv6-addr:value = '2001:db8::1']". A single linear scan:
// no regular expression (whose recursion a long value could exhaust) and nothing copied but the
// short values it returns.
#include <string>
#include <string_view>
#include <vector>

namespace tongbao::core {

// Each address once, in the order of first appearance; values longer than an address are skipped.
std::vector<std::string> stix_pattern_addresses(std::string_view pattern);

}  // namespace tongbao::core

namespace tongbao::core {

// One comparison of a STIX pattern, e.g. network-traffic:dst_port = 445: the object path, the
// operator (=, !=, <, ISSUBSET, ...) and the value as text (quotes removed). An IN list gives one
// comparison per member, with the operator "=".
struct PatternComparison {
  std::string path, op, value;
};
// The comparisons of each observation expression ("[...]") in order. Values longer than
// `longest_value` characters are left out; qualifiers (WITHIN, START ... STOP) are ignored.
std::vector<std::vector<PatternComparison>> stix_pattern_observations(std::string_view pattern,
                                                                      std::size_t longest_value = 200);

}  // namespace tongbao::core
