// The incident workflow over HTTP, as the two cases play it.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <set>
#include <thread>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

std::string iso_now(HttpClient& c) { return c.get("/api/v1/health").json()["time"].get<std::string>(); }

struct Parties {
  HttpClient school, county, other_county, cert;
};

Parties sign_in_all(ServerProcess& server, const char* school_oid, const char* county_oid, const char* county_account,
                    const char* other_oid, const char* other_account) {
  Parties p{server.client(), server.client(), server.client(), server.client()};
  p.school.set_token(sign_in(p.school, school_oid, "teacher"));
  p.county.set_token(sign_in(p.county, county_oid, county_account));
  p.other_county.set_token(sign_in(p.other_county, other_oid, other_account));
  p.cert.set_token(sign_in(p.cert, demo::kCert, "cert"));
  return p;
}

std::vector<std::string> kinds(const json& timeline) {
  std::vector<std::string> out;
  for (const auto& e : timeline["items"]) out.push_back(e["kind"].get<std::string>());
  return out;
}

}  // namespace

TEST(IncidentFlow, BotnetUnderReportedRaisedRespondedClosed) {
  ServerProcess server;
  auto p = sign_in_all(server, demo::kSchoolA1, demo::kCountyA, "kaohsiung", demo::kCountyB, "pingtung");
  const auto now = iso_now(p.school);

  // The school files as level 2; the platform computes 3 and flags it.
  auto filed = p.school.post("/api/v1/incidents", botnet_report(now));
  ASSERT_EQ(filed.status, 201) << filed.body;
  auto t = filed.json();
  const long long id = t["id"].get<long long>();
  const std::string path = "/api/v1/incidents/" + std::to_string(id);
  EXPECT_EQ(t["state"], "reported");
  EXPECT_TRUE(std::regex_match(t["number"].get<std::string>(), std::regex("KHJH01-INT-\\d{6}-0001"))) << t["number"];
  EXPECT_EQ(t["level"], 2);
  EXPECT_EQ(t["computed_level"], 3);
  EXPECT_TRUE(t["under_reported"].get<bool>());
  EXPECT_EQ(t["assessment"]["deciding"], "availability");
  EXPECT_EQ(t["assessment"]["availability"]["rule"].get<std::string>().substr(0, 2), "A3");

  // The county centre sees it in its queue, with the flag and the reasoning.
  auto queue = p.county.get("/api/v1/incidents").json();
  ASSERT_EQ(queue["total"], 1);
  EXPECT_TRUE(queue["items"][0]["under_reported"].get<bool>());
  auto seen = p.county.get(path).json();
  EXPECT_NE(seen["under_reporting"].get<std::string>().find("level 3"), std::string::npos) << seen["under_reporting"];

  // County B neither sees nor acts on it.
  EXPECT_EQ(p.other_county.get(path).status, 404);
  EXPECT_EQ(p.other_county.get("/api/v1/incidents").json()["total"], 0);
  EXPECT_EQ(p.other_county.post(path + "/level", {{"level", 4}, {"reason", "x"}}).status, 404);
  EXPECT_EQ(p.other_county.post(path + "/return", {{"reason", "x"}}).status, 404);
  EXPECT_EQ(p.other_county.get(path + "/timeline").status, 404);

  // Raising the level needs a reason; the school cannot change it itself.
  auto no_reason = p.county.post(path + "/level", {{"level", 3}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.json()["error"]["field"], "reason");
  EXPECT_EQ(p.school.post(path + "/level", {{"level", 3}, {"reason", "self"}}).status, 403);
  auto raised = p.county.post(path + "/level", {{"level", 3}, {"reason", "核心業務(全市網路)未於可容忍中斷時間內恢復，屬 3 級"}});
  ASSERT_EQ(raised.status, 200) << raised.body;
  EXPECT_EQ(raised.json()["level"], 3);

  // At level 3 a response without the meeting and root cause is refused, naming the field.
  auto thin = p.school.put(path + "/response", {{"emergency_measures", "unplugged it"}, {"solution", "reinstalled"}});
  EXPECT_EQ(thin.status, 400);
  EXPECT_EQ(thin.json()["error"]["field"], "response_meeting");
  auto responded = p.school.put(path + "/response", full_response(iso_now(p.school)));
  ASSERT_EQ(responded.status, 200) << responded.body;
  EXPECT_EQ(responded.json()["state"], "responded");

  // Only the reviewing centre approves; then only the CERT closes.
  EXPECT_EQ(p.school.post(path + "/approve", json::object()).status, 403);
  EXPECT_EQ(p.county.post(path + "/review", json::object()).status, 409) << "raising the level was the report's review";
  EXPECT_EQ(p.county.post(path + "/approve", {{"comment", "根因已查明"}}).json()["state"], "cert_review");
  EXPECT_EQ(p.county.post(path + "/close", json::object()).status, 403);

  // Level 3 needs the investigation report before closing.
  auto early = p.cert.post(path + "/close", json::object());
  ASSERT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(early.json()["error"]["field"], "investigation_report");
  const std::string report_pdf = "%PDF-1.4 investigation, handling and improvement report";
  auto uploaded = p.school.request("POST", path + "/attachments?name=%E8%AA%BF%E6%9F%A5%E5%A0%B1%E5%91%8A.pdf&kind=investigation_report",
                                   report_pdf, {}, "application/pdf");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  EXPECT_EQ(uploaded.json()["file_name"], "調查報告.pdf");
  auto closed = p.cert.post(path + "/close", {{"comment", "結案"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["state"], "closed");
  EXPECT_TRUE(closed.json()["closing_requirements"].empty());

  // Closed tickets are history: read-only.
  auto late_edit = p.school.put(path + "/response", full_response(now));
  EXPECT_EQ(late_edit.status, 409);
  EXPECT_EQ(late_edit.json()["error"]["code"], "invalid_state");
  EXPECT_EQ(p.cert.get("/api/v1/incidents?scope=history").json()["total"], 1);
  EXPECT_EQ(p.cert.get("/api/v1/incidents?scope=open").json()["total"], 0);

  // The timeline and the audit log hold every step.
  auto timeline = p.county.get(path + "/timeline").json();
  EXPECT_EQ(kinds(timeline), (std::vector<std::string>{"created", "reported", "level_changed", "responded",
                                                       "approved", "attachment_added", "closed"}));
  const auto& level_event = timeline["items"][2];
  EXPECT_EQ(level_event["actor"], std::string(demo::kCountyA) + "/kaohsiung");
  EXPECT_EQ(level_event["detail"]["from"], 2);
  EXPECT_EQ(level_event["detail"]["to"], 3);
  EXPECT_FALSE(level_event["detail"]["reason"].get<std::string>().empty());
  auto audit = p.cert.get("/api/v1/audit?entity=incident&entity_id=" + t["number"].get<std::string>()).json();
  std::set<std::string> actions;
  for (const auto& e : audit["items"]) actions.insert(e["action"].get<std::string>());
  EXPECT_EQ(actions, (std::set<std::string>{"incident.reported", "incident.level_changed", "incident.responded",
                                            "incident.approved", "incident.attachment_added",
                                            "incident.closed"}));
  EXPECT_TRUE(p.cert.get("/api/v1/audit/verify").json()["ok"].get<bool>());

  // Evidence downloads byte for byte, and stays out of county B's reach.
  const auto attachment = "/api/v1/attachments/" + std::to_string(uploaded.json()["id"].get<long long>());
  auto download = p.county.get(attachment);
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, report_pdf);
  EXPECT_EQ(download.header("content-type"), "application/octet-stream");
  EXPECT_EQ(download.header("x-checksum-sha256"), uploaded.json()["sha256"]);
  EXPECT_EQ(p.other_county.get(attachment).status, 404);
  auto by_number = p.cert.get("/api/v1/attachments?number=" + t["number"].get<std::string>()).json();
  EXPECT_EQ(by_number["items"].size(), 1u);

  // The CERT may reopen, with a reason.
  EXPECT_EQ(p.cert.post(path + "/reopen", json::object()).status, 400);
  EXPECT_EQ(p.cert.post(path + "/reopen", {{"reason", "new evidence"}}).json()["state"], "cert_review");
}

TEST(IncidentFlow, PersonalDataLeakCannotCloseUntilDataSubjectsAreTold) {
  ServerProcess server;
  auto p = sign_in_all(server, demo::kSchoolB1, demo::kCountyB, "pingtung", demo::kCountyA, "kaohsiung");
  const auto now = iso_now(p.school);
  auto filed = p.school.post("/api/v1/incidents", mail_leak_report(now));
  ASSERT_EQ(filed.status, 201) << filed.body;
  auto t = filed.json();
  const std::string path = "/api/v1/incidents/" + std::to_string(t["id"].get<long long>());
  EXPECT_EQ(t["level"], 2);
  EXPECT_EQ(t["computed_level"], 3);
  EXPECT_TRUE(t["under_reported"].get<bool>());
  EXPECT_NE(t["assessment"]["confidentiality"]["rule"].get<std::string>().find("sensitive information"), std::string::npos);

  ASSERT_EQ(p.county.post(path + "/level", {{"level", 3}, {"reason", "個資外洩屬敏感資訊洩漏"}}).status, 200);
  ASSERT_EQ(p.school.put(path + "/response", full_response(iso_now(p.school))).status, 200);
  ASSERT_EQ(p.county.post(path + "/approve", json::object()).status, 200);
  ASSERT_EQ(p.school.request("POST", path + "/attachments?name=report.pdf&kind=investigation_report", "%PDF report").status, 201);

  auto refused = p.cert.post(path + "/close", json::object());
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "closing_requirements");
  EXPECT_EQ(refused.json()["error"]["field"], "data_subject_notification");
  EXPECT_EQ(p.cert.get(path).json()["state"], "cert_review") << "a refused close changes nothing";

  // An incomplete notification is refused, naming what it lacks.
  json notification = {{"notified_at", iso_now(p.school)},
                        {"channel", "e-mail and letter"},
                        {"people", 320},
                        {"content",
                         {{"what_happened", "An intruder read mailboxes between 1 and 3 November"},
                          {"data_involved", "names, student numbers, e-mail addresses"},
                          {"measures_taken", "passwords reset, two-factor sign-in enabled"},
                          {"contact_point", "it@school.example.edu.tw, 08-555-0001"}}}};
  auto incomplete = p.school.put(path + "/data-subject-notification", notification);
  EXPECT_EQ(incomplete.status, 400);
  EXPECT_EQ(incomplete.json()["error"]["field"], "content.remedies");
  notification["content"]["remedies"] = "request access, correction or deletion; complain to the ministry";
  ASSERT_EQ(p.school.put(path + "/data-subject-notification", notification).status, 200);

  auto closed = p.cert.post(path + "/close", json::object());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["data_subject_notification"]["people"], 320);
}

TEST(IncidentFlow, ReturnedForCorrectionGoesBackToTheUnit) {
  ServerProcess server;
  auto p = sign_in_all(server, demo::kSchoolA1, demo::kCountyA, "kaohsiung", demo::kCountyB, "pingtung");
  auto report = botnet_report(iso_now(p.school));
  report["chosen_level"] = 3;
  auto t = p.school.post("/api/v1/incidents", report).json();
  const std::string path = "/api/v1/incidents/" + std::to_string(t["id"].get<long long>());
  ASSERT_EQ(p.school.put(path + "/response", full_response(iso_now(p.school))).status, 200);
  EXPECT_EQ(p.county.post(path + "/return", json::object()).status, 400) << "a return needs a reason";
  auto returned = p.county.post(path + "/return", {{"reason", "請補充受影響主機清單"}});
  ASSERT_EQ(returned.status, 200);
  EXPECT_EQ(returned.json()["state"], "returned");
  EXPECT_EQ(p.school.get("/api/v1/incidents?mine=true").json()["items"][0]["state"], "returned");

  report["hosts"].push_back({{"ip", "198.51.100.8"}, {"hostname", "lab-pc-08"}, {"owner", "school"}});
  ASSERT_EQ(p.school.put(path + "/report", report).status, 200);
  auto refiled = p.school.post(path + "/submit", json::object());
  ASSERT_EQ(refiled.status, 200) << refiled.body;
  EXPECT_EQ(refiled.json()["state"], "responded") << "with its response on file it goes back to review";
  EXPECT_EQ(refiled.json()["number"], t["number"]) << "the number stays";
  EXPECT_EQ(refiled.json()["report"]["hosts"].size(), 2u);

  // The reviewer sees what the unit changed: the hosts before and after, nothing else.
  auto timeline = p.county.get(path + "/timeline").json();
  const auto& items = timeline["items"];
  auto edit = std::find_if(items.begin(), items.end(), [](const json& e) { return e["kind"] == "report_edited"; });
  ASSERT_NE(edit, items.end()) << timeline.dump();
  const auto changes = (*edit)["detail"]["changes"];
  ASSERT_EQ(changes.size(), 1u) << changes.dump();
  EXPECT_EQ(changes[0]["field"], "hosts");
  EXPECT_EQ(changes[0]["from"].get<std::string>().find("198.51.100.8"), std::string::npos);
  EXPECT_NE(changes[0]["to"].get<std::string>().find("198.51.100.8 · lab-pc-08"), std::string::npos) << changes.dump();
}

TEST(IncidentFlow, DraftsArePrivateAndBadReportsChangeNothing) {
  ServerProcess server;
  auto p = sign_in_all(server, demo::kSchoolA1, demo::kCountyA, "kaohsiung", demo::kCountyB, "pingtung");
  auto draft = p.school.post("/api/v1/incidents", {{"type", "INT"}, {"subcategory", "botnet"}, {"submit", false}});
  ASSERT_EQ(draft.status, 201) << draft.body;
  EXPECT_EQ(draft.json()["state"], "draft");
  EXPECT_TRUE(draft.json()["number"].is_null());
  const std::string path = "/api/v1/incidents/" + std::to_string(draft.json()["id"].get<long long>());
  EXPECT_EQ(p.county.get(path).status, 404);
  auto missing = p.school.post(path + "/submit", json::object());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json()["error"]["field"], "aware_at");

  auto bad = botnet_report(iso_now(p.school));
  bad["impact"]["availability"] = "quite bad";
  auto r = p.school.post("/api/v1/incidents", bad);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "impact.availability");
  bad = botnet_report(iso_now(p.school));
  bad["hosts"][0]["mac"] = "00:11:22:33:44:55";
  r = p.school.post("/api/v1/incidents", bad);
  EXPECT_EQ(r.json()["error"]["code"], "unknown_field");
  EXPECT_EQ(r.json()["error"]["field"], "hosts[0].mac");
  EXPECT_EQ(p.school.request("POST", "/api/v1/incidents", "{\"type\":").json()["error"]["code"], "malformed_json");
  EXPECT_EQ(p.school.get("/api/v1/incidents?mine=true").json()["total"], 1) << "only the draft exists";
  EXPECT_EQ(p.school.get("/api/v1/incidents?mine=true&state=reported").json()["total"], 0);
}

TEST(IncidentFlow, NumbersHaveNoGapsOrDuplicatesUnderConcurrentFiling) {
  ServerProcess server;
  constexpr int kThreads = 4, kEach = 8;
  std::vector<std::string> numbers[kThreads];
  const std::string token = [&] {
    auto c = server.client();
    return sign_in(c, demo::kSchoolA2, "teacher");
  }();
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto c = server.client();
      c.set_token(token);
      for (int k = 0; k < kEach; ++k) {
        auto r = c.post("/api/v1/incidents", botnet_report(iso_now(c)));
        if (r.status == 201) numbers[i].push_back(r.json()["number"].get<std::string>());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<int> serials;
  for (auto& list : numbers)
    for (auto& n : list) serials.insert(std::stoi(n.substr(n.rfind('-') + 1)));
  ASSERT_EQ(serials.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(*serials.begin(), 1);
  EXPECT_EQ(*serials.rbegin(), kThreads * kEach);
}

TEST(IncidentFlow, SupportRequestsWaitInTheQueueUntilTaken) {
  ServerProcess server;
  auto p = sign_in_all(server, demo::kSchoolA1, demo::kCountyA, "kaohsiung", demo::kCountyB, "pingtung");
  auto report = botnet_report(iso_now(p.school));
  report["support"] = {{"needed", true}, {"kinds", {"forensics", "onsite"}}, {"detail", "need help tracing the spread"}};
  auto t = p.school.post("/api/v1/incidents", report).json();
  const std::string path = "/api/v1/incidents/" + std::to_string(t["id"].get<long long>());
  EXPECT_EQ(p.county.get("/api/v1/support-requests").json()["total"], 1);
  EXPECT_EQ(p.cert.get("/api/v1/support-requests").json()["total"], 1);
  EXPECT_EQ(p.other_county.get("/api/v1/support-requests").json()["total"], 0);
  EXPECT_EQ(p.school.post(path + "/support/take", json::object()).status, 403);
  auto taken = p.cert.post(path + "/support/take", json::object());
  ASSERT_EQ(taken.status, 200) << taken.body;
  EXPECT_EQ(taken.json()["support"]["taken_by"], demo::kCert);
  EXPECT_EQ(p.county.get("/api/v1/support-requests").json()["total"], 0);
  EXPECT_EQ(p.county.post(path + "/support/take", json::object()).status, 409);

  // Taking on support is offered only while someone asked for it and nobody has taken it.
  auto actions = [&](HttpClient& c, const std::string& ticket) {
    std::set<std::string> out;
    const auto body = c.get(ticket).json();
    for (const auto& a : body["allowed_actions"]) out.insert(a.get<std::string>());
    return out;
  };
  EXPECT_EQ(actions(p.county, path).count("take_support"), 0u) << "already taken";
  auto plain = p.school.post("/api/v1/incidents", botnet_report(iso_now(p.school))).json();
  EXPECT_EQ(actions(p.county, "/api/v1/incidents/" + std::to_string(plain["id"].get<long long>())).count("take_support"), 0u)
      << "no support asked for";
  auto asked = p.school.post("/api/v1/incidents", report).json();
  EXPECT_EQ(actions(p.county, "/api/v1/incidents/" + std::to_string(asked["id"].get<long long>())).count("take_support"), 1u);
}

TEST(IncidentFlow, ListsFilterBySeveralStatesAtOnce) {
  ServerProcess server;
  auto p = sign_in_all(server, demo::kSchoolA1, demo::kCountyA, "kaohsiung", demo::kCountyB, "pingtung");
  auto a = p.school.post("/api/v1/incidents", botnet_report(iso_now(p.school))).json();
  ASSERT_EQ(p.school.post("/api/v1/incidents", botnet_report(iso_now(p.school))).status, 201);
  ASSERT_EQ(p.school.put("/api/v1/incidents/" + std::to_string(a["id"].get<long long>()) + "/response",
                         full_response(iso_now(p.school))).status, 200);
  EXPECT_EQ(p.county.get("/api/v1/incidents?state=reported").json()["total"], 1);
  EXPECT_EQ(p.county.get("/api/v1/incidents?state=responded").json()["total"], 1);
  EXPECT_EQ(p.county.get("/api/v1/incidents?state=reported,responded").json()["total"], 2);
  auto bad = p.county.get("/api/v1/incidents?state=reported,lost");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "state");
  EXPECT_EQ(p.county.get("/api/v1/incidents?state=draft,reported").status, 400) << "drafts are their unit's own";
}

TEST(IncidentFlow, DrillsAreCountedApart) {
  ServerProcess server;
  auto p = sign_in_all(server, demo::kSchoolA1, demo::kCountyA, "kaohsiung", demo::kCountyB, "pingtung");
  auto drill = botnet_report(iso_now(p.school));
  drill["drill"] = true;
  ASSERT_EQ(p.school.post("/api/v1/incidents", drill).status, 201);
  ASSERT_EQ(p.school.post("/api/v1/incidents", botnet_report(iso_now(p.school))).status, 201);
  EXPECT_EQ(p.county.get("/api/v1/incidents?drill=true").json()["total"], 1);
  EXPECT_EQ(p.county.get("/api/v1/incidents?drill=false").json()["total"], 1);
  EXPECT_EQ(p.county.get("/api/v1/incidents").json()["total"], 2);
}

TEST(IncidentFlow, ExportsTheFilteredListAsCsvForExcel) {
  ServerProcess server;
  auto p = sign_in_all(server, demo::kSchoolA1, demo::kCountyA, "kaohsiung", demo::kCountyB, "pingtung");
  auto first = p.school.post("/api/v1/incidents", botnet_report(iso_now(p.school))).json();
  auto drill = botnet_report(iso_now(p.school));
  drill["drill"] = true;
  ASSERT_EQ(p.school.post("/api/v1/incidents", drill).status, 201);

  auto csv = p.county.get("/api/v1/incidents/export?drill=false");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF") << "Excel needs the BOM to read UTF-8";
  std::vector<std::string> lines;
  std::istringstream in(csv.body.substr(3));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 2u) << csv.body;
  EXPECT_EQ(lines[0].rfind("number,unit_oid,", 0), 0u);
  EXPECT_EQ(lines[1].rfind(first["number"].get<std::string>() + "," + demo::kSchoolA1, 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find("高雄"), std::string::npos) << "the unit's name, in UTF-8";

  // The other county sees nothing of it; bad filters are refused as in the list.
  auto other = p.other_county.get("/api/v1/incidents/export").body;
  EXPECT_EQ(std::count(other.begin(), other.end(), '\n'), 1) << "the header only";
  EXPECT_EQ(p.county.get("/api/v1/incidents/export?level=9").status, 400);
}

// For people opening the file in Excel: headers in their language, names beside the codes, times
// in Taipei as the application shows them; for programs (no lang) the codes and UTC stay.
TEST(IncidentFlow, ExportsForPeopleInTheChosenLanguageWithNamesAndTaipeiTimes) {
  ServerProcess server;
  auto p = sign_in_all(server, demo::kSchoolA1, demo::kCountyA, "kaohsiung", demo::kCountyB, "pingtung");
  auto report = botnet_report("2026-11-30T17:30:00Z");  // 01:30 on 1 December in Taipei
  auto filed = p.school.post("/api/v1/incidents", report);
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto number = filed.json()["number"].get<std::string>();
  auto lines_of = [](const std::string& body) {
    std::vector<std::string> lines;
    std::istringstream in(body.substr(3));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  };

  auto zh = p.county.get("/api/v1/incidents/export?lang=zh-TW");
  ASSERT_EQ(zh.status, 200) << zh.body;
  auto lines = lines_of(zh.body);
  ASSERT_EQ(lines.size(), 2u) << zh.body;
  EXPECT_EQ(lines[0].rfind("單號,單位名稱,單位 OID,", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("知悉時間（臺北）"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[1].rfind(number + ",高雄", 0), 0u) << "the unit's name right after the number: " << lines[1];
  EXPECT_NE(lines[1].find(",入侵攻擊（INT）,INT,殭屍電腦(BOT),botnet,已通報,reported,否,"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(",2026/12/01 01:30:00,"), std::string::npos) << "awareness in Taipei time: " << lines[1];
  EXPECT_NE(zh.header("content-disposition").find("tickets-20"), std::string::npos) << zh.header("content-disposition");

  auto en = p.county.get("/api/v1/incidents/export?lang=en");
  ASSERT_EQ(en.status, 200) << en.body;
  lines = lines_of(en.body);
  ASSERT_EQ(lines.size(), 2u) << en.body;
  EXPECT_EQ(lines[0].rfind("Ticket number,Unit,Unit OID,", 0), 0u) << lines[0];
  EXPECT_NE(lines[1].find(",Intrusion (INT),INT,Botnet member (BOT),botnet,Reported,reported,No,"), std::string::npos)
      << lines[1];

  // Programs keep the codes and UTC; a language the platform does not speak is refused.
  auto codes = lines_of(p.county.get("/api/v1/incidents/export").body);
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[0].rfind("number,unit_oid,", 0), 0u);
  EXPECT_NE(codes[1].find(",2026-11-30T17:30:00Z,"), std::string::npos) << codes[1];
  auto bad = p.county.get("/api/v1/incidents/export?lang=fr");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "lang");
}

TEST(IncidentFlow, ListItemsCarryTheirNextDeadlineAndTheLateOnesCanBeAskedFor) {
  ServerProcess server;
  auto p = sign_in_all(server, demo::kSchoolA1, demo::kCountyA, "kaohsiung", demo::kCountyB, "pingtung");
  auto first = p.school.post("/api/v1/incidents", botnet_report(iso_now(p.school))).json();
  auto item = p.county.get("/api/v1/incidents").json()["items"][0];
  ASSERT_EQ(item["id"], first["id"]);
  EXPECT_EQ(item["late"], false);
  EXPECT_EQ(item["next_deadline"]["key"], "review") << "the report is in; the centre's review is next";
  EXPECT_EQ(item["next_deadline"]["state"], "pending");
  EXPECT_GT(item["next_deadline"]["remaining_seconds"].get<long long>(), 0);

  // Nine hours on (level 2: review within eight), a second ticket filed on time.
  ASSERT_EQ(server.client().post("/api/v1/_test/clock", {{"advance_seconds", 9 * 3600}}).status, 200);
  ASSERT_EQ(p.school.post("/api/v1/incidents", botnet_report(iso_now(p.school))).status, 201);
  auto all = p.county.get("/api/v1/incidents").json();
  EXPECT_EQ(all["total"], 2);
  auto late = p.county.get("/api/v1/incidents?late=true").json();
  ASSERT_EQ(late["total"], 1);
  EXPECT_EQ(late["items"][0]["id"], first["id"]);
  EXPECT_EQ(late["items"][0]["late"], true);
  EXPECT_EQ(late["items"][0]["next_deadline"]["state"], "overdue");
  EXPECT_GE(late["items"][0]["next_deadline"]["late_by_seconds"].get<long long>(), 3600);
  EXPECT_EQ(p.county.get("/api/v1/incidents?late=true&limit=1&offset=1").json()["items"].size(), 0u);
  EXPECT_EQ(p.county.get("/api/v1/incidents?overdue=true").json()["total"], 1);

  // Reviewed late: still late, but nothing is overdue any more, so it leaves the follow-up queue.
  ASSERT_EQ(p.county.post("/api/v1/incidents/" + std::to_string(first["id"].get<long long>()) + "/level",
                          {{"level", 3}, {"reason", "core service down"}}).status, 200);
  EXPECT_EQ(p.county.get("/api/v1/incidents?late=true").json()["total"], 1);
  EXPECT_EQ(p.county.get("/api/v1/incidents?overdue=true").json()["total"], 0);
  EXPECT_EQ(p.county.get("/api/v1/incidents?late=maybe").status, 400);
}

TEST(IncidentFlow, GuidedLevelExplainsBeforeFiling) {
  ServerProcess server;
  auto c = server.client();
  c.set_token(sign_in(c, demo::kSchoolA1, "teacher"));
  auto r = c.post("/api/v1/incidents/level-assessment", {{"integrity", "core_serious"}, {"availability", "non_core_in_time"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["level"], 3);
  EXPECT_EQ(r.json()["deciding"], "integrity");
  EXPECT_EQ(r.json()["availability"]["level"], 1);
}
