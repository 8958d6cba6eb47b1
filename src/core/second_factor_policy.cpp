#include "core/second_factor_policy.h"

namespace tongbao::core {

std::optional<SecondFactorPolicy> parse_second_factor_policy(const std::string& kinds) {
  SecondFactorPolicy policy;
  policy.required.clear();
  if (kinds == "none") return policy;
  size_t start = 0;
  while (start <= kinds.size()) {
    auto end = kinds.find(',', start);
    if (end == std::string::npos) end = kinds.size();
    std::string name = kinds.substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    while (!name.empty() && name.back() == ' ') name.pop_back();
    auto kind = parse_unit_kind(name);
    if (!kind) return std::nullopt;
    policy.required.insert(*kind);
    start = end + 1;
  }
  return policy;
}

}  // namespace tongbao::core
