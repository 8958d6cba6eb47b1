// The units CSV (POST /units/import): what the import accepts, exported again (GET
// /units/export writes the same format), imports as the same units.
#include "core/error.h"
#include "core/unit_csv.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tongbao::core;
  std::vector<UnitCsvRow> rows;
  try {
    rows = parse_unit_csv(tongbao::fuzz::text_of(data, size));
  } catch (const Error& e) {
    FUZZ_CHECK(!e.row_errors.empty());
    return 0;
  }
  std::vector<Unit> units;
  for (const auto& r : rows) units.push_back(r.unit);
  std::vector<UnitCsvRow> again;
  try {
    again = parse_unit_csv(units_to_csv(units));
  } catch (const Error& e) {
    FUZZ_CHECK(!"an exported file imports again");
  }
  FUZZ_CHECK(again.size() == rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto &a = rows[i].unit, &b = again[i].unit;
    FUZZ_CHECK(a.oid == b.oid && a.code == b.code && a.name == b.name && a.kind == b.kind);
    FUZZ_CHECK(a.parent_oid == b.parent_oid && a.ip_ranges == b.ip_ranges);
  }
  return 0;
}
