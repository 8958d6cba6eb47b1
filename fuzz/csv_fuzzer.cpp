// RFC 4180 CSV as every CSV import reads it (units, warnings). Records written back with the
// writer the exports use, after the byte-order mark the exports start with, read as the same
// records.
#include "core/csv.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tongbao::core;
  const auto parsed = parse_csv(tongbao::fuzz::text_of(data, size));
  FUZZ_CHECK(parsed.records.size() == parsed.record_lines.size());
  if (!parsed.error.empty()) {
    FUZZ_CHECK(parsed.error_line >= 1);
    return 0;
  }
  std::string written = "\xEF\xBB\xBF";
  for (const auto& record : parsed.records) append_csv_record(written, record);
  const auto again = parse_csv(written);
  FUZZ_CHECK(again.error.empty());
  FUZZ_CHECK(again.records == parsed.records);
  return 0;
}
