#pragma once
// What every STIX 2.1 object Tongbao writes has in common: ids in Tongbao's own UUIDv5 namespace
// (the same name gives the same id at every export), times with milliseconds, and the identity of
// the unit that issued it.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/uuid.h"

namespace tongbao::core {

// "type--<UUIDv5 of "type:name">": stable across exports, e.g. stix_id("indicator", warning number).
std::string stix_id(std::string_view type, std::string_view name);

// The same for a name given in pieces: a bundle's id, named by its objects as they are written.
class StixIdInPieces {
 public:
  explicit StixIdInPieces(std::string_view type);
  void add(std::string_view piece) { uuid_.add(piece); }
  std::string id();  // once, after the last piece

 private:
  std::string type_;
  Uuid5InPieces uuid_;
};

// "2026-11-23T01:53:56.000Z": RFC 3339 in UTC with milliseconds, as STIX wants.
std::string stix_time(TimeMs t);

// The issuing unit as an organisation: its id is that of its OID, so every export of the unit's
// warnings and advisories names the same identity. It was created by itself.
nlohmann::json stix_identity(const std::string& oid, const std::string& name);

}  // namespace tongbao::core
