#include "auth/session_cache.h"

namespace tongbao::auth {

SessionCache::SessionCache(std::chrono::milliseconds lifetime, size_t capacity)
    : lifetime_(lifetime), capacity_(capacity) {}

std::uint64_t SessionCache::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

std::optional<SessionCache::Entry> SessionCache::find(const std::string& token_hash) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(token_hash);
  if (it == entries_.end() || it->second.until <= Steady::now()) return std::nullopt;
  return it->second.entry;
}

void SessionCache::keep(const std::string& token_hash, Entry entry, std::uint64_t generation_before_reading) {
  std::lock_guard lock(mutex_);
  if (generation_ != generation_before_reading) return;  // forgotten meanwhile: what was read may be stale
  // Full (tokens tried once each, or a crowd): start again rather than track ages.
  if (entries_.size() >= capacity_) entries_.clear();
  entries_[token_hash] = {std::move(entry), Steady::now() + lifetime_};
}

void SessionCache::touched(const std::string& token_hash, core::TimeMs at) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(token_hash); it != entries_.end()) it->second.entry.last_used_at = at;
}

void SessionCache::forget_all() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
}

}  // namespace tongbao::auth
