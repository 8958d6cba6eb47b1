// An audit's findings register as an Excel workbook: exported with libxlsxwriter, imported through
// the same checks as the CSV (the seed's 25 rows go out and come back the same), written by Excel's
// other ways (inline strings, numbers, date cells) and read alike; a zip bomb, a file that is no
// zip, an entity attack and a damaged archive are refused with 400 in the one error shape, and
// nothing is stored.
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/audit_register.h"
#include "core/csv.h"
#include "core/time_format.h"
#include "office/xlsx_sheet.h"
#include "office/zip_archive.h"
#include "support/demo.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

using namespace tongbao::test_support;
using nlohmann::json;
namespace core = tongbao::core;
namespace office = tongbao::office;

namespace {

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string sample() { return read_file(std::string(TONGBAO_IMPROVEMENT_SAMPLES) + "/audit_register_sample.csv"); }

std::vector<core::CsvRecord> records(const std::string& csv) {
  auto parsed = core::parse_csv(csv);
  EXPECT_TRUE(parsed.error.empty()) << parsed.error;
  return parsed.records;
}

HttpClient signed_in(ServerProcess& server, const char* oid, const char* account) {
  auto c = server.client();
  c.set_token(sign_in(c, oid, account));
  return c;
}

std::string days_ago(HttpClient& c, long long days) {
  const auto now = *core::parse_iso8601(now_of(c));
  return core::taipei_date(now - days * 86'400'000);
}

std::string import_target(const std::string& date, bool dry_run = false) {
  return "/api/v1/improvements/audit-register?audit_date=" + date + "&auditor=TWNIC" + (dry_run ? "&dry_run=true" : "");
}

long long audit_items(HttpClient& c) { return c.get("/api/v1/improvements?source=audit").json()["total"].get<long long>(); }

// A workbook's minimal parts around a given sheet, for files no spreadsheet program would write.
std::string workbook_around(const std::string& sheet_xml) {
  return office::write_zip({
      {"[Content_Types].xml",
       R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"},
      {"xl/workbook.xml",
       R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>)"},
      {"xl/worksheets/sheet1.xml", sheet_xml},
  });
}

}  // namespace

TEST(AuditRegisterXlsx, TheSeedsRowsGoOutAsAWorkbookAndComeBackTheSame) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  const auto first_audit = days_ago(school, 40), second_audit = days_ago(school, 20);
  ASSERT_EQ(school.request("POST", import_target(first_audit), sample(), {}, "text/csv").status, 201);

  // Asked for by ?format=xlsx or by the Accept header: a zip package, named .xlsx.
  auto workbook = school.get("/api/v1/improvements/audit-register?format=xlsx&audit_date=" + first_audit);
  ASSERT_EQ(workbook.status, 200) << workbook.body;
  EXPECT_EQ(workbook.header("content-type"), kXlsx);
  EXPECT_NE(workbook.header("content-disposition").find("audit-register.xlsx"), std::string::npos);
  EXPECT_TRUE(office::looks_like_zip(workbook.body));
  auto negotiated = school.request("GET", "/api/v1/improvements/audit-register?audit_date=" + first_audit, {}, {{"Accept", kXlsx}});
  EXPECT_EQ(negotiated.header("content-type"), kXlsx);
  EXPECT_NE(school.get("/api/v1/improvements/audit-register").header("content-type").find("text/csv"), std::string::npos)
      << "CSV stays the default";
  EXPECT_EQ(school.get("/api/v1/improvements/audit-register?format=xls").status, 400);

  // The workbook's sheet holds the CSV's cells, with 辦理狀態 after them.
  const auto in = records(sample());
  const auto sheet = office::read_first_sheet(workbook.body);
  ASSERT_EQ(sheet.size(), in.size());
  EXPECT_EQ(sheet[0].back(), std::string(core::kAuditRegisterStatusColumn));
  EXPECT_EQ(sheet[15][6], "2024/02/28") << "a date cell reads as the CSV writes the date";

  // Imported again (a preview first, told from CSV by its bytes alone), then exported as CSV.
  auto preview = school.request("POST", import_target(second_audit, true), workbook.body, {}, "text/csv");
  ASSERT_EQ(preview.status, 200) << preview.body;
  const auto shown = preview.json();
  ASSERT_EQ(shown["rows"].size(), 25u);
  EXPECT_EQ(shown["created"], 0);
  EXPECT_EQ(shown["rows"][14]["planned_on"], "2024-02-28");
  EXPECT_EQ(audit_items(school), 25) << "a preview stores nothing";
  auto made = school.request("POST", import_target(second_audit), workbook.body, {}, kXlsx);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["created"], 25);

  auto back = school.get("/api/v1/improvements/audit-register?audit_date=" + second_audit);
  ASSERT_EQ(back.status, 200);
  const auto out = records(back.body);
  ASSERT_EQ(out.size(), in.size());
  for (size_t r = 0; r < in.size(); ++r)
    for (size_t c = 0; c < in[r].size(); ++c) EXPECT_EQ(out[r][c], in[r][c]) << "row " << r + 1 << ", column " << in[0][c];
}

TEST(AuditRegisterXlsx, AWorkbookWithInlineTextsNumbersAndDatesReadsAsTheCsvDoes) {
  // libxlsxwriter's constant-memory mode writes inline strings instead of shared ones; the item
  // numbers go in as numbers and the planned dates as date cells of a format of our own.
  TempDir dir;
  const auto path = dir.file("register.xlsx");
  lxw_workbook_options options = {LXW_TRUE, nullptr, LXW_FALSE};
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
  const auto in = records(sample());
  for (lxw_row_t r = 0; r < in.size(); ++r)
    for (lxw_col_t c = 0; c < in[r].size(); ++c) {
      const auto& cell = in[r][c];
      const auto day = c == 6 ? core::register_date(cell) : "";
      if (r > 0 && c == 0) {
        worksheet_write_number(ws, r, c, std::stod(cell), nullptr);
      } else if (r > 0 && !day.empty()) {
        lxw_datetime when = {std::stoi(day.substr(0, 4)), std::stoi(day.substr(5, 2)), std::stoi(day.substr(8, 2)), 0, 0, 0};
        worksheet_write_datetime(ws, r, c, &when, date);
      } else {
        worksheet_write_string(ws, r, c, cell.c_str(), nullptr);
      }
    }
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  const auto bytes = read_file(path);

  const auto categories = core::default_improvement_categories();
  auto from_csv = core::parse_audit_register(sample(), categories);
  auto sheet = office::read_first_sheet(bytes);
  auto from_xlsx = core::parse_audit_register_rows(sheet, categories);
  ASSERT_EQ(from_xlsx.size(), from_csv.size());
  for (size_t i = 0; i < from_csv.size(); ++i) {
    EXPECT_EQ(from_xlsx[i].row, from_csv[i].row);
    EXPECT_EQ(from_xlsx[i].item, from_csv[i].item);
    EXPECT_EQ(from_xlsx[i].category, from_csv[i].category);
    EXPECT_EQ(from_xlsx[i].finding, from_csv[i].finding);
    EXPECT_EQ(from_xlsx[i].measure, from_csv[i].measure);
    EXPECT_EQ(from_xlsx[i].planned_on, from_csv[i].planned_on);
    EXPECT_EQ(from_xlsx[i].done, from_csv[i].done);
  }
  EXPECT_EQ(office::excel_serial_date(45350), "2024/02/28");
  EXPECT_EQ(office::excel_serial_date(1), "1900/01/01");
  EXPECT_EQ(office::excel_serial_date(61), "1900/03/01") << "after Lotus's phantom 29 February 1900";
  EXPECT_EQ(office::excel_serial_date(43888, true), "2024/02/28") << "a workbook counting from 1904";
  EXPECT_EQ(office::excel_serial_date(-3), "");
}

TEST(AuditRegisterXlsx, RowErrorsAndDryRunsAreTheCsvs) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  const auto date = days_ago(school, 10);
  const std::string header =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>項次</t></is></c><c r="B1" t="inlineStr"><is><t>內容分類</t></is></c><c r="C1" t="inlineStr"><is><t>對應稽核項次</t></is></c><c r="D1" t="inlineStr"><is><t>稽核組別</t></is></c><c r="E1" t="inlineStr"><is><t>稽核發現內容</t></is></c><c r="F1" t="inlineStr"><is><t>改善措施</t></is></c><c r="G1" t="inlineStr"><is><t>(預計)完成日期</t></is></c></row>)";
  auto row = [](int r, const std::string& category, const std::string& completion) {
    const auto n = std::to_string(r);
    return "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + std::to_string(r - 1) + "</v></c><c r=\"B" + n +
           "\" t=\"inlineStr\"><is><t>" + category + "</t></is></c><c r=\"E" + n +
           "\" t=\"inlineStr\"><is><t>未定期檢視防火牆規則</t></is></c><c r=\"G" + n + "\" t=\"inlineStr\"><is><t>" + completion +
           "</t></is></c></row>";
  };
  const auto sheet = [&](const std::string& rows) {
    return workbook_around(R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" + header +
                           rows + "</sheetData></worksheet>");
  };
  // Row 3's category is unknown and row 5's date is no date; row 4 is left blank between them.
  auto bad = school.request("POST", import_target(date), sheet(row(2, "待改善事項", "2024/02/28") + row(3, "不知道", "已完成") +
                                                              row(5, "建議事項", "下個月")),
                            {}, kXlsx);
  ASSERT_EQ(bad.status, 400) << bad.body;
  const auto error = bad.json()["error"];
  EXPECT_EQ(error["code"], "invalid_csv");
  ASSERT_EQ(error["rows"].size(), 2u) << bad.body;
  EXPECT_EQ(error["rows"][0]["row"], 3);
  EXPECT_EQ(error["rows"][0]["field"], "內容分類");
  EXPECT_EQ(error["rows"][1]["row"], 5);
  EXPECT_EQ(error["rows"][1]["field"], "(預計)完成日期");
  EXPECT_EQ(audit_items(school), 0);

  const auto good = sheet(row(2, "待改善事項", "2024/02/28") + row(3, "建議事項", "已完成"));
  auto preview = school.request("POST", import_target(date, true), good, {}, kXlsx);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.json()["rows"].size(), 2u);
  EXPECT_EQ(preview.json()["rows"][0]["item"], "1") << "a number cell reads as Excel shows it";
  EXPECT_EQ(audit_items(school), 0);
  EXPECT_EQ(school.request("POST", import_target(date), good, {}, kXlsx).status, 201);
  EXPECT_EQ(audit_items(school), 2);
}

TEST(AuditRegisterXlsx, ZipBombsAndFilesThatAreNoWorkbookAreRefusedAndChangeNothing) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  const auto date = days_ago(school, 10);
  auto refused = [&](const std::string& body, const std::string& type, const std::string& what) {
    auto r = school.request("POST", import_target(date), body, {}, type);
    EXPECT_EQ(r.status, 400) << what << ": " << r.body.substr(0, 300);
    if (r.status == 400) {
      const auto error = r.json()["error"];
      EXPECT_TRUE(error.contains("code") && error.contains("message") && error.contains("field")) << what;
      EXPECT_EQ(error["field"], "body") << what;
    }
    return r;
  };

  // A sheet of 200 MB of blanks packs into a fraction of the 4 MB an upload may be.
  std::string bomb_sheet = R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";
  bomb_sheet += std::string(200 * 1024 * 1024, ' ');
  bomb_sheet += "</sheetData></worksheet>";
  const auto bomb = workbook_around(bomb_sheet);
  bomb_sheet.clear();
  bomb_sheet.shrink_to_fit();
  ASSERT_LT(bomb.size(), core::kMaxAuditRegisterBytes);
  auto r = refused(bomb, kXlsx, "a zip bomb");
  EXPECT_NE(r.body.find("MB"), std::string::npos) << r.body;
  // The same bomb declaring its sheet 1,000 bytes unpacked (local and central headers alike): the
  // reader counts what really comes out and stops at the limit.
  auto lying = bomb;
  const std::string sheet_name = "xl/worksheets/sheet1.xml";
  auto patch = [&](const std::string& signature, std::size_t name_length_at, std::size_t name_at, std::size_t size_at) {
    for (auto at = lying.find(signature); at != std::string::npos; at = lying.find(signature, at + 4)) {
      const auto n = static_cast<unsigned char>(lying[at + name_length_at]) | static_cast<unsigned char>(lying[at + name_length_at + 1]) << 8;
      if (lying.compare(at + name_at, n, sheet_name) != 0) continue;
      const std::uint32_t declared = 1000;
      for (int i = 0; i < 4; ++i) lying[at + size_at + i] = static_cast<char>((declared >> (8 * i)) & 0xFF);
    }
  };
  patch(std::string("PK\x03\x04", 4), 26, 30, 22);  // local file header: uncompressed size at 22
  patch(std::string("PK\x01\x02", 4), 28, 46, 24);  // central directory: uncompressed size at 24
  ASSERT_NE(lying, bomb);
  auto counted = refused(lying, kXlsx, "a zip bomb lying about its size");
  EXPECT_NE(counted.body.find("unpacks to more than"), std::string::npos) << counted.body;

  // Thousands of parts.
  std::vector<office::ZipEntry> many;
  for (int i = 0; i < 5000; ++i) many.push_back({"xl/part" + std::to_string(i) + ".xml", "<a/>"});
  refused(office::write_zip(many), kXlsx, "a zip of 5,000 parts");

  // Declared a workbook, but not a zip archive; a zip archive cut short; a zip that is no workbook.
  refused("項次,內容分類\n1,x\n", kXlsx, "CSV sent as a workbook");
  const auto real = workbook_around(R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>)");
  refused(real.substr(0, real.size() / 2), kXlsx, "a truncated archive");
  refused(office::write_zip({{"word/document.xml", "<w/>"}}), kXlsx, "a Word file");

  // Entities: a document type declaration is never read.
  refused(workbook_around(R"(<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>)"
                          R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>)"),
          kXlsx, "entity expansion");
  // Not well-formed, a cell far beyond the register's columns, a row past the bound.
  refused(workbook_around("<worksheet><sheetData><row>"), kXlsx, "broken XML");
  refused(workbook_around(R"(<worksheet><sheetData><row r="1"><c r="ZZ1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>)"),
          kXlsx, "a far column");
  refused(workbook_around(R"(<worksheet><sheetData><row r="999999"><c r="A999999"><v>1</v></c></row></sheetData></worksheet>)"),
          kXlsx, "a far row");
  refused(workbook_around(R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>)"),
          kXlsx, "a shared text that does not exist");
  EXPECT_EQ(audit_items(school), 0) << "nothing of a refused file is stored";
}
