// Improvement items over HTTP: a school's corrective action after an incident followed through
// progress with evidence to the centre's verification; a decision that sends it back; weekly
// reminders to the owner, and once overdue to its centre; and what nobody may do.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "core/improvement.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr long long kDay = 86'400'000;

HttpClient signed_in(ServerProcess& server, const char* oid, const char* account) {
  auto c = server.client();
  c.set_token(sign_in(c, oid, account));
  return c;
}

// The Taipei date `days` from the server's now.
std::string date_in(HttpClient& c, long long days) {
  const auto now = *tongbao::core::parse_iso8601(now_of(c));
  return tongbao::core::taipei_date(now + days * kDay);
}

json item(const std::string& planned_on, json source, const std::string& severity = "major") {
  return {{"source", std::move(source)},
          {"category", "to_improve"},
          {"severity", severity},
          {"finding", "電腦教室主機未定期更新，遭植入殭屍程式"},
          {"measure", "建立每月更新檢查表，並由資訊組長覆核"},
          {"owner_person", "黃美玲"},
          {"planned_on", planned_on}};
}

long long file_incident(HttpClient& school) {
  auto r = school.post("/api/v1/incidents", botnet_report(now_of(school)));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()["id"].get<long long>();
}

void advance(HttpClient& c, long long seconds) {
  ASSERT_EQ(c.post("/api/v1/_test/clock", {{"advance_seconds", seconds}}).status, 200);
}

std::vector<std::string> actions_of(const json& detail) {
  std::vector<std::string> out;
  for (const auto& h : detail["history"]) out.push_back(h["action"]);
  return out;
}

// Mails of one kind in the outbox (the CERT reads it), waiting up to ten seconds for `n`.
int outbox_count(HttpClient& cert, const std::string& kind, int n = 0) {
  auto count = [&] {
    int found = 0;
    const auto outbox = cert.get("/api/v1/outbox?limit=500").json();
    for (const auto& m : outbox["items"]) found += m["kind"] == kind;
    return found;
  };
  int found = count();
  for (int tries = 0; tries < 50 && found < n; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    found = count();
  }
  return found;
}

// Who received each mail of these kinds (the first recipient), once all of them have arrived.
std::map<std::string, std::string> recipients_by_kind(const SmtpServer& smtp, const std::set<std::string>& kinds) {
  std::map<std::string, std::string> to;
  for (int tries = 0; tries < 75; ++tries) {
    to.clear();
    for (const auto& m : smtp.messages())
      if (kinds.count(m["kind"].get<std::string>())) to.emplace(m["kind"].get<std::string>(), m["to"][0].get<std::string>());
    if (to.size() == kinds.size()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return to;
}

}  // namespace

TEST(ImprovementFlow, AnItemFromAnIncidentIsFollowedWithEvidenceToTheCentresVerification) {
  SmtpServer smtp;
  ServerProcess server({.extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}});
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  const auto ticket = file_incident(school);
  const auto planned = date_in(school, 30);
  auto made = school.post("/api/v1/improvements", item(planned, {{"kind", "incident"}, {"incident_id", ticket}}));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto created = made.json();
  const auto id = std::to_string(created["id"].get<long long>());
  EXPECT_EQ(created["status"], "planned");
  EXPECT_EQ(created["owner"]["oid"], demo::kSchoolA1);
  EXPECT_EQ(created["source"]["incident_id"], ticket);
  EXPECT_NE(created["source"]["reference"].get<std::string>().find("-INT-"), std::string::npos)
      << "the ticket's number, for the register";
  EXPECT_TRUE(created["may"]["progress"].get<bool>());
  EXPECT_FALSE(created["may"]["decide"].get<bool>());
  EXPECT_FALSE(created["next_reminder_at"].is_null());

  // The county sees it among its schools' open items; the ticket's items can be asked for.
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto open = county.get("/api/v1/improvements?status=open&unit=" + std::string(demo::kSchoolA1)).json();
  EXPECT_EQ(open["total"], 1);
  EXPECT_EQ(county.get("/api/v1/improvements?incident_id=" + std::to_string(ticket)).json()["total"], 1);
  EXPECT_EQ(county.get("/api/v1/improvements?status=verified").json()["total"], 0);

  // A deficiency is not done without evidence.
  auto too_soon = school.post("/api/v1/improvements/" + id + "/done", json::object());
  EXPECT_EQ(too_soon.status, 400) << too_soon.body;
  EXPECT_EQ(too_soon.json()["error"]["code"], "evidence_required");

  // Ten days on, progress with a photo of the checklist.
  advance(school, 10 * 86400);
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto progressed = school.post("/api/v1/improvements/" + id + "/progress", {{"note", "已完成 40 台主機更新，檢查表如附件"}});
  ASSERT_EQ(progressed.status, 201) << progressed.body;
  EXPECT_EQ(progressed.json()["status"], "in_progress");
  const auto update = std::to_string(progressed.json()["update_id"].get<long long>());
  const std::string photo = "\x89PNG\r\n\x1a\n checklist photo bytes";
  auto up = school.request("POST", "/api/v1/improvements/" + id + "/evidence?update=" + update +
                                       "&name=%E6%AA%A2%E6%9F%A5%E8%A1%A8.png",
                           photo, {}, "image/png");
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json()["file_name"], "檢查表.png");
  EXPECT_EQ(up.json()["size_bytes"], photo.size());
  auto got = county.get(up.json()["download"].get<std::string>());
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, photo) << "the centre downloads exactly what the school sent";

  // Only the owner marks it done; the school cannot verify its own.
  EXPECT_EQ(county.post("/api/v1/improvements/" + id + "/done", json::object()).status, 403);
  auto done = school.post("/api/v1/improvements/" + id + "/done", {{"note", "全部主機已納入每月更新"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["status"], "done");
  EXPECT_EQ(done.json()["completed_on"], date_in(school, 0));
  EXPECT_TRUE(done.json()["next_reminder_at"].is_null()) << "no reminders while it awaits verification";
  EXPECT_EQ(school.post("/api/v1/improvements/" + id + "/decision", {{"decision", "verify"}}).status, 403);
  EXPECT_EQ(school.patch("/api/v1/improvements/" + id, {{"measure", "x"}}).status, 409) << "done items are not edited";
  auto region = signed_in(server, demo::kRegion, "south");
  EXPECT_EQ(region.post("/api/v1/improvements/" + id + "/decision", {{"decision", "verify"}}).status, 403)
      << "the region reads its schools' items but the county verifies them";

  auto verified = county.post("/api/v1/improvements/" + id + "/decision", {{"decision", "verify"}, {"reason", "佐證充分"}});
  ASSERT_EQ(verified.status, 200) << verified.body;
  const auto final_state = verified.json();
  EXPECT_EQ(final_state["status"], "verified");
  EXPECT_TRUE(final_state["decision"]["verified"].get<bool>());
  EXPECT_EQ(actions_of(final_state), (std::vector<std::string>{"created", "progress", "done", "verified"}));
  ASSERT_EQ(final_state["evidence"].size(), 1u);
  EXPECT_EQ(final_state["evidence"][0]["update_id"].dump(), update);
  EXPECT_EQ(county.post("/api/v1/improvements/" + id + "/decision", {{"decision", "not_accept"}, {"reason", "x"}}).status, 409);

  // Every step is in the audit trail, and the verifier and the owner were told.
  auto cert = signed_in(server, demo::kCert, "cert");
  auto audit = cert.get("/api/v1/audit?entity=improvement&entity_id=" + id).json();
  std::multiset<std::string> logged;
  for (const auto& e : audit["items"]) logged.insert(e["action"].get<std::string>());
  EXPECT_EQ(logged, (std::multiset<std::string>{"improvement.create", "improvement.progress", "improvement.evidence",
                                                "improvement.done", "improvement.verify"}))
      << audit.dump();
  auto to = recipients_by_kind(smtp, {"improvement_done", "improvement_verified"});
  EXPECT_EQ(to["improvement_done"], "kaohsiung.3@demo.tongbao.test");
  EXPECT_EQ(to["improvement_verified"], "teacher.5@demo.tongbao.test");
}

TEST(ImprovementFlow, ANotAcceptedDecisionSendsTheItemBackToTheSchool) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  // The county opens an audit finding for its school; the audit was the region's.
  auto made = county.post("/api/v1/improvements", [&] {
    auto body = item(date_in(county, 14),
                     {{"kind", "audit"}, {"audit_date", "2023-12-21"}, {"auditor_unit_oid", demo::kRegion}, {"reference", "7.6"}},
                     "observation");
    body["owner_oid"] = demo::kSchoolA1;
    return body;
  }());
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = std::to_string(made.json()["id"].get<long long>());
  EXPECT_EQ(made.json()["source"]["auditor_unit"]["oid"], demo::kRegion);
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  ASSERT_EQ(school.post("/api/v1/improvements/" + id + "/done", {{"note", "已調整郵件過濾規則"}}).status, 200)
      << "an observation needs no file";

  // Not accepted needs a reason; then the school works on it again.
  auto region = signed_in(server, demo::kRegion, "south");
  EXPECT_EQ(region.post("/api/v1/improvements/" + id + "/decision", {{"decision", "not_accept"}}).status, 400);
  auto back = region.post("/api/v1/improvements/" + id + "/decision",
                          {{"decision", "not_accept"}, {"reason", "缺少定期檢討紀錄"}});
  ASSERT_EQ(back.status, 200) << back.body << " — the auditing region verifies its own finding";
  EXPECT_EQ(back.json()["status"], "not_accepted");
  EXPECT_EQ(back.json()["decision"]["reason"], "缺少定期檢討紀錄");
  EXPECT_TRUE(back.json()["completed_on"].is_null());
  EXPECT_FALSE(back.json()["next_reminder_at"].is_null()) << "reminders start again";
  EXPECT_EQ(county.get("/api/v1/improvements?status=not_accepted").json()["total"], 1);

  auto again = school.post("/api/v1/improvements/" + id + "/progress", {{"note", "已建立每季檢討紀錄"}});
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(again.json()["status"], "in_progress");
  ASSERT_EQ(school.post("/api/v1/improvements/" + id + "/done", json::object()).status, 200);
  auto yes = county.post("/api/v1/improvements/" + id + "/decision", {{"decision", "verify"}});
  ASSERT_EQ(yes.status, 200) << yes.body << " — the parent verifies as well";
  EXPECT_EQ(actions_of(yes.json()),
            (std::vector<std::string>{"created", "done", "not_accepted", "progress", "done", "verified"}));
  auto summary = county.get("/api/v1/improvements/summary").json();
  EXPECT_EQ(summary["by_status"]["verified"], 1);
  EXPECT_EQ(summary["open"], 0);
}

TEST(ImprovementFlow, OpenItemsRemindTheOwnerWeeklyAndTheCentreOnceOverdue) {
  SmtpServer smtp;
  ServerProcess server({.extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}});
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  auto cert = signed_in(server, demo::kCert, "cert");
  auto made = school.post("/api/v1/improvements", item(date_in(school, 10), {{"kind", "drill"}, {"reference", "115 年社交工程演練"}},
                                                       "recommendation"));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = std::to_string(made.json()["id"].get<long long>());
  auto resign = [&] {
    school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
    cert.set_token(sign_in(cert, demo::kCert, "cert"));
  };
  EXPECT_EQ(outbox_count(cert, "improvement_due_soon"), 0);

  // Four days on: a week before the planned date, the owner is reminded, the centre not yet.
  advance(cert, 4 * 86400 + 3600);
  resign();
  EXPECT_EQ(outbox_count(cert, "improvement_due_soon", 1), 1);
  EXPECT_EQ(outbox_count(cert, "improvement_overdue_unit"), 0);
  auto first = smtp.wait_for(1);
  ASSERT_GE(first.size(), 1u);
  EXPECT_EQ(first[0]["kind"], "improvement_due_soon");
  EXPECT_EQ(first[0]["to"][0], "teacher.5@demo.tongbao.test");

  // A week later it is overdue: the owner and its centre are told, and the list says so.
  advance(cert, 7 * 86400);
  resign();
  EXPECT_EQ(outbox_count(cert, "improvement_overdue", 1), 1);
  EXPECT_EQ(outbox_count(cert, "improvement_overdue_unit", 1), 1);
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto overdue = county.get("/api/v1/improvements?overdue=true").json();
  ASSERT_EQ(overdue["total"], 1);
  EXPECT_GE(overdue["items"][0]["days_overdue"].get<long long>(), 1);
  EXPECT_EQ(county.get("/api/v1/improvements/summary").json()["overdue"], 1);
  std::set<std::string> centre_mail;
  for (const auto& m : smtp.wait_for(3))
    if (m["kind"] == "improvement_overdue_unit") centre_mail.insert(m["to"][0].get<std::string>());
  EXPECT_EQ(centre_mail, (std::set<std::string>{"kaohsiung.3@demo.tongbao.test"}));

  // Nothing more within the week; the next week both again.
  advance(cert, 3 * 86400);
  resign();
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_EQ(outbox_count(cert, "improvement_overdue"), 1);
  advance(cert, 4 * 86400);
  resign();
  EXPECT_EQ(outbox_count(cert, "improvement_overdue", 2), 2);
  EXPECT_EQ(outbox_count(cert, "improvement_overdue_unit", 2), 2);

  // Once it moves to done, the reminders stop.
  ASSERT_EQ(school.post("/api/v1/improvements/" + id + "/done", {{"note", "已完成"}}).status, 200);
  advance(cert, 14 * 86400);
  resign();
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_EQ(outbox_count(cert, "improvement_overdue"), 2);
  EXPECT_EQ(outbox_count(cert, "improvement_overdue_unit"), 2);
}

TEST(ImprovementFlow, NobodyReachesOutsideTheirPlaceAndBadInputChangesNothing) {
  ServerProcess server;
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  auto made = school.post("/api/v1/improvements", item(date_in(school, 30), {{"kind", "drill"}, {"reference", "演練"}}));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = std::to_string(made.json()["id"].get<long long>());
  const auto path = "/api/v1/improvements/" + id;

  // The other county's school and centre, and a sibling school, neither see nor change it.
  for (auto [oid, account] : {std::pair{demo::kSchoolB1, "teacher"}, std::pair{demo::kCountyB, "pingtung"},
                              std::pair{demo::kSchoolA2, "teacher"}}) {
    auto outsider = signed_in(server, oid, account);
    EXPECT_EQ(outsider.get(path).status, 404) << oid;
    EXPECT_EQ(outsider.patch(path, {{"measure", "改掉"}}).status, 404) << oid;
    EXPECT_EQ(outsider.post(path + "/progress", {{"note", "x"}}).status, 404) << oid;
    EXPECT_EQ(outsider.post(path + "/decision", {{"decision", "verify"}}).status, 404) << oid;
    EXPECT_EQ(outsider.request("POST", path + "/evidence?name=a.txt", "abc", {}, "text/plain").status, 404) << oid;
    EXPECT_EQ(outsider.get("/api/v1/improvements").json()["total"], 0) << oid;
    EXPECT_EQ(outsider.get("/api/v1/improvements?unit=" + std::string(demo::kSchoolA1)).status, 400) << oid;
  }
  auto other_county = signed_in(server, demo::kCountyB, "pingtung");
  auto foreign = item(date_in(school, 30), {{"kind", "drill"}, {"reference", "演練"}});
  foreign["owner_oid"] = demo::kSchoolA1;
  auto refused = other_county.post("/api/v1/improvements", foreign);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.json()["error"]["field"], "owner_oid");
  auto upward = item(date_in(school, 30), {{"kind", "drill"}, {"reference", "演練"}});
  upward["owner_oid"] = demo::kCountyA;
  EXPECT_EQ(school.post("/api/v1/improvements", upward).status, 400) << "a school opens nothing for its centre";
  auto sideways = item(date_in(school, 30), {{"kind", "audit"}, {"audit_date", "2026-01-10"}, {"auditor_unit_oid", demo::kSchoolA2}});
  auto r = school.post("/api/v1/improvements", sideways);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "source.auditor_unit_oid") << "an auditor must stand above the owner";
  auto other_ticket = signed_in(server, demo::kSchoolB1, "teacher");
  const auto foreign_ticket = file_incident(other_ticket);
  r = school.post("/api/v1/improvements", item(date_in(school, 30), {{"kind", "incident"}, {"incident_id", foreign_ticket}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "source.incident_id");

  // Bad input: 400 in the one error shape, naming the field, and nothing stored.
  auto bad = [&](json body, const std::string& field) {
    auto answer = school.post("/api/v1/improvements", body);
    EXPECT_EQ(answer.status, 400) << body.dump().substr(0, 200) << " -> " << answer.body;
    const auto e = answer.json()["error"];
    EXPECT_TRUE(e.contains("code") && e.contains("message") && e.contains("field")) << answer.body;
    EXPECT_EQ(e["field"], field) << answer.body;
  };
  const auto good = item(date_in(school, 30), {{"kind", "drill"}, {"reference", "演練"}});
  auto with = [&](const std::string& key, json value) {
    auto b = good;
    b[key] = std::move(value);
    return b;
  };
  bad(with("finding", std::string(4001, 'x')), "finding");
  std::string wide;
  for (int i = 0; i < 4001; ++i) wide += "改";
  bad(with("finding", wide), "finding");  // characters are counted, not bytes
  bad(with("finding", "  "), "finding");
  bad(with("measure", std::string(4001, 'x')), "measure");
  bad(with("planned_on", "2026-02-30"), "planned_on");
  bad(with("planned_on", "next week"), "planned_on");
  bad(with("category", "whatever"), "category");
  bad(with("severity", "catastrophic"), "severity");
  bad(with("colour", "red"), "colour");
  bad(with("source", {{"kind", "rumour"}}), "source.kind");
  bad(with("source", {{"kind", "audit"}}), "source.audit_date");
  bad(with("source", {{"kind", "drill"}, {"reference", std::string(201, 'x')}}), "source.reference");
  auto malformed = school.request("POST", "/api/v1/improvements", "{\"finding\": ");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(school.post(path + "/progress", {{"note", std::string(4001, 'x')}}).status, 400);
  EXPECT_EQ(school.post(path + "/progress", {{"note", ""}}).status, 400);
  EXPECT_EQ(school.post(path + "/done", {{"completed_on", date_in(school, 2)}}).status, 400) << "not in the future";
  EXPECT_EQ(school.patch(path, {{"planned_on", "2026-13-01"}}).status, 400);
  EXPECT_EQ(school.get("/api/v1/improvements?status=lost").status, 400);
  EXPECT_EQ(school.get("/api/v1/improvements?limit=100000").status, 400);
  // A file larger than the limit is refused before it is stored, an empty one too.
  const std::string big(20 * 1024 * 1024 + 1, 'x');
  auto huge = school.request("POST", path + "/evidence?name=big.bin", big, {}, "application/octet-stream");
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(huge.json()["error"]["code"], "file_too_large");
  EXPECT_EQ(school.request("POST", path + "/evidence?name=empty.txt", "", {}, "text/plain").status, 400);
  EXPECT_EQ(school.request("POST", path + "/evidence?name=a.txt&update=99999", "abc", {}, "text/plain").status, 400);

  const auto after = school.get(path).json();
  EXPECT_EQ(after["status"], "planned");
  EXPECT_TRUE(after["evidence"].empty());
  EXPECT_EQ(actions_of(after), (std::vector<std::string>{"created"}));
  EXPECT_EQ(school.get("/api/v1/improvements").json()["total"], 1) << "nothing else was stored";
}

TEST(ImprovementFlow, TheCentreSeesWhichUnitsHaveTheMostOverdueMainDeficiencies) {
  ServerProcess server;
  auto a1 = signed_in(server, demo::kSchoolA1, "teacher");
  auto a2 = signed_in(server, demo::kSchoolA2, "teacher");
  const json drill = {{"kind", "drill"}, {"reference", "115 年社交工程演練"}};
  // Two main deficiencies at one school, one at the other, and a recommendation that counts for nothing.
  for (int i = 0; i < 2; ++i) ASSERT_EQ(a1.post("/api/v1/improvements", item(date_in(a1, 2), drill)).status, 201);
  ASSERT_EQ(a2.post("/api/v1/improvements", item(date_in(a2, 2), drill)).status, 201);
  ASSERT_EQ(a2.post("/api/v1/improvements", item(date_in(a2, 2), drill, "recommendation")).status, 201);
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  EXPECT_TRUE(county.get("/api/v1/improvements/summary").json()["most_overdue_major"].empty()) << "none due yet";

  advance(county, 4 * 86400);
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  const auto worst = county.get("/api/v1/improvements/summary").json()["most_overdue_major"];
  ASSERT_EQ(worst.size(), 2u) << worst.dump();
  EXPECT_EQ(worst[0]["unit"]["oid"], demo::kSchoolA1);
  EXPECT_EQ(worst[0]["overdue_major"], 2);
  EXPECT_EQ(worst[1]["overdue_major"], 1);
  auto other = signed_in(server, demo::kCountyB, "pingtung");
  EXPECT_TRUE(other.get("/api/v1/improvements/summary").json()["most_overdue_major"].empty()) << "another county's schools";
  // The monthly report says the same.
  const auto month = now_of(county).substr(0, 7);
  auto report = county.get("/api/v1/reports/monthly?month=" + month);
  ASSERT_EQ(report.status, 200) << report.body.substr(0, 300);
  EXPECT_NE(report.body.find("<dt>逾期</dt><dd>4</dd>"), std::string::npos);
  EXPECT_NE(report.body.find(worst[0]["unit"]["name"].get<std::string>() + "</th><td>2</td>"), std::string::npos);
}
