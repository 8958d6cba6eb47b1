#pragma once
// JSON text written as it goes, without building a tree first: for answers read often and large
// enough that the tree costs more than the reading (a ticket). Commas and colons are placed by the
// writer; the caller says what comes in which order. Strings come out as the JSON library's dump
// writes them (UTF-8 as is, control characters escaped), so the same values give the same text.
#include <string>
#include <string_view>
#include <vector>

namespace tongbao::core {

class JsonWriter {
 public:
  // Room for this many bytes from the start, so a large answer is not copied as it grows.
  explicit JsonWriter(std::size_t expected_size = 0) { out_.reserve(expected_size); }
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view text);
  JsonWriter& number(long long value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // A value that is JSON text already (a document dumped elsewhere).
  JsonWriter& raw(std::string_view json);
  // Each string of `items` as an array.
  JsonWriter& strings(const std::vector<std::string>& items);

  // The text so far; the writer is empty afterwards.
  std::string take();

 private:
  void before_value();
  void append_string(std::string_view text);  // quoted and escaped
  std::string out_;
  std::vector<char> empty_;  // for each open object or array: nothing written in it yet (bytes, not bits: read on every value)
  bool after_key_ = false;
};

}  // namespace tongbao::core
