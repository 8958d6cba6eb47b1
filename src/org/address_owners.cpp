#include "org/address_owners.h"

#include "store/unit_store.h"

namespace tongbao::org {

std::shared_ptr<const core::PrefixTable> AddressOwners::table(store::Transaction& tx) {
  // Every change to the units' ranges moves it, in the change's own transaction (triggers on
  // unit_ip_ranges), so the table read below is the one this transaction sees.
  const auto version = tx.query_one("SELECT n FROM address_owners_version")->integer(0);
  std::lock_guard lock(mutex_);
  if (!table_ || version != version_) {
    table_ = std::make_shared<const core::PrefixTable>(store::units::address_owners(tx));
    version_ = version;
  }
  return table_;
}

}  // namespace tongbao::org
