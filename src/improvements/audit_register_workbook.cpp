#include "improvements/audit_register_workbook.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/audit_register.h"
#include "office/xlsx_sheet.h"

namespace tongbao::improvements {
namespace {

// libxlsxwriter 1.1.4 (Debian 12) writes only to a file: a private temporary one, removed after.
class TemporaryFile {
 public:
  TemporaryFile() {
    path_ = (std::filesystem::temp_directory_path() / "tongbao-register-XXXXXX.xlsx").string();
    const int fd = mkstemps(path_.data(), 5);
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the workbook");
    close(fd);
  }
  ~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void check(lxw_error e) {
  if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("writing the workbook: ") + lxw_strerror(e));
}

}  // namespace

std::string write_audit_register_xlsx(const std::vector<core::AuditRegisterExportRow>& rows) {
  TemporaryFile file;
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (!workbook) throw std::runtime_error("cannot start a workbook");
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "稽核發現事項");
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  format_set_bg_color(header, 0xEEEEEE);
  format_set_border(header, LXW_BORDER_THIN);
  lxw_format* text = workbook_add_format(workbook);
  format_set_text_wrap(text);
  format_set_align(text, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "yyyy/mm/dd");
  format_set_align(date, LXW_ALIGN_VERTICAL_TOP);

  auto columns = core::audit_register_columns();
  columns.emplace_back(core::kAuditRegisterStatusColumn);
  for (lxw_col_t c = 0; c < columns.size(); ++c) check(worksheet_write_string(sheet, 0, c, columns[c].c_str(), header));
  // Widths in characters: the finding and the measure are long texts.
  const double widths[] = {6, 12, 12, 9, 60, 60, 14, 14};
  for (lxw_col_t c = 0; c < columns.size(); ++c) check(worksheet_set_column(sheet, c, c, widths[c], nullptr));
  worksheet_freeze_panes(sheet, 1, 0);

  lxw_row_t r = 1;
  for (const auto& row : rows) {
    const std::string* cells[] = {&row.item, &row.category_label, &row.reference, &row.group, &row.finding, &row.measure,
                                  &row.completion, &row.status_label};
    for (lxw_col_t c = 0; c < columns.size(); ++c) {
      const auto& value = *cells[c];
      const auto day = c == 6 ? core::register_date(value) : std::string();
      if (!day.empty()) {
        lxw_datetime when = {std::atoi(day.substr(0, 4).c_str()), std::atoi(day.substr(5, 2).c_str()),
                             std::atoi(day.substr(8, 2).c_str()), 0, 0, 0};
        check(worksheet_write_datetime(sheet, r, c, &when, date));
      } else if (!value.empty()) {
        // Text cells are never run as formulas, so nothing is neutralised as the CSV must be.
        check(worksheet_write_string(sheet, r, c, value.c_str(), text));
      }
    }
    ++r;
  }
  check(workbook_close(workbook));
  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<core::AuditRegisterRow> read_audit_register_xlsx(std::string_view workbook,
                                                             const std::vector<core::ImprovementCategory>& categories) {
  office::SheetLimits limits;
  // A register holds at most kMaxAuditRegisterRows findings; blank rows between them are allowed.
  limits.max_rows = 5 * core::kMaxAuditRegisterRows;
  limits.max_columns = 32;
  limits.max_shared_strings = 100'000;  // a full register holds some 16,000 texts
  return core::parse_audit_register_rows(office::read_first_sheet(workbook, limits), categories);
}

}  // namespace tongbao::improvements
