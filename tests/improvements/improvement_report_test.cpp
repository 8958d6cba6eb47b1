// A ticket's investigation, handling and improvement report over HTTP: drafted by the school,
// refused while incomplete, submitted (its measures become the ticket's improvement items and the
// investigation-report deadline is met), returned by the county with a reason, submitted again,
// accepted by the county and then by the CERT; another unit neither reads nor writes it; the
// printable document holds its sections.
#include <gtest/gtest.h>

#include <set>

#include "core/error.h"
#include "core/improvement.h"
#include "core/improvement_report.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr long long kDay = 86'400'000;

HttpClient signed_in(ServerProcess& server, const char* oid, const char* account) {
  auto c = server.client();
  c.set_token(sign_in(c, oid, account));
  return c;
}

std::string date_in(HttpClient& c, long long days) {
  const auto now = *tongbao::core::parse_iso8601(now_of(c));
  return tongbao::core::taipei_date(now + days * kDay);
}

json measure(const std::string& planned_on, const std::string& finding) {
  return {{"category", "to_improve"},
          {"severity", "major"},
          {"finding", finding},
          {"measure", "建立每月更新檢查表，並由資訊組長覆核"},
          {"planned_on", planned_on}};
}

json full_report(const std::string& planned_on) {
  return {{"sections",
           {{"course", "11 月 20 日上午 9 時，電腦教室主機對外連線異常，經縣網中心通知後知悉。"},
            {"cause", "電腦教室主機未定期更新，遭利用已知漏洞植入殭屍程式。"},
            {"handling", "隔離受害主機、重新安裝作業系統並更換管理者密碼；當日下午恢復上課使用。"},
            {"tracking", "每月由資訊組長檢查更新紀錄，並於期末資安稽核時抽查。"}}},
          {"measures", json::array({measure(planned_on, "電腦教室主機未定期更新"),
                                    measure(planned_on, "管理者密碼多台共用")})}};
}

std::vector<std::string> kinds_of(const json& timeline) {
  std::vector<std::string> out;
  for (const auto& e : timeline["items"]) out.push_back(e["kind"].get<std::string>());
  return out;
}

}  // namespace

TEST(ImprovementReport, DraftedSubmittedReturnedAndAcceptedByTheCountyAndTheCert) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto cert = signed_in(server, demo::kCert, "cert");
  const auto now = now_of(school);

  // A level-3 ticket whose damage is controlled: its investigation report is now due.
  auto filed = school.post("/api/v1/incidents", botnet_report(now));
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto id = filed.json()["id"].get<long long>();
  const auto ticket = "/api/v1/incidents/" + std::to_string(id);
  const auto path = ticket + "/improvement-report";
  ASSERT_EQ(county.post(ticket + "/level", {{"level", 3}, {"reason", "核心業務未於可容忍中斷時間內恢復"}}).status, 200);
  auto responded = school.put(ticket + "/response", full_response(now));
  ASSERT_EQ(responded.status, 200) << responded.body;
  const auto before = school.get(ticket).json();
  EXPECT_EQ(deadline(before, "investigation_report")["state"], "pending") << before["deadlines"].dump();
  EXPECT_FALSE(before["has_investigation_report"].get<bool>());

  // Nothing saved yet: an empty draft the school may edit and the county may not.
  auto empty = school.get(path);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_FALSE(empty.json()["exists"].get<bool>());
  EXPECT_EQ(empty.json()["status"], "draft");
  EXPECT_TRUE(empty.json()["may"]["edit"].get<bool>());
  EXPECT_FALSE(county.get(path).json()["may"]["edit"].get<bool>());
  EXPECT_EQ(county.put(path, full_report(date_in(school, 30))).status, 403) << "the unit writes its report";

  // A draft with the cause left blank is saved, but not submitted: the refusal names the field.
  auto draft = full_report(date_in(school, 30));
  draft["sections"]["cause"] = "";
  auto saved = school.put(path, draft);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_TRUE(saved.json()["exists"].get<bool>());
  EXPECT_EQ(saved.json()["measures"].size(), 2u);
  auto incomplete = school.post(path + "/submit", json::object());
  ASSERT_EQ(incomplete.status, 400) << incomplete.body;
  EXPECT_EQ(incomplete.json()["error"]["field"], "cause");
  // No measures: refused too.
  auto no_measures = full_report(date_in(school, 30));
  no_measures["measures"] = json::array();
  ASSERT_EQ(school.put(path, no_measures).status, 200);
  auto refused = school.post(path + "/submit", json::object());
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "measures");
  // A measure's bad date is refused on saving, naming the measure.
  auto bad_date = full_report("2026-02-30");
  auto bad = school.put(path, bad_date);
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["error"]["field"], "measures[0].planned_on");
  EXPECT_EQ(school.get("/api/v1/improvements?incident_id=" + std::to_string(id)).json()["total"], 0)
      << "nothing is made of a draft";

  // Submitted: each measure an improvement item of the school with the ticket as its source.
  ASSERT_EQ(school.put(path, full_report(date_in(school, 30))).status, 200);
  auto submitted = school.post(path + "/submit", json::object());
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  const auto sent = submitted.json();
  EXPECT_EQ(sent["status"], "submitted");
  EXPECT_FALSE(sent["first_submitted_at"].is_null());
  std::set<long long> item_ids;
  for (const auto& m : sent["measures"]) {
    ASSERT_TRUE(m["item_id"].is_number_integer()) << sent.dump();
    item_ids.insert(m["item_id"].get<long long>());
  }
  EXPECT_EQ(item_ids.size(), 2u);
  const auto items = school.get("/api/v1/improvements?incident_id=" + std::to_string(id)).json();
  ASSERT_EQ(items["total"], 2) << items.dump();
  for (const auto& it : items["items"]) {
    EXPECT_EQ(it["source"]["kind"], "incident");
    EXPECT_EQ(it["source"]["incident_id"], id);
    EXPECT_EQ(it["owner"]["oid"], demo::kSchoolA1);
    EXPECT_TRUE(item_ids.count(it["id"].get<long long>()));
  }
  EXPECT_EQ(school.put(path, full_report(date_in(school, 30))).status, 409) << "a submitted report is not edited";

  // The ticket's investigation-report deadline is met, as by an attached report.
  const auto after = school.get(ticket).json();
  EXPECT_EQ(deadline(after, "investigation_report")["state"], "met") << after["deadlines"].dump();
  EXPECT_TRUE(after["has_investigation_report"].get<bool>());

  // The school cannot decide its own report; the CERT waits for the county; a return needs a reason.
  EXPECT_EQ(school.post(path + "/decision", {{"decision", "accept"}}).status, 403);
  EXPECT_EQ(cert.post(path + "/decision", {{"decision", "accept"}}).status, 403);
  auto no_reason = county.post(path + "/decision", {{"decision", "return"}});
  ASSERT_EQ(no_reason.status, 400) << no_reason.body;
  EXPECT_EQ(no_reason.json()["error"]["field"], "reason");
  auto returned = county.post(path + "/decision", {{"decision", "return"}, {"reason", "請補充受害主機數量與復原時間"}});
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(returned.json()["status"], "returned");
  EXPECT_EQ(returned.json()["return_reason"], "請補充受害主機數量與復原時間");

  // The school completes it and submits again: no second set of items.
  auto second = full_report(date_in(school, 30));
  second["sections"]["handling"] = "隔離受害主機 12 台、重新安裝作業系統並更換管理者密碼；11 月 21 日全數復原。";
  second["measures"] = sent["measures"];
  auto resaved = school.put(path, second);
  ASSERT_EQ(resaved.status, 200) << resaved.body;
  EXPECT_EQ(resaved.json()["status"], "draft");
  auto resubmitted = school.post(path + "/submit", json::object());
  ASSERT_EQ(resubmitted.status, 200) << resubmitted.body;
  EXPECT_EQ(resubmitted.json()["status"], "submitted");
  EXPECT_EQ(resubmitted.json()["return_reason"], "");
  EXPECT_EQ(resubmitted.json()["first_submitted_at"], sent["first_submitted_at"]);
  EXPECT_EQ(school.get("/api/v1/improvements?incident_id=" + std::to_string(id)).json()["total"], 2);

  // The county accepts, then the CERT.
  auto by_county = county.post(path + "/decision", {{"decision", "accept"}});
  ASSERT_EQ(by_county.status, 200) << by_county.body;
  EXPECT_EQ(by_county.json()["status"], "centre_accepted");
  EXPECT_EQ(county.post(path + "/decision", {{"decision", "accept"}}).status, 403) << "the CERT decides now";
  auto by_cert = cert.post(path + "/decision", {{"decision", "accept"}});
  ASSERT_EQ(by_cert.status, 200) << by_cert.body;
  EXPECT_EQ(by_cert.json()["status"], "accepted");
  EXPECT_FALSE(by_cert.json()["accepted_at"].is_null());
  EXPECT_EQ(cert.post(path + "/decision", {{"decision", "accept"}}).status, 409);

  // Every step is on the ticket's timeline and the audit trail.
  const auto timeline = school.get(ticket + "/timeline").json();
  std::multiset<std::string> steps;
  for (const auto& k : kinds_of(timeline))
    if (k.rfind("improvement_report_", 0) == 0) steps.insert(k);
  // Three drafts saved (the one with a bad date was refused), one after the return.
  EXPECT_EQ(steps, (std::multiset<std::string>{"improvement_report_saved", "improvement_report_saved",
                                               "improvement_report_saved", "improvement_report_submitted", "improvement_report_returned",
                                               "improvement_report_saved", "improvement_report_submitted",
                                               "improvement_report_accepted", "improvement_report_accepted"}))
      << timeline.dump();
  const auto audit = cert.get("/api/v1/audit?entity=improvement_report&entity_id=" + std::to_string(id) + "&limit=100").json();
  std::multiset<std::string> logged;
  for (const auto& e : audit["items"]) logged.insert(e["action"].get<std::string>());
  EXPECT_EQ(logged.count("improvement_report.submitted"), 2u) << audit.dump();
  EXPECT_EQ(logged.count("improvement_report.returned"), 1u);
  EXPECT_EQ(logged.count("improvement_report.accepted"), 2u);
}

TEST(ImprovementReport, AnotherUnitNeitherReadsNorWritesIt) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  auto filed = school.post("/api/v1/incidents", botnet_report(now_of(school)));
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto path = "/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>()) + "/improvement-report";
  ASSERT_EQ(school.put(path, full_report(date_in(school, 30))).status, 200);

  auto sibling = signed_in(server, demo::kSchoolA2, "teacher");
  auto other_county = signed_in(server, demo::kCountyB, "pingtung");
  for (auto* c : {&sibling, &other_county}) {
    EXPECT_EQ(c->get(path).status, 404);
    EXPECT_EQ(c->get(path + "?format=html").status, 404);
    EXPECT_EQ(c->put(path, full_report(date_in(school, 30))).status, 404);
    EXPECT_EQ(c->post(path + "/submit", json::object()).status, 404);
    EXPECT_EQ(c->post(path + "/decision", {{"decision", "accept"}}).status, 404);
  }
  EXPECT_EQ(school.get(path).json()["status"], "draft") << "nothing the others tried changed it";
}

TEST(ImprovementReport, ThePrintableDocumentHoldsItsSections) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  auto filed = school.post("/api/v1/incidents", botnet_report(now_of(school)));
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto number = filed.json()["number"].get<std::string>();
  const auto path = "/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>()) + "/improvement-report";
  auto report = full_report("2027-01-15");
  report["sections"]["course"] = "主機遭植入 <script>alert(1)</script> 程式";
  ASSERT_EQ(school.put(path, report).status, 200);

  auto page = school.get(path + "?format=html");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
  const auto& html = page.body;
  for (const char* heading : {"一、事件發生經過", "二、事件原因分析", "三、處理措施", "四、改善措施及預定完成日期",
                              "五、成效追蹤及預防措施", "資通安全事件調查、處理及改善報告"})
    EXPECT_NE(html.find(heading), std::string::npos) << heading;
  EXPECT_NE(html.find(number), std::string::npos) << "the ticket's number";
  EXPECT_NE(html.find("電腦教室主機未定期更新"), std::string::npos) << "the measures' table";
  EXPECT_NE(html.find("116年1月15日"), std::string::npos) << "dates in the ROC calendar";
  EXPECT_NE(html.find("size: A4"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos) << "text is escaped";
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(school.get(path + "?format=pdf").status, 400);
}

TEST(ImprovementReportRules, TheUnitWritesTheCentreThenTheCertDecide) {
  using tongbao::core::next_report_status;
  using tongbao::core::ReportAction;
  using tongbao::core::ReportStatus;
  const tongbao::core::ReportRoles unit{true, false, false}, centre{false, true, false}, cert{false, false, true};
  EXPECT_EQ(next_report_status(ReportAction::save, ReportStatus::returned, unit), ReportStatus::draft);
  EXPECT_EQ(next_report_status(ReportAction::submit, ReportStatus::draft, unit), ReportStatus::submitted);
  EXPECT_EQ(next_report_status(ReportAction::accept, ReportStatus::submitted, centre), ReportStatus::centre_accepted);
  EXPECT_EQ(next_report_status(ReportAction::return_, ReportStatus::centre_accepted, cert), ReportStatus::returned);
  EXPECT_EQ(next_report_status(ReportAction::accept, ReportStatus::centre_accepted, cert), ReportStatus::accepted);
  auto kind = [](auto fn) {
    try {
      fn();
    } catch (const tongbao::core::Error& e) {
      return e.kind();
    }
    return tongbao::core::ErrorKind::unavailable;  // nothing thrown
  };
  EXPECT_EQ(kind([&] { next_report_status(ReportAction::save, ReportStatus::draft, centre); }), tongbao::core::ErrorKind::forbidden);
  EXPECT_EQ(kind([&] { next_report_status(ReportAction::save, ReportStatus::submitted, unit); }), tongbao::core::ErrorKind::conflict);
  EXPECT_EQ(kind([&] { next_report_status(ReportAction::accept, ReportStatus::submitted, cert); }), tongbao::core::ErrorKind::forbidden);
  EXPECT_EQ(kind([&] { next_report_status(ReportAction::accept, ReportStatus::accepted, cert); }), tongbao::core::ErrorKind::conflict);
}

TEST(ImprovementReportRules, SubmissionNeedsEverySectionAndAMeasure) {
  const auto& categories = tongbao::core::default_improvement_categories();
  tongbao::core::ImprovementReport r;
  r.course = "經過";
  r.cause = "原因";
  r.handling = "處理";
  r.tracking = "追蹤";
  auto field = [&](auto check) {
    try {
      check(r, categories);
    } catch (const tongbao::core::Error& e) {
      return e.field();
    }
    return std::string("none");
  };
  EXPECT_EQ(field(tongbao::core::check_report_draft), "none");
  EXPECT_EQ(field(tongbao::core::check_report_complete), "measures");
  r.measures.push_back({categories.front().key, "minor", "發現", "", "2027-01-15", std::nullopt});
  EXPECT_EQ(field(tongbao::core::check_report_draft), "none") << "a draft's measure may lack its text";
  EXPECT_EQ(field(tongbao::core::check_report_complete), "measures[0].measure");
  r.measures[0].measure = "措施";
  r.measures[0].severity = "grave";
  EXPECT_EQ(field(tongbao::core::check_report_draft), "measures[0].severity");
  r.measures[0].severity = "minor";
  r.tracking = std::string(8001, 'x');
  EXPECT_EQ(field(tongbao::core::check_report_draft), "tracking");
  r.tracking = "追蹤";
  EXPECT_EQ(field(tongbao::core::check_report_complete), "none");
}
