#include "store/unit_places.h"

#include <algorithm>

namespace tongbao::store::units {

std::map<long long, UnitPlace> places(Transaction& tx, const std::vector<long long>& ids) {
  constexpr size_t kUnitsPerStatement = 200;
  std::map<long long, UnitPlace> out;
  for (size_t from = 0; from < ids.size(); from += kUnitsPerStatement) {
    const size_t n = std::min(kUnitsPerStatement, ids.size() - from);
    std::string marks;
    std::vector<Value> p;
    for (size_t i = 0; i < n; ++i) {
      marks += i ? ", ?" : "?";
      p.emplace_back(static_cast<std::int64_t>(ids[from + i]));
    }
    for (auto& r : tx.query("SELECT id, oid, path FROM units WHERE id IN (" + marks + ")", p))
      out[r.integer(0)] = {r.text(1), r.text(2)};
  }
  return out;
}

}  // namespace tongbao::store::units
