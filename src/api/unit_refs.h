#pragma once
// Units named in an answer ({oid, code, name}), each read once per answer however often it is
// named. A unit is named even outside the reader's subtree where the answer needs it (a school
// must know who warned or blocked it).
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "api/context.h"

namespace tongbao::api {

class UnitRefs {
 public:
  explicit UnitRefs(ApiContext& ctx) : ctx_(ctx) {}
  nlohmann::json operator()(std::optional<long long> id);

 private:
  ApiContext& ctx_;
  std::map<long long, nlohmann::json> refs_;
};

}  // namespace tongbao::api
