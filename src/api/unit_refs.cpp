#include "api/unit_refs.h"

#include "store/unit_store.h"

namespace tongbao::api {

nlohmann::json UnitRefs::operator()(std::optional<long long> id) {
  if (!id) return nullptr;
  auto [it, fresh] = refs_.try_emplace(*id, nullptr);
  if (fresh) {
    auto u = ctx_.db.read_value([&](store::Transaction& tx) { return store::units::find_by_id(tx, *id); });
    if (u) it->second = {{"oid", u->oid}, {"code", u->code}, {"name", u->name}};
  }
  return it->second;
}

}  // namespace tongbao::api
