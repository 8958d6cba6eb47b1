// RFC 4180 CSV as every CSV import reads it (units, warnings). Records written back with the
// exports' field writer read as the same records.
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
  // Written field by field as they are (an export's cells are also neutralised against formulas,
  // which an import undoes separately), after the byte-order mark exports start with.
  std::string written = "\xEF\xBB\xBF";
  for (const auto& record : parsed.records) {
    for (size_t i = 0; i < record.size(); ++i) {
      if (i) written += ',';
      append_csv_field(written, record[i]);
    }
    written += "\r\n";
  }
  const auto again = parse_csv(written);
  FUZZ_CHECK(again.error.empty());
  FUZZ_CHECK(again.records == parsed.records);
  return 0;
}
