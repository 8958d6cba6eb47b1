#include "core/csv.h"

#include <algorithm>

#include "core/utf8.h"

namespace tongbao::core {

CsvParseResult parse_csv(std::string_view text) {
  CsvParseResult result;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!is_valid_utf8(text)) {  // name the first line that is not, so it can be found and fixed
    int bad_line = 1;
    for (size_t start = 0; start <= text.size(); ++bad_line) {
      const size_t end = std::min(text.find('\n', start), text.size());
      if (!is_valid_utf8(text.substr(start, end - start))) break;
      start = end + 1;
    }
    result.error = "the file is not UTF-8 text (save it as CSV UTF-8)";
    result.error_line = bad_line;
    return result;
  }
  CsvRecord record;
  std::string field;
  int line = 1;
  int record_line = 1;
  bool in_quotes = false;
  bool field_started = false;
  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    field_started = false;
    // A blank line is not a record.
    if (!(record.size() == 1 && record[0].empty())) {
      result.records.push_back(std::move(record));
      result.record_lines.push_back(record_line);
    }
    record.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (field_started || !field.empty()) {
          result.error = "a quote inside an unquoted field";
          result.error_line = line;
          return result;
        }
        in_quotes = true;
        field_started = true;
        break;
      case ',':
        record.push_back(std::move(field));
        field.clear();
        field_started = false;
        break;
      case '\r':
        break;
      case '\n':
        end_record();
        ++line;
        record_line = line;
        break;
      default:
        field += c;
    }
  }
  if (in_quotes) {
    result.error = "a quoted field is not closed";
    result.error_line = record_line;
    return result;
  }
  if (!field.empty() || field_started || !record.empty()) end_record();
  return result;
}

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

namespace {

// Quotes, then a character that starts a formula.
bool reads_as_formula_after_quotes(std::string_view cell) {
  const auto first = cell.find_first_not_of('\'');
  return first != std::string_view::npos && std::string_view("=+-@\t\r").find(cell[first]) != std::string_view::npos;
}

}  // namespace

std::string neutralise_csv_cell(std::string_view cell) {
  if (reads_as_formula_after_quotes(cell)) return "'" + std::string(cell);
  return std::string(cell);
}

std::string restore_csv_cell(std::string_view cell) {
  if (!cell.empty() && cell.front() == '\'' && reads_as_formula_after_quotes(cell)) cell.remove_prefix(1);
  return std::string(cell);
}

void append_csv_record(std::string& out, const CsvRecord& record) {
  for (size_t i = 0; i < record.size(); ++i) {
    if (i) out += ',';
    append_csv_field(out, neutralise_csv_cell(record[i]));
  }
  out += "\r\n";
}

}  // namespace tongbao::core
