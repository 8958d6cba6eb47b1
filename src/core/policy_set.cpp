#include "core/policy_set.h"

#include "core/error.h"
#include "core/policy_file.h"

namespace tongbao::core {

PolicySet PolicySet::from_files(const std::vector<std::pair<std::string, std::string>>& files) {
  PolicySet set;
  for (const auto& [name, text] : files) set.profiles_.push_back(parse_policy_profile(text, name));
  if (set.profiles_.empty()) throw invalid("policies", "no policy profile was found");
  set.choose(set.default_name_);
  return set;
}

void PolicySet::choose(const std::string& default_name, const std::map<UnitKind, std::string>& by_kind) {
  auto known = [&](const std::string& name) {
    for (const auto& p : profiles_)
      if (p.name == name) return true;
    return false;
  };
  if (!known(default_name)) throw invalid("policy", "no policy profile is named '" + default_name + "'");
  for (const auto& [kind, name] : by_kind)
    if (!known(name)) throw invalid("policy", "no policy profile is named '" + name + "'");
  default_name_ = default_name;
  by_kind_ = by_kind;
}

const PolicyProfile& PolicySet::for_ticket(UnitKind kind, TimeMs aware_at) const {
  auto it = by_kind_.find(kind);
  const std::string& name = it == by_kind_.end() ? default_name_ : it->second;
  return *profile_in_force(profiles_, name, aware_at);
}

}  // namespace tongbao::core
