#pragma once
// Stored JSON documents (a ticket's report, its response …) parsed once rather than on every
// read: parsing and checking a report costs more than the rest of reading its row. A text always
// parses to the same document, so the cache is keyed by the text itself and needs no invalidation
// when a ticket changes: its new text is simply another key.
//
// Memory is bounded by two generations: new parses go to the young one; when it holds more than
// `bytes_per_generation` of text, it becomes the old one and the old one is dropped. A hit in the
// old generation moves to the young one, so what is read often stays.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/text_hash.h"

namespace tongbao::store {

template <typename Document>
class ParsedDocuments {
 public:
  using Parse = Document (*)(const std::string&);
  ParsedDocuments(Parse parse, std::size_t bytes_per_generation) : parse_(parse), limit_(bytes_per_generation) {}

  Document get(const std::string& text) {
    std::shared_ptr<const Document> kept;
    {
      // Held for the look-up only: the copy for the caller is made after, so that readers on
      // other threads do not queue behind it.
      std::lock_guard lock(mutex_);
      if (auto it = young_.find(text); it != young_.end()) {
        kept = it->second;
      } else if (auto old = old_.find(text); old != old_.end()) {
        kept = old->second;
        keep(text, kept);
      }
    }
    if (kept) return *kept;
    auto parsed = std::make_shared<const Document>(parse_(text));  // outside the lock: a parse may throw, and takes longest
    {
      std::lock_guard lock(mutex_);
      keep(text, parsed);
    }
    return *parsed;
  }

 private:
  using Map = std::unordered_map<std::string, std::shared_ptr<const Document>, TextHash, std::equal_to<>>;

  void keep(const std::string& text, const std::shared_ptr<const Document>& document) {
    if (text.size() > limit_) return;
    if (young_bytes_ + text.size() > limit_) {
      old_ = std::move(young_);
      young_ = Map();
      young_bytes_ = 0;
    }
    if (young_.emplace(text, document).second) young_bytes_ += text.size();
  }

  Parse parse_;
  std::size_t limit_;
  std::mutex mutex_;
  Map young_, old_;
  std::size_t young_bytes_ = 0;
};

}  // namespace tongbao::store
