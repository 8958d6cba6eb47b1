#pragma once
// Sessions already looked up, so that an authenticated read does not ask the database who is
// calling. An entry lives one second at most: a change made by another server (a sign-out, a
// closed contact) holds here within that second; one made by this server's own services holds at
// once, because they forget every entry after such a write (forget_all).
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/access.h"
#include "core/clock.h"

namespace tongbao::auth {

class SessionCache {
 public:
  struct Entry {
    core::Principal principal;
    core::TimeMs expires_at = 0;    // the session's own end, by the platform's clock
    core::TimeMs last_used_at = 0;  // as stored, so the periodic touch still happens
  };

  explicit SessionCache(std::chrono::milliseconds lifetime = std::chrono::seconds(1), size_t capacity = 100'000);

  // Read before looking a session up in the database, and handed to keep(): an entry read before
  // a forget_all() is not kept after it.
  std::uint64_t generation() const;
  std::optional<Entry> find(const std::string& token_hash) const;
  void keep(const std::string& token_hash, Entry entry, std::uint64_t generation_before_reading);
  void touched(const std::string& token_hash, core::TimeMs at);
  void forget_all();

  // Forgets every entry when the scope ends (however it ends): placed first in a service's method
  // that changes who a person is, so nobody is taken for who they were a moment ago.
  class ForgetOnExit {
   public:
    explicit ForgetOnExit(SessionCache* cache) : cache_(cache) {}
    ~ForgetOnExit() {
      if (cache_) cache_->forget_all();
    }
    ForgetOnExit(const ForgetOnExit&) = delete;
    ForgetOnExit& operator=(const ForgetOnExit&) = delete;

   private:
    SessionCache* cache_;
  };

 private:
  using Steady = std::chrono::steady_clock;
  struct Kept {
    Entry entry;
    Steady::time_point until;
  };
  const std::chrono::milliseconds lifetime_;
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, Kept> entries_;
};

}  // namespace tongbao::auth
