// Warnings as CSV (POST /warnings/import?format=csv): the header names the columns, every row is
// one warning.
// Each warning read is for one address; an input the reader refuses is a core::Error.
#include "core/error.h"
#include "core/ip_range.h"
#include "core/warning_formats.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tongbao::core;
  ImportDefaults defaults;
  defaults.now = 1'795'395'600'000;  // 2026-11-23T09:00:00+08:00
  try {
    const auto warnings = warnings_from_csv(tongbao::fuzz::text_of(data, size), defaults);
    for (const auto& w : warnings) FUZZ_CHECK(w.addresses.size() == 1);
  } catch (const Error&) {
  }
  return 0;
}
