#include "core/audit_register.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/csv.h"
#include "core/error.h"
#include "core/utf8.h"

namespace tongbao::core {
namespace {

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

[[noreturn]] void refuse(std::vector<RowError> errors) {
  Error e(ErrorKind::invalid, "invalid_csv",
          std::to_string(errors.size()) + " problem(s) in the audit register; nothing was imported", errors.front().field);
  e.row_errors = std::move(errors);
  throw e;
}

}  // namespace

const std::vector<std::string>& audit_register_columns() {
  static const std::vector<std::string> c = {"項次", "內容分類", "對應稽核項次", "稽核組別", "稽核發現內容", "改善措施", "(預計)完成日期"};
  return c;
}

std::string_view severity_for_category(std::string_view key) {
  if (key == "to_improve") return "minor";
  if (key == "compliant") return "observation";
  return "recommendation";
}

std::string register_date(std::string_view text) {
  // YYYY/M/D or YYYY-M-D, as Excel and people write them.
  const auto t = trimmed(text);
  int parts[3] = {0, 0, 0};
  int digits[3] = {0, 0, 0};
  int part = 0;
  char separator = 0;
  for (char c : t) {
    if (c >= '0' && c <= '9') {
      if (++digits[part] > (part == 0 ? 4 : 2)) return {};
      parts[part] = parts[part] * 10 + (c - '0');
    } else if ((c == '/' || c == '-') && part < 2 && digits[part] > 0 && (!separator || separator == c)) {
      separator = c;
      ++part;
    } else {
      return {};
    }
  }
  if (part != 2 || digits[0] != 4 || digits[2] == 0) return {};
  char out[11];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
  return is_valid_date(out) ? std::string(out) : std::string();
}

std::vector<AuditRegisterRow> parse_audit_register(std::string_view text, const std::vector<ImprovementCategory>& categories) {
  if (text.size() > kMaxAuditRegisterBytes)
    throw Error(ErrorKind::payload_too_large, "file_too_large",
                "an audit register may be at most " + std::to_string(kMaxAuditRegisterBytes / (1024 * 1024)) + " MB", "body");
  if (!is_valid_utf8(text)) refuse({{1, "", "the file is not UTF-8 text; save it from Excel as \"CSV UTF-8\""}});
  auto parsed = parse_csv(text);
  if (!parsed.error.empty()) refuse({{parsed.error_line, "", parsed.error}});
  for (auto& record : parsed.records)
    for (auto& cell : record) cell = restore_csv_cell(cell);
  return parse_audit_register_rows(parsed.records, categories);
}

std::vector<AuditRegisterRow> parse_audit_register_rows(const std::vector<std::vector<std::string>>& records,
                                                        const std::vector<ImprovementCategory>& categories) {
  if (records.empty()) refuse({{1, "", "the file is empty; expected a header row"}});

  const auto& columns = audit_register_columns();
  std::vector<RowError> errors;
  std::map<std::string, size_t> column_of;
  std::string expected;
  for (const auto& c : columns) expected += (expected.empty() ? "" : ", ") + c;
  const auto& header = records[0];
  for (size_t i = 0; i < header.size(); ++i) {
    const auto name = trimmed(header[i]);
    if (column_of.count(name)) errors.push_back({1, name, "column appears twice"});
    column_of[name] = i;
    if (name != kAuditRegisterStatusColumn && std::find(columns.begin(), columns.end(), name) == columns.end())
      errors.push_back({1, name.empty() ? "(column " + std::to_string(i + 1) + ")" : name, "unknown column; expected " + expected});
  }
  for (const auto& c : columns)
    if (!column_of.count(c)) errors.push_back({1, c, "required column is missing"});
  if (!errors.empty()) refuse(errors);

  // Blank lines (Excel leaves rows of empty cells at the end) are no findings.
  std::vector<size_t> data;
  for (size_t r = 1; r < records.size(); ++r)
    if (std::any_of(records[r].begin(), records[r].end(), [](const auto& cell) { return !blank(cell); }))
      data.push_back(r);
  if (data.empty()) refuse({{2, "", "the register holds no findings"}});
  if (data.size() > kMaxAuditRegisterRows)
    refuse({{static_cast<int>(data[kMaxAuditRegisterRows]) + 1, "",
             "an audit register holds at most " + std::to_string(kMaxAuditRegisterRows) + " rows"}});

  std::vector<AuditRegisterRow> rows;
  std::map<std::string, int> item_rows;
  for (auto r : data) {
    const auto& rec = records[r];
    const int row = static_cast<int>(r) + 1;
    if (rec.size() != header.size()) {
      errors.push_back({row, "", "has " + std::to_string(rec.size()) + " fields; the header has " + std::to_string(header.size())});
      continue;
    }
    auto get = [&](const std::string& col) { return rec[column_of.at(col)]; };
    auto fail = [&](const std::string& col, std::string message) { errors.push_back({row, col, std::move(message)}); };
    auto bounded = [&](const std::string& col, const std::string& value, std::size_t max, bool required) {
      if (required && blank(value)) return fail(col, col + " is required"), false;
      if (utf8_length(value) > max) return fail(col, col + " may hold at most " + std::to_string(max) + " characters"), false;
      return true;
    };
    AuditRegisterRow out;
    out.row = row;
    out.item = trimmed(get(columns[0]));
    if (bounded(columns[0], out.item, kMaxAuditItemNumber, true)) {
      if (auto [at, fresh] = item_rows.emplace(out.item, row); !fresh)
        fail(columns[0], "item " + out.item + " appears on row " + std::to_string(at->second) + " already");
    }
    const auto category = trimmed(get(columns[1]));
    const auto found = std::find_if(categories.begin(), categories.end(), [&](const auto& c) {
      return c.key == category || c.label_zh == category || lower(c.label_en) == lower(category);
    });
    if (blank(category)) {
      fail(columns[1], columns[1] + " is required");
    } else if (found == categories.end()) {
      std::string known;
      for (const auto& c : categories) known += (known.empty() ? "" : ", ") + c.label_zh;
      fail(columns[1], "unknown category '" + category + "'; expected one of " + known);
    } else {
      out.category = found->key;
    }
    out.reference = trimmed(get(columns[2]));
    bounded(columns[2], out.reference, kMaxImprovementShort, false);
    out.group = trimmed(get(columns[3]));
    bounded(columns[3], out.group, kMaxAuditGroup, false);
    out.finding = get(columns[4]);
    bounded(columns[4], out.finding, kMaxImprovementText, true);
    out.measure = get(columns[5]);
    bounded(columns[5], out.measure, kMaxImprovementText, false);
    const auto completion = trimmed(get(columns[6]));
    if (completion == kAuditRegisterDone) {
      out.done = true;
    } else if (blank(completion)) {
      fail(columns[6], columns[6] + " is required: " + std::string(kAuditRegisterDone) + " or a date such as 2024/02/28");
    } else {
      out.planned_on = register_date(completion);
      if (out.planned_on.empty())
        fail(columns[6], "'" + completion + "' is neither " + std::string(kAuditRegisterDone) + " nor a date such as 2024/02/28");
    }
    rows.push_back(std::move(out));
  }
  if (!errors.empty()) refuse(errors);
  return rows;
}

std::string_view register_status_label(ImprovementStatus s) {
  switch (s) {
    case ImprovementStatus::planned: return "待辦理";
    case ImprovementStatus::in_progress: return "辦理中";
    case ImprovementStatus::done: return "已完成待確認";
    case ImprovementStatus::verified: return "已確認完成";
    case ImprovementStatus::not_accepted: return "未獲認可";
  }
  return "";
}

std::string register_completion(const ImprovementItem& it) {
  if (it.status == ImprovementStatus::done || it.status == ImprovementStatus::verified) return std::string(kAuditRegisterDone);
  auto d = it.input.planned_on;
  std::replace(d.begin(), d.end(), '-', '/');
  return d;
}

std::string write_audit_register(const std::vector<AuditRegisterExportRow>& rows) {
  std::string out = "\xEF\xBB\xBF";
  auto header = audit_register_columns();
  header.emplace_back(kAuditRegisterStatusColumn);
  append_csv_record(out, header);
  for (const auto& r : rows)
    append_csv_record(out, {r.item, r.category_label, r.reference, r.group, r.finding, r.measure, r.completion, r.status_label});
  return out;
}

}  // namespace tongbao::core
