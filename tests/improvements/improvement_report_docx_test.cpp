// A ticket's improvement report as a Word file: the answer is a zip package (read here with
// libzip itself) whose word/document.xml is well-formed (expat) and holds what the printable page
// holds — the sections 一 to 五, the ticket's number, the measures, dates in the ROC calendar, the
// signature lines — with the unit's text escaped. Only those who read the report get the file.
#include <expat.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <map>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

HttpClient signed_in(ServerProcess& server, const char* oid, const char* account) {
  auto c = server.client();
  c.set_token(sign_in(c, oid, account));
  return c;
}

json report_with(const std::string& course) {
  json measure = {{"category", "to_improve"}, {"severity", "major"}, {"finding", "電腦教室主機未定期更新"},
                  {"measure", "建立每月更新檢查表 & 由資訊組長覆核"}, {"planned_on", "2027-01-15"}};
  return {{"sections",
           {{"course", course},
            {"cause", "電腦教室主機未定期更新，遭利用已知漏洞植入殭屍程式。"},
            {"handling", "隔離受害主機、重新安裝作業系統並更換管理者密碼。"},
            {"tracking", "每月由資訊組長檢查更新紀錄。"}}},
          {"measures", json::array({measure})}};
}

// Every part of the package by name, unzipped with libzip.
std::map<std::string, std::string> unzip(const std::string& bytes) {
  std::map<std::string, std::string> parts;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
  zip_error_fini(&error);
  if (!zip) {
    if (source) zip_source_free(source);
    ADD_FAILURE() << "the answer is not a zip archive";
    return parts;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(zip, i, 0, &st);
    std::string content(st.size, '\0');
    zip_file_t* f = zip_fopen_index(zip, i, 0);
    EXPECT_EQ(zip_fread(f, content.data(), st.size), static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    parts[st.name] = content;
  }
  zip_discard(zip);
  return parts;
}

// Whether expat reads the text as well-formed XML; the problem otherwise.
std::string xml_problem(const std::string& xml) {
  XML_Parser parser = XML_ParserCreate(nullptr);
  std::string problem;
  if (XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE) != XML_STATUS_OK)
    problem = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
              std::to_string(XML_GetCurrentLineNumber(parser));
  XML_ParserFree(parser);
  return problem;
}

}  // namespace

TEST(ImprovementReportDocx, TheWordFileHoldsTheReportAsThePrintablePageDoes) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  auto filed = school.post("/api/v1/incidents", botnet_report(now_of(school)));
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto number = filed.json()["number"].get<std::string>();
  const auto path = "/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>()) + "/improvement-report";
  // Markup, an ampersand, a control character and a line break: all must come out as text.
  ASSERT_EQ(school.put(path, report_with("主機遭植入 <script>alert(1)</script> 程式\x01\n次日恢復")).status, 200);

  auto answer = school.get(path + "?format=docx");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.header("content-type"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_NE(answer.header("content-disposition").find("improvement-report-" + number + ".docx"), std::string::npos);
  EXPECT_EQ(school.get(path).json()["docx"], path + "?format=docx") << "the JSON links the file";

  auto parts = unzip(answer.body);
  for (const char* name : {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml",
                           "word/settings.xml", "word/document.xml", "docProps/core.xml"}) {
    ASSERT_TRUE(parts.count(name)) << name << " is missing from the package";
    EXPECT_EQ(xml_problem(parts[name]), "") << name << " is not well-formed";
  }
  const auto& doc = parts["word/document.xml"];
  for (const char* text : {"資通安全事件調查、處理及改善報告", "一、事件發生經過", "二、事件原因分析", "三、處理措施",
                           "四、改善措施及預定完成日期", "五、成效追蹤及預防措施", "填報單位", "高雄市立港都國民中學",
                           "電腦教室主機未定期更新", "主要缺失", "116年1月15日", "承辦人：", "單位主管：", "資通安全長："})
    EXPECT_NE(doc.find(text), std::string::npos) << text;
  EXPECT_NE(doc.find(number), std::string::npos) << "the ticket's number";
  EXPECT_NE(doc.find("建立每月更新檢查表 &amp; 由資訊組長覆核"), std::string::npos) << "the measure, escaped";
  EXPECT_EQ(doc.find("<script>"), std::string::npos) << "text is escaped";
  EXPECT_NE(doc.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(doc.find("w:w=\"11906\" w:h=\"16838\""), std::string::npos) << "A4 portrait";
  // The measures come fourth, between the third and fifth sections, as on the printed page.
  const auto measure_at = doc.find("建立每月更新檢查表 &amp; 由資訊組長覆核");
  EXPECT_LT(doc.find("三、處理措施"), measure_at);
  EXPECT_LT(measure_at, doc.find("五、成效追蹤及預防措施"));
  EXPECT_NE(parts["docProps/core.xml"].find(number), std::string::npos);
  EXPECT_NE(parts["word/styles.xml"].find("標楷體"), std::string::npos) << "the official documents' typeface";
}

TEST(ImprovementReportDocx, OnlyThoseWhoReadTheReportGetTheFile) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  auto filed = school.post("/api/v1/incidents", botnet_report(now_of(school)));
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto path = "/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>()) + "/improvement-report";
  ASSERT_EQ(school.put(path, report_with("電腦教室主機對外連線異常")).status, 200);

  // The ticket's reviewing centre and the CERT read it.
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto cert = signed_in(server, demo::kCert, "cert");
  for (auto* c : {&county, &cert}) {
    auto r = c->get(path + "?format=docx");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(unzip(r.body).count("word/document.xml"), 1u);
  }
  // A sibling school and another county's centre do not learn the ticket exists.
  auto sibling = signed_in(server, demo::kSchoolA2, "teacher");
  auto other_county = signed_in(server, demo::kCountyB, "pingtung");
  for (auto* c : {&sibling, &other_county}) {
    auto r = c->get(path + "?format=docx");
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_TRUE(r.json()["error"].contains("code")) << "the one error shape";
  }
  auto anonymous = server.client();
  EXPECT_EQ(anonymous.get(path + "?format=docx").status, 401);
  EXPECT_EQ(school.get(path + "?format=doc").status, 400) << "an unknown format";
}
