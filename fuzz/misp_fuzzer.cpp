// MISP events (POST /warnings/import?format=misp): ip-src and ip-dst attributes, alone or inside
// objects, with "ip|port" values.
// Each warning read is for one address; an input the reader refuses is a core::Error.
#include "warning_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tongbao::fuzz::read_warnings(tongbao::core::warnings_from_misp, data, size, true);
  return 0;
}
