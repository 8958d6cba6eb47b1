#pragma once
// Which unit owns an address or prefix (longest-prefix match over every unit's ranges), read from
// the database once and read again only when the tree has changed.
#include <memory>
#include <mutex>
#include <optional>

#include "core/prefix_table.h"
#include "store/database.h"

namespace tongbao::org {

class AddressOwners {
 public:
  // The table as of this transaction; kept by the caller for as long as it needs it, even while
  // another thread finds the tree changed and reads a new one.
  std::shared_ptr<const core::PrefixTable> table(store::Transaction& tx);

 private:
  std::mutex mutex_;
  std::shared_ptr<const core::PrefixTable> table_;
  std::optional<long long> version_;  // address_owners_version.n when the table was read
};

}  // namespace tongbao::org
