#include "core/policy_set.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "core/error.h"
#include "core/policy_file.h"

namespace tongbao::core {
namespace {

// FNV-1a: enough to tell one set of profiles from another, not a defence against anyone.
std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string hex(std::uint64_t v) {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(v));
  return out;
}

}  // namespace

PolicySet PolicySet::from_files(const std::vector<std::pair<std::string, std::string>>& files) {
  PolicySet set;
  for (const auto& [name, text] : files) set.profiles_.push_back(parse_policy_profile(text, name));
  if (set.profiles_.empty()) throw invalid("policies", "no policy profile was found");
  std::vector<std::string_view> texts;
  for (const auto& file : files) texts.push_back(file.second);
  std::sort(texts.begin(), texts.end());
  std::uint64_t h = fnv1a("");
  for (auto text : texts) h = fnv1a(std::string_view("\0", 1), fnv1a(text, h));
  set.texts_digest_ = hex(h);
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

std::string PolicySet::identity() const {
  std::string out = texts_digest_ + " policy=" + default_name_;
  for (const auto& [kind, name] : by_kind_) out += " " + std::string(to_string(kind)) + "=" + name;
  return out;
}

const PolicyProfile& PolicySet::for_ticket(UnitKind kind, TimeMs aware_at) const {
  auto it = by_kind_.find(kind);
  const std::string& name = it == by_kind_.end() ? default_name_ : it->second;
  return *profile_in_force(profiles_, name, aware_at);
}

}  // namespace tongbao::core
