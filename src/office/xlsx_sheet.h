#pragma once
// The first worksheet of an Excel workbook (.xlsx) as rows of text, the way the same sheet saved
// as CSV reads: shared and inline strings as they are, numbers as Excel shows them without a
// format ("12", "0.5"), and cells formatted as dates as YYYY/MM/DD. Everything an attacker could
// inflate is bounded: the archive (office/zip_archive.h), the rows, the columns and each cell.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "office/zip_archive.h"

namespace tongbao::office {

struct SheetLimits {
  ZipLimits zip;
  std::size_t max_rows = 10'000;          // the last row holding anything
  std::size_t max_columns = 64;           // the last column holding anything (BL)
  std::size_t max_cell_bytes = 32'767 * 3;  // Excel's 32,767 characters a cell, in UTF-8
  std::size_t max_shared_strings = 1'000'000;
};

// Row i of the answer is the sheet's row i + 1; every row is as wide as the widest, with empty
// cells where the sheet has none. Throws core::Error (invalid, code invalid_file, field "body").
std::vector<std::vector<std::string>> read_first_sheet(std::string_view xlsx, const SheetLimits& limits = {});

// An Excel date serial as a calendar date, YYYY/MM/DD (the time of day dropped); empty when the
// number is no date between 1900 and 9999. `date1904` for workbooks that count from 1904.
std::string excel_serial_date(double serial, bool date1904 = false);

}  // namespace tongbao::office
