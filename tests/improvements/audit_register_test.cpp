// An audit's findings register (seed 003's columns) imported as CSV and exported back: every row
// an improvement item, all rows or none, within the importer's own units.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/audit_register.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/improvement.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;
namespace core = tongbao::core;

namespace {

std::string sample() {
  std::ifstream in(std::string(TONGBAO_IMPROVEMENT_SAMPLES) + "/audit_register_sample.csv", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

HttpClient signed_in(ServerProcess& server, const char* oid, const char* account) {
  auto c = server.client();
  c.set_token(sign_in(c, oid, account));
  return c;
}

std::string audit_date(HttpClient& c) {
  const auto now = *core::parse_iso8601(now_of(c));
  return core::taipei_date(now - 40LL * 86'400'000);
}

std::string import_target(const std::string& date, const std::string& owner = "", bool dry_run = false) {
  return "/api/v1/improvements/audit-register?audit_date=" + date + "&auditor=%E5%8F%B0%E7%81%A3%E7%B6%B2%E8%B7%AF" +
         (owner.empty() ? "" : "&owner=" + owner) + (dry_run ? "&dry_run=true" : "");
}

HttpResult import(HttpClient& c, const std::string& target, const std::string& csv) {
  return c.request("POST", target, csv, {}, "text/csv");
}

std::vector<core::CsvRecord> records(const std::string& csv) {
  auto parsed = core::parse_csv(csv);
  EXPECT_TRUE(parsed.error.empty()) << parsed.error;
  return parsed.records;
}

long long total(HttpClient& c, const std::string& query) {
  const auto body = c.get("/api/v1/improvements?" + query).json();
  return body["total"].get<long long>();
}

}  // namespace

TEST(AuditRegister, TheSeedsRegisterImportsAndExportsBackRowByRow) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  const auto date = audit_date(school);
  const auto file = sample();
  ASSERT_GT(file.size(), 1000u) << "the sample file is missing";

  // A preview stores nothing.
  auto preview = import(school, import_target(date, "", true), file);
  ASSERT_EQ(preview.status, 200) << preview.body;
  const auto shown = preview.json();
  ASSERT_EQ(shown["rows"].size(), 25u);
  EXPECT_EQ(shown["created"], 0);
  EXPECT_EQ(shown["rows"][14]["planned_on"], "2024-02-28");
  EXPECT_EQ(shown["rows"][0]["category"], "to_improve");
  EXPECT_EQ(shown["rows"][0]["severity"], "minor");
  EXPECT_EQ(total(school, "source=audit"), 0);

  auto made = import(school, import_target(date), file);
  ASSERT_EQ(made.status, 201) << made.body;
  const auto result = made.json();
  EXPECT_EQ(result["created"], 25);
  EXPECT_EQ(result["owner_oid"], demo::kSchoolA1);
  EXPECT_EQ(total(school, "source=audit"), 25);
  EXPECT_EQ(total(school, "source=audit&status=done"), 24) << "rows marked 已完成 await the verifier";
  EXPECT_EQ(total(school, "source=audit&status=open"), 1);
  EXPECT_EQ(total(school, "source=audit&category=compliant"), 3);

  const auto first_id = std::to_string(result["rows"][0]["id"].get<long long>());
  const auto first = school.get("/api/v1/improvements/" + first_id).json();
  EXPECT_EQ(first["source"]["kind"], "audit");
  EXPECT_EQ(first["source"]["audit_date"], date);
  EXPECT_EQ(first["source"]["auditor"], "台灣網路");
  EXPECT_EQ(first["source"]["reference"], "1.1");
  EXPECT_EQ(first["source"]["audit_item"], "1");
  EXPECT_EQ(first["source"]["audit_group"], "A");
  EXPECT_EQ(first["status"], "done");
  const auto open_id = std::to_string(result["rows"][14]["id"].get<long long>());
  const auto open = school.get("/api/v1/improvements/" + open_id).json();
  EXPECT_EQ(open["planned_on"], "2024-02-28");
  EXPECT_EQ(open["status"], "planned");

  // The export gives the same rows back, with the status after them.
  auto exported = school.get("/api/v1/improvements/audit-register?audit_date=" + date);
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_NE(exported.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_EQ(exported.body.rfind("\xEF\xBB\xBF", 0), 0u) << "a BOM, so Excel reads UTF-8";
  const auto in = records(file);
  const auto out = records(exported.body);
  ASSERT_EQ(out.size(), in.size());
  ASSERT_EQ(out[0].size(), in[0].size() + 1);
  EXPECT_EQ(out[0].back(), std::string(core::kAuditRegisterStatusColumn));
  for (size_t r = 0; r < in.size(); ++r) {
    for (size_t c = 0; c < in[r].size(); ++c) EXPECT_EQ(out[r][c], in[r][c]) << "row " << r + 1 << ", column " << in[0][c];
  }
  EXPECT_EQ(out[1].back(), "已完成待確認");
  EXPECT_EQ(out[15].back(), "待辦理");

  // The county sees its school's register too; a school of another county is out of its reach.
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto theirs = county.get("/api/v1/improvements/audit-register?unit=" + std::string(demo::kSchoolA1));
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(records(theirs.body).size(), in.size());
  EXPECT_EQ(school.get("/api/v1/improvements/audit-register?unit=" + std::string(demo::kSchoolB1)).status, 400);
}

TEST(AuditRegister, ACentreImportsForItsSchoolButNotForAnotherCountys) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  const auto date = audit_date(county);
  const auto file = sample();
  auto elsewhere = import(county, import_target(date, demo::kSchoolB1), file);
  EXPECT_EQ(elsewhere.status, 400) << elsewhere.body;
  EXPECT_EQ(elsewhere.json()["error"]["field"], "owner_oid");

  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  auto neighbour = import(school, import_target(date, demo::kSchoolA2), file);
  EXPECT_EQ(neighbour.status, 400) << "a school imports only its own register";
  EXPECT_EQ(neighbour.json()["error"]["field"], "owner_oid");

  auto made = import(county, import_target(date, demo::kSchoolA2), file);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(total(county, "source=audit&unit=" + std::string(demo::kSchoolA2)), 25);
  auto cert = signed_in(server, demo::kCert, "cert");
  EXPECT_EQ(total(cert, "source=audit&unit=" + std::string(demo::kSchoolB1)), 0);
}

TEST(AuditRegister, ABadFileIsRefusedWithRowErrorsAndNothingStored) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  const auto date = audit_date(school);
  const std::string header = "\xEF\xBB\xBF項次,內容分類,對應稽核項次,稽核組別,稽核發現內容,改善措施,(預計)完成日期\r\n";
  const std::string bad = header +
                          "1,待改善事項,1.1,A,查機關未完成資通系統分級,重新分級,2024/02/28\r\n"
                          "2,法遵符合情,1.3,A,已取得第三方驗證,謝謝肯定,已完成\r\n"
                          "3,建議事項,2.1,A,,補充目標,已完成\r\n"
                          "4,建議事項,2.4,A,組織表僅限核心系統成員,邀請出席,下個月\r\n"
                          "1,建議事項,4.1,B,資產清冊未註明使用者,加入欄位,2024/13/01\r\n";
  auto refused = import(school, import_target(date), bad);
  ASSERT_EQ(refused.status, 400) << refused.body;
  const auto error = refused.json()["error"];
  EXPECT_EQ(error["code"], "invalid_csv");
  std::set<std::pair<int, std::string>> where;
  for (const auto& r : error["rows"]) where.insert({r["row"].get<int>(), r["field"].get<std::string>()});
  const std::set<std::pair<int, std::string>> expected = {
      {3, "內容分類"}, {4, "稽核發現內容"}, {5, "(預計)完成日期"}, {6, "項次"}, {6, "(預計)完成日期"}};
  EXPECT_EQ(where, expected) << refused.body;
  EXPECT_EQ(total(school, "source=audit"), 0) << "nothing of a bad file is stored";

  // A wrong header names the columns.
  auto headers = import(school, import_target(date), "item,category\r\n1,x\r\n");
  ASSERT_EQ(headers.status, 400);
  EXPECT_EQ(headers.json()["error"]["rows"][0]["row"], 1);

  // The audit's date and auditor are asked for.
  EXPECT_EQ(import(school, "/api/v1/improvements/audit-register?auditor=x", sample()).status, 400);
  auto no_auditor = import(school, "/api/v1/improvements/audit-register?audit_date=" + date, sample());
  EXPECT_EQ(no_auditor.status, 400);
  EXPECT_EQ(no_auditor.json()["error"]["field"], "auditor");
  EXPECT_EQ(total(school, "source=audit"), 0);
}

TEST(AuditRegister, OversizeFilesAndTooManyRowsAreRefused) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  const auto date = audit_date(school);
  const std::string header = "項次,內容分類,對應稽核項次,稽核組別,稽核發現內容,改善措施,(預計)完成日期\r\n";
  std::string huge = header;
  while (huge.size() <= core::kMaxAuditRegisterBytes) huge += "1,建議事項,1.1,A," + std::string(1000, 'x') + ",y,已完成\r\n";
  auto big = import(school, import_target(date), huge);
  EXPECT_EQ(big.status, 413) << big.body.substr(0, 300);

  std::string many = header;
  for (size_t i = 1; i <= core::kMaxAuditRegisterRows + 1; ++i) many += std::to_string(i) + ",建議事項,1.1,A,發現,措施,已完成\r\n";
  auto rows = import(school, import_target(date), many);
  ASSERT_EQ(rows.status, 400) << rows.body.substr(0, 300);
  EXPECT_EQ(rows.json()["error"]["rows"][0]["row"], static_cast<int>(core::kMaxAuditRegisterRows) + 2);

  std::string long_field = header + "1,建議事項,1.1,A," + std::string(core::kMaxImprovementText + 1, 'x') + ",y,已完成\r\n";
  auto field = import(school, import_target(date), long_field);
  ASSERT_EQ(field.status, 400);
  EXPECT_EQ(field.json()["error"]["rows"][0]["field"], "稽核發現內容");
  EXPECT_EQ(total(school, "source=audit"), 0);
}

TEST(AuditRegisterRules, DatesCategoriesAndCellsAsExcelWritesThem) {
  EXPECT_EQ(core::register_date("2024/02/28"), "2024-02-28");
  EXPECT_EQ(core::register_date("2024/2/8"), "2024-02-08");
  EXPECT_EQ(core::register_date(" 2024-02-28 "), "2024-02-28");
  EXPECT_EQ(core::register_date("2024/02-28"), "");
  EXPECT_EQ(core::register_date("2024/02/30"), "");
  EXPECT_EQ(core::register_date("113/02/28"), "") << "a ROC year is not read as one";
  const auto cats = core::default_improvement_categories();
  // Without a BOM, with a status column, a category named by its English label, a blank line at the end.
  const std::string text =
      "項次,內容分類,對應稽核項次,稽核組別,稽核發現內容,改善措施,(預計)完成日期,辦理狀態\n"
      "7,Suggestion,4.1,B,\"多行\n發現\",'=SUM(1),2024/2/8,辦理中\n,,,,,,,\n";
  const auto rows = core::parse_audit_register(text, cats);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].category, "suggestion");
  EXPECT_EQ(rows[0].finding, "多行\n發現");
  EXPECT_EQ(rows[0].measure, "=SUM(1)") << "the quote an export adds against formulas is taken off";
  EXPECT_EQ(rows[0].planned_on, "2024-02-08");
  EXPECT_FALSE(rows[0].done);
  EXPECT_EQ(core::severity_for_category("to_improve"), "minor");
  try {
    core::parse_audit_register("項次,內容分類\n1,x\n", cats);
    FAIL() << "missing columns accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.row_errors.size(), 5u);
  }
}
