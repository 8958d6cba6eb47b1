#pragma once
// What a unit may be and own at its place in the tree. Without these rules a county centre could
// create a CERT below itself and read every branch, or claim another branch's addresses and
// receive its early warnings (routing is by longest prefix).
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/ip_range.h"
#include "core/unit.h"

namespace tongbao::core {

// Kinds that carry powers beyond a unit's own subtree: the CERT, the ministry (reads everything)
// and security operations centres (issue early warnings anywhere).
bool kind_carries_powers(UnitKind kind);

// Throws a forbidden Error (field "kind") unless `who` may give a unit of `kind` a place under a
// parent of `parent_kind` (none: a root). Only the CERT gives the kinds that carry powers; a centre
// gives schools, "other" units, and centres of a lower rank than the parent (a regional centre
// may hold county centres), so a unit's kind never grants more than its parent's.
void check_may_give_kind(const Principal& who, UnitKind kind, std::optional<UnitKind> parent_kind);

bool range_contains(const IpRange& outer, const IpRange& inner);
bool ranges_overlap(const IpRange& a, const IpRange& b);

// Every unit's address ranges, to check a change against before it is written.
class RangeRegistry {
 public:
  struct Owner {
    long long unit_id = 0;
    std::string oid;
    std::string path;  // materialised path, "/1/4/9/"
    UnitKind kind = UnitKind::other;
  };
  void set(const Owner& owner, const std::vector<IpRange>& ranges);  // replaces the unit's ranges
  // A unit moved: its subtree's paths now start with `new_path`.
  void move_subtree(const std::string& old_path, const std::string& new_path);

  // Throws an Error (field "ip_ranges") when `unit` (with its path, or its parent's path + "new/"
  // before it exists) would own a range outside its parent's ranges (unless the parent is a CERT,
  // whose children's ranges are unrestricted), leave a child's range outside its own, or
  // overlap a range of a unit that is neither its ancestor nor its descendant.
  void check(const Unit& unit, const std::optional<Owner>& parent) const;

 private:
  struct Entry {
    Owner owner;
    IpRange range;
  };
  std::vector<Entry> entries_;
};

}  // namespace tongbao::core
