#pragma once
// The unit tree as CSV: one unit a row, with its parent's OID and its IP ranges.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/unit.h"

namespace tongbao::core {

// Header of the import and export format, in this order.
const std::vector<std::string>& unit_csv_columns();

struct UnitCsvRow {
  int row = 0;  // spreadsheet row: the header is row 1
  Unit unit;
};

// Parses and validates every row; collects every problem (row, field, message) rather than
// stopping at the first, so an operator fixes a file in one go. Throws core::Error with
// row_errors when anything is wrong. Checks within the file: duplicate OIDs and codes.
std::vector<UnitCsvRow> parse_unit_csv(std::string_view text);

std::string units_to_csv(const std::vector<Unit>& units);

}  // namespace tongbao::core
