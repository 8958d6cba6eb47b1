#include "core/stix_common.h"

#include <cstdio>

#include "core/time_format.h"
#include "core/uuid.h"

namespace tongbao::core {
namespace {

// The namespace of Tongbao's object ids.
constexpr const char* kTongbaoNamespace = "5d7a9c1e-2b4f-4c1d-9e0a-7f3b2c6d8e11";
// Objects that do not change with what is exported (an identity) keep one creation time.
constexpr const char* kStaticCreated = "2017-01-20T00:00:00.000Z";

}  // namespace

StixIdInPieces::StixIdInPieces(std::string_view type) : type_(type), uuid_(kTongbaoNamespace) {
  uuid_.add(type);
  uuid_.add(":");
}

std::string StixIdInPieces::id() { return type_ + "--" + uuid_.text(); }

std::string stix_id(std::string_view type, std::string_view name) {
  StixIdInPieces id(type);
  id.add(name);
  return id.id();
}

std::string stix_time(TimeMs t) {
  auto s = format_utc(t);  // ...:56Z
  const auto ms = ((t % 1000) + 1000) % 1000;
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03lld", static_cast<long long>(ms));
  return s.substr(0, s.size() - 1) + frac + "Z";
}

nlohmann::json stix_identity(const std::string& oid, const std::string& name) {
  const auto id = stix_id("identity", oid);
  return {{"type", "identity"},
          {"spec_version", "2.1"},
          {"id", id},
          {"created", kStaticCreated},
          {"modified", kStaticCreated},
          {"created_by_ref", id},
          {"name", name.empty() ? oid : name},
          {"identity_class", "organization"},
          {"x_tongbao_oid", oid}};
}

}  // namespace tongbao::core
