#include "core/access.h"

namespace tongbao::core {
namespace {

bool within(const std::string& ancestor_path, const std::string& path) {
  return path.size() >= ancestor_path.size() && path.compare(0, ancestor_path.size(), ancestor_path) == 0;
}

bool is_cert(const Principal& p) { return p.unit_kind == UnitKind::cert; }

// The path "/1/2/3/31/" names its unit last and the parent just before it.
bool is_parent_of(const Principal& p, const TreePosition& target) {
  const auto& path = target.path;
  if (path.size() < 2) return false;
  const auto own = path.rfind('/', path.size() - 2);
  if (own == std::string::npos || own == 0) return false;
  const auto parent = path.rfind('/', own - 1);
  if (parent == std::string::npos) return false;
  return path.compare(parent + 1, own - parent - 1, std::to_string(p.unit_id)) == 0 &&
         within(p.unit_path, target.path);
}

}  // namespace

Principal acting_for(const Principal& p, const Unit& unit) {
  Principal q = p;
  q.unit_id = unit.id;
  q.unit_oid = unit.oid;
  q.unit_path = unit.path;
  q.unit_kind = unit.kind;
  q.account_manager = false;
  return q;
}

Principal system_principal() {
  Principal p;
  p.unit_kind = UnitKind::cert;
  p.unit_path = "/";
  p.contact_id = -1;
  p.label = "system";
  return p;
}

bool sees_everything(const Principal& p) { return is_cert(p) || p.unit_kind == UnitKind::ministry; }

bool can_read_unit(const Principal& p, const TreePosition& target) {
  return sees_everything(p) || within(p.unit_path, target.path);
}

bool can_manage_unit(const Principal& p, const TreePosition& target) {
  if (p.contact_id == 0) return false;  // machine clients do not edit the tree
  if (is_cert(p)) return true;
  return is_centre(p.unit_kind) && target.unit_id != p.unit_id && within(p.unit_path, target.path);
}

bool can_manage_contact_slot(const Principal& p, const TreePosition& unit, int slot) {
  if (p.contact_id == 0) return false;
  if (is_cert(p)) return true;
  if (slot_managed_by_parent(slot)) return is_parent_of(p, unit);
  return unit.unit_id == p.unit_id && p.account_manager;
}

bool is_self(const Principal& p, long long contact_id) { return p.contact_id != 0 && p.contact_id == contact_id; }

bool can_read_audit(const Principal& p) { return sees_everything(p) && p.contact_id != 0; }

}  // namespace tongbao::core
