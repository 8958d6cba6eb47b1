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
    {
      std::lock_guard lock(mutex_);
      if (auto it = young_.find(text); it != young_.end()) return it->second;
      if (auto it = old_.find(text); it != old_.end()) {
        auto document = it->second;
        keep(text, document);
        return document;
      }
    }
    Document document = parse_(text);  // outside the lock: a parse may throw, and takes longest
    std::lock_guard lock(mutex_);
    keep(text, document);
    return document;
  }

 private:
  using Map = std::unordered_map<std::string, Document, TextHash, std::equal_to<>>;

  void keep(const std::string& text, const Document& document) {
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
