// Warnings as CSV (POST /warnings/import?format=csv): the header names the columns, every row is
// one warning.
// Each warning read is for one address; an input the reader refuses is a core::Error.
#include "warning_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tongbao::fuzz::read_warnings(tongbao::core::warnings_from_csv, data, size, false);
  return 0;
}
