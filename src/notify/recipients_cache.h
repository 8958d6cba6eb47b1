#pragma once
// Who hears of tickets' events (the contacts of a ticket's unit, of its centre, of the CERT), kept
// a second at most: every filing read them inside the write that all filings queue behind, and a
// county's or the CERT's contacts are the same for thousands of them. An entry read before this
// server changed a unit or a contact is not used after it (the session cache's generation, which
// every such change moves); a change made by another server holds here within the second, as it
// does for who is signed in.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/session_cache.h"
#include "store/contact_store.h"

namespace tongbao::notify {

class RecipientsCache {
 public:
  explicit RecipientsCache(const auth::SessionCache& changes,
                           std::chrono::milliseconds lifetime = std::chrono::seconds(1), size_t capacity = 10'000);

  // As store::contacts::for_units_and_kind, from the cache while its entry holds.
  store::contacts::Reach reach(store::Transaction& tx, const std::vector<long long>& unit_ids,
                               const std::optional<std::string>& kind);

 private:
  using Steady = std::chrono::steady_clock;
  using Key = std::pair<std::vector<long long>, std::optional<std::string>>;
  struct Kept {
    store::contacts::Reach reach;
    std::uint64_t generation = 0;
    Steady::time_point until;
  };
  const auth::SessionCache& changes_;
  const std::chrono::milliseconds lifetime_;
  const size_t capacity_;
  std::mutex mutex_;
  std::map<Key, Kept> kept_;
};

}  // namespace tongbao::notify
