#pragma once
// Where each of many units stands in the tree (OID and path, not its ranges), read a few hundred
// at a time: what a batch of warnings needs of the units it reaches.
#include <map>
#include <string>
#include <vector>

#include "store/database.h"

namespace tongbao::store::units {

struct UnitPlace {
  std::string oid;
  std::string path;
};
std::map<long long, UnitPlace> places(Transaction& tx, const std::vector<long long>& ids);

}  // namespace tongbao::store::units
