// STIX 2.1 bundles (POST /warnings/import?format=stix): indicators with ipv4-addr / ipv6-addr
// patterns, their sightings, and observed data with address objects.
// Each warning read names whole single addresses; an input the reader refuses is a core::Error.
#include "warning_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tongbao::fuzz::read_warnings(tongbao::core::warnings_from_stix, data, size, true);
  return 0;
}
