#include "core/tree_rules.h"

#include <algorithm>

#include "core/error.h"

namespace tongbao::core {
namespace {

// Centres by how much of the tree they hold; 0 for units that hold none.
int centre_rank(UnitKind kind) {
  switch (kind) {
    case UnitKind::regional_centre: return 2;
    case UnitKind::county_centre: return 1;
    default: return 0;
  }
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

// True when the first `bits` bits of a and b agree.
bool same_prefix(const IpRange& a, const IpRange& b, int bits) {
  for (int i = 0; i < bits / 8; ++i)
    if (a.address[i] != b.address[i]) return false;
  if (bits % 8 == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - bits % 8));
  return (a.address[bits / 8] & mask) == (b.address[bits / 8] & mask);
}

bool is_direct_child_path(const std::string& parent_path, const std::string& path) {
  if (!starts_with(path, parent_path) || path.size() == parent_path.size()) return false;
  return std::count(path.begin() + static_cast<long>(parent_path.size()), path.end(), '/') == 1;
}

Error range_error(ErrorKind kind, std::string message) {
  return Error(kind, kind == ErrorKind::conflict ? "conflict" : "invalid_field", std::move(message), "ip_ranges");
}

}  // namespace

bool kind_carries_powers(UnitKind kind) {
  return kind == UnitKind::cert || kind == UnitKind::ministry || kind == UnitKind::soc;
}

void check_may_give_kind(const Principal& who, UnitKind kind, std::optional<UnitKind> parent_kind) {
  if (who.unit_kind == UnitKind::cert) return;
  auto refuse = [](std::string message) { return Error(ErrorKind::forbidden, "forbidden", std::move(message), "kind"); };
  if (kind_carries_powers(kind))
    throw refuse("Only the CERT creates units of kind " + std::string(to_string(kind)) + ".");
  if (centre_rank(kind) > 0 && (!parent_kind || centre_rank(kind) >= centre_rank(*parent_kind)))
    throw refuse("A " + std::string(to_string(kind)) + " may only sit below a centre of a higher rank; only the CERT places it elsewhere.");
}

bool range_contains(const IpRange& outer, const IpRange& inner) {
  return outer.v6 == inner.v6 && outer.prefix_length <= inner.prefix_length &&
         same_prefix(outer, inner, outer.prefix_length);
}

bool ranges_overlap(const IpRange& a, const IpRange& b) {
  return a.v6 == b.v6 && same_prefix(a, b, std::min(a.prefix_length, b.prefix_length));
}

void RangeRegistry::set(const Owner& owner, const std::vector<IpRange>& ranges) {
  std::erase_if(entries_, [&](const Entry& e) { return e.owner.unit_id == owner.unit_id; });
  for (const auto& r : ranges) entries_.push_back({owner, r});
}

void RangeRegistry::move_subtree(const std::string& old_path, const std::string& new_path) {
  for (auto& e : entries_)
    if (starts_with(e.owner.path, old_path)) e.owner.path = new_path + e.owner.path.substr(old_path.size());
}

void RangeRegistry::check(const Unit& unit, const std::optional<Owner>& parent) const {
  const bool contained = parent && parent->kind != UnitKind::cert;
  for (const auto& r : unit.ip_ranges) {
    if (contained) {
      const bool inside = std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) {
        return e.owner.unit_id == parent->unit_id && range_contains(e.range, r);
      });
      if (!inside)
        throw range_error(ErrorKind::invalid, r.to_string() + " lies outside the ranges of the parent unit " + parent->oid);
    }
    for (const auto& e : entries_) {
      if (e.owner.unit_id == unit.id && unit.id != 0) continue;
      const bool ancestor = starts_with(unit.path, e.owner.path);
      const bool descendant = starts_with(e.owner.path, unit.path);
      if (!ancestor && !descendant && ranges_overlap(e.range, r))
        throw range_error(ErrorKind::conflict, r.to_string() + " overlaps " + e.range.to_string() + " of unit " +
                                                   e.owner.oid + ", in another branch of the tree");
    }
  }
  // A unit that is not the CERT holds its children's ranges.
  if (unit.kind == UnitKind::cert || unit.id == 0) return;
  for (const auto& e : entries_) {
    if (!is_direct_child_path(unit.path, e.owner.path)) continue;
    const bool inside = std::any_of(unit.ip_ranges.begin(), unit.ip_ranges.end(),
                                    [&](const IpRange& r) { return range_contains(r, e.range); });
    if (!inside)
      throw range_error(ErrorKind::invalid, e.range.to_string() + " of the child unit " + e.owner.oid +
                                                " would lie outside this unit's ranges");
  }
}

}  // namespace tongbao::core
