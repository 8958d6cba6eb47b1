#pragma once
// Shared by the fuzz targets. Each target calls one parser and catches only the exceptions that
// parser documents (core::Error, and std::invalid_argument where the header says so): anything
// else — a crash, another exception, a sanitizer report or a broken property — is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace tongbao::fuzz {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Splits the input at the first newline: two parameters of one request (e.g. from and to).
inline std::pair<std::string_view, std::string_view> split_line(std::string_view text) {
  const auto nl = text.find('\n');
  if (nl == std::string_view::npos) return {text, {}};
  return {text.substr(0, nl), text.substr(nl + 1)};
}

}  // namespace tongbao::fuzz

// A property the parser promises (a round trip, a bound): when it fails, the run aborts and
// libFuzzer keeps the input as a crash.
#define FUZZ_CHECK(condition)                                                                   \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      std::fprintf(stderr, "fuzz property failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
      std::abort();                                                                             \
    }                                                                                           \
  } while (0)
