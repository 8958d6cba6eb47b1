#include "core/unit_csv.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "core/csv.h"

namespace tongbao::core {

const std::vector<std::string>& unit_csv_columns() {
  static const std::vector<std::string> columns = {"oid", "code", "name", "kind", "parent_oid", "ip_ranges"};
  return columns;
}

std::vector<UnitCsvRow> parse_unit_csv(std::string_view text) {
  auto parsed = parse_csv(text);
  std::vector<RowError> errors;
  auto fail = [&](std::vector<RowError> errs) {
    Error e(ErrorKind::invalid, "invalid_csv",
            std::to_string(errs.size()) + " problem(s) in the CSV file; nothing was imported", errs.front().field);
    e.row_errors = std::move(errs);
    throw e;
  };
  if (!parsed.error.empty()) fail({{parsed.error_line, "", parsed.error}});
  if (parsed.records.empty()) fail({{1, "", "the file is empty; expected a header row"}});

  const auto& expected = unit_csv_columns();
  std::map<std::string, size_t> column_of;
  const auto& header = parsed.records[0];
  for (size_t i = 0; i < header.size(); ++i) {
    if (column_of.count(header[i])) errors.push_back({1, header[i], "column appears twice"});
    column_of[header[i]] = i;
  }
  for (auto& name : header) {
    if (std::find(expected.begin(), expected.end(), name) == expected.end())
      errors.push_back({1, name, "unknown column; expected oid,code,name,kind,parent_oid,ip_ranges"});
  }
  for (auto& name : expected) {
    if (name != "ip_ranges" && name != "parent_oid" && !column_of.count(name))
      errors.push_back({1, name, "required column is missing"});
  }
  if (!errors.empty()) fail(errors);

  std::vector<UnitCsvRow> rows;
  std::map<std::string, int> oid_rows, code_rows;
  for (size_t r = 1; r < parsed.records.size(); ++r) {
    const auto& rec = parsed.records[r];
    const int row = static_cast<int>(r) + 1;
    if (rec.size() != header.size()) {
      errors.push_back({row, "", "has " + std::to_string(rec.size()) + " fields; the header has " +
                                     std::to_string(header.size())});
      continue;
    }
    auto get = [&](const std::string& col) -> std::string {
      auto it = column_of.find(col);
      return it == column_of.end() ? std::string() : restore_csv_cell(rec[it->second]);  // as exported
    };
    UnitCsvRow out;
    out.row = row;
    Unit& u = out.unit;
    u.oid = get("oid");
    u.code = get("code");
    u.name = get("name");
    auto step = [&](auto&& check) {
      try {
        check();
      } catch (const Error& e) {
        errors.push_back({row, e.field(), e.what()});
      }
    };
    step([&] { validate_oid(u.oid); });
    step([&] { validate_unit_code(u.code); });
    step([&] { validate_unit_name(u.name); });
    step([&] {
      auto kind = parse_unit_kind(get("kind"));
      if (!kind) throw invalid("kind", "kind must be one of cert, ministry, regional_centre, county_centre, school, soc, other");
      u.kind = *kind;
    });
    step([&] {
      auto parent = get("parent_oid");
      if (!parent.empty()) {
        validate_oid(parent, "parent_oid");
        if (parent == u.oid) throw invalid("parent_oid", "a unit cannot be its own parent");
        u.parent_oid = parent;
      }
    });
    step([&] {
      std::vector<std::string> texts;
      std::string list = get("ip_ranges");
      for (char& c : list)
        if (c == ';' || c == ',') c = ' ';
      std::istringstream in(list);
      for (std::string t; in >> t;) texts.push_back(t);
      u.ip_ranges = parse_ip_ranges(texts);
    });
    if (auto [it, fresh] = oid_rows.emplace(u.oid, row); !fresh && !u.oid.empty())
      errors.push_back({row, "oid", "OID " + u.oid + " already appears in row " + std::to_string(it->second)});
    if (auto [it, fresh] = code_rows.emplace(u.code, row); !fresh && !u.code.empty())
      errors.push_back({row, "code", "code " + u.code + " already appears in row " + std::to_string(it->second)});
    rows.push_back(std::move(out));
  }
  if (!errors.empty()) fail(errors);
  return rows;
}

std::string units_to_csv(const std::vector<Unit>& units) {
  std::string out = "\xEF\xBB\xBF";  // so Excel reads UTF-8
  append_csv_record(out, unit_csv_columns());
  for (const auto& u : units) {
    std::string ranges;
    for (const auto& r : u.ip_ranges) {
      if (!ranges.empty()) ranges += ' ';
      ranges += r.to_string();
    }
    append_csv_record(out, {u.oid, u.code, u.name, std::string(to_string(u.kind)), u.parent_oid.value_or(""), ranges});
  }
  return out;
}

}  // namespace tongbao::core
