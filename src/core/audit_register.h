#pragma once
// An audit's findings register (稽核發現事項 - 改善報告, seed 003) as a spreadsheet saved as CSV:
// 項次, 內容分類, 對應稽核項次, 稽核組別, 稽核發現內容, 改善措施, (預計)完成日期. Each row becomes an
// improvement item; the export writes the same columns back, with a status column after them.
#include <string>
#include <string_view>
#include <vector>

#include "core/improvement.h"

namespace tongbao::core {

// The register's columns, in the seed's order.
const std::vector<std::string>& audit_register_columns();
// The column an export adds (ignored on import, so an export reads back in).
inline constexpr std::string_view kAuditRegisterStatusColumn = "辦理狀態";
// What the completion date column says of a finding already dealt with.
inline constexpr std::string_view kAuditRegisterDone = "已完成";

constexpr std::size_t kMaxAuditRegisterBytes = 4 * 1024 * 1024;
constexpr std::size_t kMaxAuditRegisterRows = 2'000;
constexpr std::size_t kMaxAuditItemNumber = 20;  // 項次 ("12", "3-1")
constexpr std::size_t kMaxAuditGroup = 50;       // 稽核組別 ("A", "技術組")

struct AuditRegisterRow {
  int row = 0;               // as a spreadsheet numbers it (the header is row 1)
  std::string item;          // 項次
  std::string category;      // a key of the profile's categories
  std::string reference;     // 對應稽核項次
  std::string group;         // 稽核組別
  std::string finding, measure;
  std::string planned_on;    // YYYY-MM-DD; empty when done
  bool done = false;         // the completion date said 已完成
};

// The severity an imported finding gets from its category: a finding to improve is a minor
// deficiency, a compliant one an observation, anything else a recommendation.
std::string_view severity_for_category(std::string_view category_key);

// Reads the register. A category is named by its Chinese or English label or its key. Throws
// core::Error with row_errors (the column's heading as the field) when anything is wrong, so
// nothing of a bad file is imported.
std::vector<AuditRegisterRow> parse_audit_register(std::string_view text, const std::vector<ImprovementCategory>& categories);
// The same checks over a sheet already split into rows of cells, the header first (an Excel
// workbook's sheet: office/xlsx_sheet.h). Cells are taken as they are; the CSV reader restores
// its neutralised cells before it calls this.
std::vector<AuditRegisterRow> parse_audit_register_rows(const std::vector<std::vector<std::string>>& records,
                                                        const std::vector<ImprovementCategory>& categories);

// "2024/02/28", "2024-2-28" -> "2024-02-28"; empty when not a date.
std::string register_date(std::string_view text);

struct AuditRegisterExportRow {
  std::string item, category_label, reference, group, finding, measure;
  std::string completion;  // 已完成, or the planned date as YYYY/MM/DD
  std::string status_label;
};
// UTF-8 with a BOM, so Excel opens it as it is; cells neutralised against formulas.
std::string write_audit_register(const std::vector<AuditRegisterExportRow>& rows);
// What the completion column says of an item: done or verified items 已完成, others their planned date.
std::string register_completion(const ImprovementItem& item);
// The status column, in Chinese as the register is.
std::string_view register_status_label(ImprovementStatus s);

}  // namespace tongbao::core
