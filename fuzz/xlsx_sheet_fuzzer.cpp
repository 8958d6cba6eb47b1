// An audit register uploaded as an Excel workbook (POST /improvements/audit-register with an
// .xlsx body): the zip archive, its XML parts and the sheet's cells, then the register's rows.
// An input starting as a zip archive is read as the workbook; any other input is taken as the
// sheet's XML, packed into a workbook first, so the fuzzer reaches the cells without forging CRCs.
// Either the file is refused with core::Error, or every row is as wide as the header and within
// the bounds.
#include "core/audit_register.h"
#include "core/error.h"
#include "fuzz_support.h"
#include "office/xlsx_sheet.h"
#include "office/zip_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tongbao;
  auto input = fuzz::text_of(data, size);
  if (!office::looks_like_zip(input)) {
    input = office::write_zip({
        {"xl/workbook.xml", R"(<workbook xmlns:r="r"><workbookPr date1904="0"/><sheets><sheet r:id="rId1"/></sheets></workbook>)"},
        {"xl/_rels/workbook.xml.rels",
         R"(<Relationships><Relationship Id="rId1" Type="t/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="t/sharedStrings" Target="sharedStrings.xml"/></Relationships>)"},
        {"xl/sharedStrings.xml", "<sst><si><t>項次</t></si><si><r><t>建議</t></r><r><t>事項</t></r></si><si><t>已完成</t></si></sst>"},
        {"xl/styles.xml", R"(<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>)"},
        {"xl/worksheets/sheet1.xml", input},
    });
  }
  office::SheetLimits limits;
  limits.max_rows = 10'000;
  limits.max_columns = 32;
  std::vector<std::vector<std::string>> sheet;
  try {
    sheet = office::read_first_sheet(input, limits);
  } catch (const core::Error& e) {
    FUZZ_CHECK(e.kind() == core::ErrorKind::invalid && e.field() == "body");
    return 0;
  }
  FUZZ_CHECK(sheet.size() <= limits.max_rows);
  for (const auto& row : sheet) {
    FUZZ_CHECK(row.size() == sheet.front().size() && row.size() <= limits.max_columns);
    for (const auto& cell : row) FUZZ_CHECK(cell.size() <= limits.max_cell_bytes);
  }
  try {
    core::parse_audit_register_rows(sheet, core::default_improvement_categories());
  } catch (const core::Error& e) {
    FUZZ_CHECK(!e.row_errors.empty());
  }
  return 0;
}
