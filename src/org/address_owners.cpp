#include "org/address_owners.h"

#include "store/unit_store.h"

namespace tongbao::org {

std::shared_ptr<const core::PrefixTable> AddressOwners::table(store::Transaction& tx) {
  // A unit added (units are never deleted, so the largest id moves), or one changed with its
  // ranges, moves the version. Each read from the end of an index: counting read every unit.
  auto r = tx.query_one("SELECT (SELECT MAX(id) FROM units), (SELECT MAX(updated_at) FROM units)");
  const std::string version = r->text(0) + "/" + r->text(1);
  std::lock_guard lock(mutex_);
  if (!table_ || version != version_) {
    table_ = std::make_shared<const core::PrefixTable>(store::units::address_owners(tx));
    version_ = version;
  }
  return table_;
}

}  // namespace tongbao::org
