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
// Quotes a field only when it needs it.
void append_csv_field(std::string& out, std::string_view field);
void append_csv_record(std::string& out, const CsvRecord& record);

}  // namespace tongbao::core
