#pragma once
// The profiles a deployment has loaded, and which one applies to a unit's ticket.
#include <map>
#include <string>
#include <vector>

#include "core/policy.h"
#include "core/unit.h"

namespace tongbao::core {

class PolicySet {
 public:
  // Parses every file (name, text); throws core::Error naming the file, line and field.
  static PolicySet from_files(const std::vector<std::pair<std::string, std::string>>& files);

  // The profile name a deployment uses: by default, and per unit kind ("school=taiwan").
  void choose(const std::string& default_name, const std::map<UnitKind, std::string>& by_kind = {});
  // The version in force at the time of awareness, for a ticket of a unit of this kind.
  const PolicyProfile& for_ticket(UnitKind kind, TimeMs aware_at) const;
  const std::vector<PolicyProfile>& profiles() const { return profiles_; }
  // A name for what decides every ticket's deadlines: the profiles' text and the choice among
  // them. Values kept from those deadlines are computed again when it changes.
  std::string identity() const;

 private:
  std::vector<PolicyProfile> profiles_;
  std::string default_name_ = "taiwan";
  std::map<UnitKind, std::string> by_kind_;
  std::string texts_digest_;  // of the files' text, in an order that does not depend on the folder
};

}  // namespace tongbao::core
