#include "api/unit_refs.h"

#include "org/organisation.h"

namespace tongbao::api {

nlohmann::json UnitRefs::operator()(std::optional<long long> id) {
  if (!id) return nullptr;
  auto [it, fresh] = refs_.try_emplace(*id, nullptr);
  if (fresh) {
    if (auto u = ctx_.organisation.named(*id)) it->second = {{"oid", u->oid}, {"code", u->code}, {"name", u->name}};
  }
  return it->second;
}

}  // namespace tongbao::api
