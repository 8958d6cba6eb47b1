#include "core/json_writer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/utf8.h"

namespace tongbao::core {
namespace {
// The bytes written as they are: all but quotes, backslashes and control characters; bytes above
// 0x7F only once the text is known to be valid UTF-8 (`kPlainChecked`).
constexpr std::array<bool, 256> plain_bytes(bool above_ascii) {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x100; ++c) plain[static_cast<size_t>(c)] = c != '"' && c != '\\' && (c < 0x80 || above_ascii);
  return plain;
}
constexpr auto kPlain = plain_bytes(false);
constexpr auto kPlainChecked = plain_bytes(true);

// Eight bytes at once: true when none needs a look (a quote, a backslash, a control character,
// or, until the text is known to be UTF-8, a byte above 0x7F). Each test below tells exactly
// whether any byte matches, which is all that is asked of it.
bool all_plain(std::uint64_t x, bool above_ascii_checked) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const auto any_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  std::uint64_t flagged = any_zero(x ^ (ones * '"')) | any_zero(x ^ (ones * '\\')) | ((x - ones * 0x20) & ~x & highs);
  if (!above_ascii_checked) flagged |= x & highs;
  return flagged == 0;
}

// Whether `text` needs no escaping and no UTF-8 check.
bool plain_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return kPlain[static_cast<unsigned char>(c)]; });
}
}  // namespace

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!empty_.empty()) {
    if (!empty_.back()) out_ += ',';
    empty_.back() = false;
  }
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  empty_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_ += '}';
  empty_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  empty_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_ += ']';
  empty_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  // Nearly every key is a short name in plain ASCII: written in one append, quotes and colon with it.
  char quoted[40];
  if (name.size() + 3 <= sizeof quoted && plain_ascii(name)) {
    quoted[0] = '"';
    std::memcpy(quoted + 1, name.data(), name.size());
    quoted[name.size() + 1] = '"';
    quoted[name.size() + 2] = ':';
    out_.append(quoted, name.size() + 3);
  } else {
    append_string(name);
    out_ += ':';
  }
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  before_value();
  append_string(text);
  return *this;
}


void JsonWriter::append_string(std::string_view text) {
  const auto start = out_.size();
  out_ += '"';
  // One pass: runs of plain bytes (nearly all of them) are copied at once, found eight at a time.
  // Plain ASCII (every key, most values) is valid UTF-8 as it stands: a text is checked in full at
  // its first byte above 0x7F only.
  bool checked = false;
  std::size_t run = 0;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    if (n - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if (all_plain(word, checked)) {
        i += 8;
        continue;
      }
    }
    for (const std::size_t stop = std::min(n, i + 8); i < stop; ++i) {
      const auto byte = static_cast<unsigned char>(text[i]);
      if ((checked ? kPlainChecked : kPlain)[byte]) continue;
      if (byte >= 0x80) {
        if (!is_valid_utf8(text)) {
          // Stored text is checked on the way in; should a stray byte reach here, it is replaced as
          // the JSON library replaces it rather than written as invalid JSON.
          out_.resize(start);
          out_ += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          return;
        }
        checked = true;
        continue;
      }
      out_.append(text.data() + run, i - run);
      run = i + 1;
      switch (text[i]) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(byte));
          out_ += escaped;
        }
      }
    }
  }
  out_.append(text.data() + run, n - run);
  out_ += '"';
}

JsonWriter& JsonWriter::number(long long value) {
  before_value();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& items) {
  begin_array();
  for (const auto& item : items) string(item);
  return end_array();
}

std::string JsonWriter::take() {
  empty_.clear();
  after_key_ = false;
  return std::move(out_);
}

}  // namespace tongbao::core
