#include "notify/recipients_cache.h"

namespace tongbao::notify {

RecipientsCache::RecipientsCache(const auth::SessionCache& changes, std::chrono::milliseconds lifetime, size_t capacity)
    : changes_(changes), lifetime_(lifetime), capacity_(capacity) {}

store::contacts::Reach RecipientsCache::reach(store::Transaction& tx, const std::vector<long long>& unit_ids,
                                              const std::optional<std::string>& kind) {
  Key key{unit_ids, kind};
  // The generation before reading: a change this server makes while the read runs leaves what was
  // read unused.
  const auto generation = changes_.generation();
  {
    std::lock_guard lock(mutex_);
    if (auto it = kept_.find(key);
        it != kept_.end() && it->second.generation == generation && it->second.until > Steady::now())
      return it->second.reach;
  }
  auto reach = store::contacts::for_units_and_kind(tx, unit_ids, kind);
  std::lock_guard lock(mutex_);
  if (kept_.size() >= capacity_) kept_.clear();  // full: start again rather than track ages
  kept_[std::move(key)] = {reach, generation, Steady::now() + lifetime_};
  return reach;
}

}  // namespace tongbao::notify
