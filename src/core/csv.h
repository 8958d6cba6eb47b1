#pragma once
// RFC 4180 CSV: quoted fields, embedded commas, quotes and newlines; a UTF-8 BOM is skipped so
// files saved by Excel read as they look.
#include <string>
#include <string_view>
#include <vector>

namespace tongbao::core {

using CsvRecord = std::vector<std::string>;

struct CsvParseResult {
  std::vector<CsvRecord> records;
  std::vector<int> record_lines;  // line on which each record starts (1-based)
  std::string error;              // empty when the text parsed
  int error_line = 0;
};

CsvParseResult parse_csv(std::string_view text);
// Quotes a field only when it needs it; writes it as it is (see append_csv_record for exports).
void append_csv_field(std::string& out, std::string_view field);
// One row of an export: every cell neutralised, then quoted where needed.
void append_csv_record(std::string& out, const CsvRecord& record);

// A spreadsheet runs a cell that starts with = + - @ tab or carriage return as a formula (OWASP,
// "CSV injection"), so exports prefix such a cell with a single quote. A cell that already starts
// with quotes followed by one of those gets one more quote, so the mapping can be undone exactly.
std::string neutralise_csv_cell(std::string_view cell);
// The inverse, for imports that read back what an export wrote: drops that one leading quote.
std::string restore_csv_cell(std::string_view cell);

}  // namespace tongbao::core
