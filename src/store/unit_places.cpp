#include "store/unit_places.h"

namespace tongbao::store::units {

std::map<long long, UnitPlace> places(Transaction& tx, const std::vector<long long>& ids) {
  std::map<long long, UnitPlace> out;
  in_chunks({ids.begin(), ids.end()}, 200, [&](const std::vector<Value>& chunk, const std::string& marks) {
    for (auto& r : tx.query("SELECT id, oid, path FROM units WHERE id IN (" + marks + ")", chunk))
      out[r.integer(0)] = {r.text(1), r.text(2)};
  });
  return out;
}

}  // namespace tongbao::store::units
