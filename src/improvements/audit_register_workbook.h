#pragma once
// The audit findings register as an Excel workbook (.xlsx), in the same columns as its CSV form
// (core/audit_register.h): written with libxlsxwriter, read with office/xlsx_sheet.h and then
// checked by the very code that checks a CSV file, so rows, errors and dry runs behave alike.
#include <string>
#include <string_view>
#include <vector>

#include "core/audit_register.h"
#include "core/improvement.h"

namespace tongbao::improvements {

inline constexpr std::string_view kXlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// One sheet, 稽核發現事項: a bold header row that stays in view, planned dates as date cells
// shown YYYY/MM/DD (so Excel sorts them), 已完成 and every other cell as text.
std::string write_audit_register_xlsx(const std::vector<core::AuditRegisterExportRow>& rows);

// The first sheet of the workbook as register rows. A file that is no workbook, or passes the
// bounds of office/xlsx_sheet.h, is refused (invalid_file); bad rows as the CSV's are (invalid_csv).
std::vector<core::AuditRegisterRow> read_audit_register_xlsx(std::string_view workbook,
                                                             const std::vector<core::ImprovementCategory>& categories);

}  // namespace tongbao::improvements
