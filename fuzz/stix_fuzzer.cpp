// STIX 2.1 bundles (POST /warnings/import?format=stix): indicators with ipv4-addr / ipv6-addr
// patterns, their sightings, and observed data with address objects.
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
    const auto warnings = warnings_from_stix(tongbao::fuzz::text_of(data, size), defaults);
    FUZZ_CHECK(!warnings.empty());
    for (const auto& w : warnings) {
      FUZZ_CHECK(w.addresses.size() == 1);
      const auto address = parse_ip_range(w.addresses[0].ip);
      FUZZ_CHECK(address && address->prefix_length == (address->v6 ? 128 : 32));
    }
  } catch (const Error&) {
  }
  return 0;
}
