#include "office/xlsx_sheet.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "core/error.h"
#include "office/xml_reader.h"

namespace tongbao::office {
namespace {

[[noreturn]] void refuse(const std::string& why) {
  throw core::Error(core::ErrorKind::invalid, "invalid_file", "the workbook " + why, "body");
}

// Howard Hinnant's days_from_civil inverse: days since 1970-01-01 to a date.
void civil_from_days(long long z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

// Built-in number formats that show a date (ECMA-376 18.8.30, with the East Asian ones).
bool builtin_date_format(int id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

// A custom format shows a date when it names a year or a day outside quoted text and [..] codes.
bool custom_date_format(std::string_view code) {
  bool quoted = false;
  int bracket = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '\\') ++i;
    else if (c == '[') ++bracket;
    else if (c == ']' && bracket) --bracket;
    else if (!bracket && (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e')) return true;
  }
  return false;
}

// "A1" → column 0; "BL7" → 63. Returns false for anything else.
bool parse_cell_ref(std::string_view ref, std::size_t& column, std::size_t& row) {
  std::size_t i = 0, col = 0, r = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    if (i >= 3) return false;
    col = col * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
    ++i;
  }
  if (i == 0 || i == ref.size()) return false;
  const std::size_t digits_from = i;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9' || i - digits_from >= 7) return false;
    r = r * 10 + static_cast<std::size_t>(ref[i] - '0');
  }
  if (r == 0) return false;
  column = col - 1;
  row = r;
  return true;
}

bool parse_count(const std::string& text, std::size_t& out) {
  if (text.empty() || text.size() > 9) return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

std::string column_name(std::size_t column) {
  std::string name;
  for (++column; column; column = (column - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (column - 1) % 26));
  return name;
}

// Where the workbook keeps its parts: xl/_rels/workbook.xml.rels names them by relationship.
struct Parts {
  std::string sheet = "xl/worksheets/sheet1.xml", shared_strings = "xl/sharedStrings.xml", styles = "xl/styles.xml";
  bool date1904 = false;
};

std::string part_path(const std::string& target) {
  if (!target.empty() && target.front() == '/') return target.substr(1);
  return "xl/" + target;
}

Parts find_parts(ZipReader& zip) {
  Parts parts;
  std::string first_sheet_rel;
  if (auto workbook = zip.read("xl/workbook.xml")) {
    read_xml(*workbook, "xl/workbook.xml",
             {[&](std::string_view name, const XmlAttributes& a) {
                if (name == "workbookPr") {
                  if (auto d = a.find("date1904"); d != a.end()) parts.date1904 = d->second == "1" || d->second == "true";
                } else if (name == "sheet" && first_sheet_rel.empty()) {
                  if (auto id = a.find("id"); id != a.end()) first_sheet_rel = id->second;
                }
              },
              {}, {}});
  } else {
    refuse("has no xl/workbook.xml: is it an Excel workbook (.xlsx)?");
  }
  if (auto rels = zip.read("xl/_rels/workbook.xml.rels")) {
    read_xml(*rels, "xl/_rels/workbook.xml.rels",
             {[&](std::string_view name, const XmlAttributes& a) {
                if (name != "Relationship") return;
                const auto id = a.find("Id"), type = a.find("Type"), target = a.find("Target");
                if (id == a.end() || type == a.end() || target == a.end()) return;
                const std::string_view t = type->second;
                if (id->second == first_sheet_rel) parts.sheet = part_path(target->second);
                else if (t.ends_with("/sharedStrings")) parts.shared_strings = part_path(target->second);
                else if (t.ends_with("/styles")) parts.styles = part_path(target->second);
              },
              {}, {}});
  }
  return parts;
}

// The text of every shared string, rich runs joined, phonetic guides (rPh) left out.
std::vector<std::string> shared_strings(ZipReader& zip, const std::string& path, const SheetLimits& limits) {
  std::vector<std::string> out;
  auto xml = zip.read(path);
  if (!xml) return out;
  bool in_item = false, in_text = false;
  int phonetic = 0;
  read_xml(*xml, path,
           {[&](std::string_view name, const XmlAttributes&) {
              if (name == "si") {
                if (out.size() >= limits.max_shared_strings) refuse("holds too many distinct texts");
                out.emplace_back();
                in_item = true;
              } else if (name == "rPh") {
                ++phonetic;
              } else if (name == "t" && in_item && !phonetic) {
                in_text = true;
              }
            },
            [&](std::string_view name) {
              if (name == "si") in_item = false;
              else if (name == "rPh") --phonetic;
              else if (name == "t") in_text = false;
            },
            [&](std::string_view text) {
              if (!in_text) return;
              if (out.back().size() + text.size() > limits.max_cell_bytes)
                refuse("holds a text longer than " + std::to_string(limits.max_cell_bytes) + " bytes");
              out.back() += text;
            }});
  return out;
}

// For each cell style (the s of a cell), whether its number format shows a date.
std::vector<bool> date_styles(ZipReader& zip, const std::string& path) {
  std::vector<bool> out;
  auto xml = zip.read(path);
  if (!xml) return out;
  std::set<int> custom_dates;
  std::vector<int> formats;
  bool in_cell_xfs = false;
  read_xml(*xml, path,
           {[&](std::string_view name, const XmlAttributes& a) {
              if (name == "numFmt") {
                const auto id = a.find("numFmtId"), code = a.find("formatCode");
                if (id != a.end() && code != a.end() && custom_date_format(code->second))
                  custom_dates.insert(std::atoi(id->second.c_str()));
              } else if (name == "cellXfs") {
                in_cell_xfs = true;
              } else if (name == "xf" && in_cell_xfs) {
                const auto id = a.find("numFmtId");
                formats.push_back(id == a.end() ? 0 : std::atoi(id->second.c_str()));
              }
            },
            [&](std::string_view name) {
              if (name == "cellXfs") in_cell_xfs = false;
            },
            {}});
  for (int f : formats) out.push_back(builtin_date_format(f) || custom_dates.count(f) > 0);
  return out;
}

// A number as Excel shows it in the General format: whole numbers without a decimal point.
std::string number_text(const std::string& raw) {
  char* end = nullptr;
  const double v = std::strtod(raw.c_str(), &end);
  if (end == raw.c_str() || *end != '\0' || !std::isfinite(v)) return raw;
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char out[32];
  std::snprintf(out, sizeof out, "%.15g", v);
  return out;
}

}  // namespace

std::string excel_serial_date(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 1 || serial >= 2958466) return {};
  auto days = static_cast<long long>(std::floor(serial));
  // Day 0 is 1899-12-31 (1900 system, with Lotus's phantom 1900-02-29 as day 60) or 1904-01-01.
  long long since_epoch;
  if (date1904) since_epoch = days - 24107;  // 1904-01-01 is 24,107 days before 1970-01-01
  else since_epoch = (days < 60 ? days + 1 : days) - 25569;  // 1899-12-30 is day 0 from March 1900 on
  int y;
  unsigned m, d;
  civil_from_days(since_epoch, y, m, d);
  if (y > 9999) return {};
  char out[32];  // room for any int and unsigned the compiler cannot bound
  std::snprintf(out, sizeof out, "%04d/%02u/%02u", y, m, d);
  return out;
}

std::vector<std::vector<std::string>> read_first_sheet(std::string_view xlsx, const SheetLimits& limits) {
  ZipReader zip(xlsx, "the workbook", limits.zip);
  const auto parts = find_parts(zip);
  const auto strings = shared_strings(zip, parts.shared_strings, limits);
  const auto dates = date_styles(zip, parts.styles);
  auto sheet = zip.read(parts.sheet);
  if (!sheet) refuse("has no worksheet " + parts.sheet);

  std::vector<std::vector<std::string>> rows;
  std::size_t width = 0;
  // The cell being read.
  std::size_t row = 0, column = 0;
  bool in_cell = false, in_value = false, in_inline_text = false, in_inline = false;
  std::string type, value;
  std::size_t style = 0;
  int phonetic = 0;

  auto place = [&](std::string text) {
    if (text.empty()) return;
    if (row > limits.max_rows)
      refuse("has something in row " + std::to_string(row) + "; at most " + std::to_string(limits.max_rows) + " rows are read");
    if (column >= limits.max_columns)
      refuse("has something in column " + column_name(column) + "; at most " + std::to_string(limits.max_columns) +
             " columns are read");
    if (rows.size() < row) rows.resize(row);
    auto& cells = rows[row - 1];
    if (cells.size() <= column) cells.resize(column + 1);
    cells[column] = std::move(text);
    width = std::max(width, column + 1);
  };
  auto cell_text = [&]() -> std::string {
    if (type == "s") {
      std::size_t index;
      if (!parse_count(value, index) || index >= strings.size())
        refuse("has a cell (row " + std::to_string(row) + ") naming a shared text that does not exist");
      return strings[index];
    }
    if (type == "inlineStr" || type == "str" || type == "e") return value;
    if (type == "b") return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value;
    if (type == "d") {  // an ISO 8601 date cell (strict workbooks): its day
      auto day = value.substr(0, 10);
      std::replace(day.begin(), day.end(), '-', '/');
      return day;
    }
    if (value.empty()) return value;
    if (style < dates.size() && dates[style]) {
      char* end = nullptr;
      const double serial = std::strtod(value.c_str(), &end);
      if (end != value.c_str() && *end == '\0')
        if (auto d = excel_serial_date(serial, parts.date1904); !d.empty()) return d;
    }
    return number_text(value);
  };

  read_xml(*sheet, parts.sheet,
           {[&](std::string_view name, const XmlAttributes& a) {
              if (name == "row") {
                std::size_t r = row + 1;
                if (auto at = a.find("r"); at != a.end() && (!parse_count(at->second, r) || r == 0 || r <= row))
                  refuse("has a row numbered '" + at->second + "' out of order");
                row = r;
                column = static_cast<std::size_t>(-1);  // the next cell without a reference is A
              } else if (name == "c") {
                if (row == 0) refuse("has a cell outside a row");
                std::size_t c = column + 1, r = row;
                if (auto at = a.find("r"); at != a.end() && (!parse_cell_ref(at->second, c, r) || r != row))
                  refuse("has a cell reference '" + at->second + "' that is not in row " + std::to_string(row));
                column = c;
                const auto t = a.find("t");
                type = t == a.end() ? "n" : t->second;
                const auto s = a.find("s");
                style = 0;
                if (s != a.end() && !parse_count(s->second, style)) refuse("has a cell style '" + s->second + "'");
                value.clear();
                in_cell = true;
              } else if (in_cell && name == "v") {
                in_value = true;
              } else if (in_cell && name == "is") {
                in_inline = true;
              } else if (in_inline && name == "rPh") {
                ++phonetic;
              } else if (in_inline && name == "t" && !phonetic) {
                in_inline_text = true;
              }
            },
            [&](std::string_view name) {
              if (name == "c" && in_cell) {
                in_cell = false;
                place(cell_text());
              } else if (name == "v") {
                in_value = false;
              } else if (name == "is") {
                in_inline = false;
              } else if (name == "rPh" && phonetic) {
                --phonetic;
              } else if (name == "t") {
                in_inline_text = false;
              }
            },
            [&](std::string_view text) {
              if (!(in_value || in_inline_text)) return;
              if (value.size() + text.size() > limits.max_cell_bytes)
                refuse("has a cell (row " + std::to_string(row) + ") longer than " + std::to_string(limits.max_cell_bytes) +
                       " bytes");
              value += text;
            }});
  for (auto& r : rows) r.resize(width);
  return rows;
}

}  // namespace tongbao::office
