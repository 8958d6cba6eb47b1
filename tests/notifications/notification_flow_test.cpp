// Messages over time, with a real SMTP server on loopback and the test clock.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr int kHour = 3600;

// Without the daily audit digest, so the mail counted here is the tickets' alone (the digest is
// tested in tests/security/audit_anchor_test.cpp).
ServerFlags with_smtp(const SmtpServer& smtp) {
  return {.demo = true, .test_clock = true, .extra = {"--smtp-port", std::to_string(smtp.port()), "--mail-from", "tongbao@cert.example.edu.tw", "--audit-digest-hours", "0"}};
}

// A level 2 report whose answers give level 2: the unit and its centre hear of it, not the CERT.
json level_two_report(const std::string& aware_at) {
  auto report = botnet_report(aware_at);
  report["impact"]["availability"] = "non_core_late";
  return report;
}

// (kind, recipient) in order of arrival.
std::vector<std::pair<std::string, std::string>> sequence(const std::vector<json>& messages) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& m : messages) out.emplace_back(m["kind"].get<std::string>(), m["to"][0].get<std::string>());
  return out;
}

// Moves the clock forward and waits until the mail count settles at `expected`.
std::vector<json> advance(HttpClient& c, const SmtpServer& smtp, int seconds, size_t expected) {
  EXPECT_EQ(c.post("/api/v1/_test/clock", {{"advance_seconds", seconds}}).status, 200);
  auto got = smtp.wait_for(expected);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));  // nothing more may follow
  return smtp.messages();
}

std::vector<std::pair<std::string, std::string>> run_five_days(int chosen_level, const char* availability) {
  SmtpServer smtp;
  ServerProcess server(with_smtp(smtp));
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto report = botnet_report(now_of(school));
  report["chosen_level"] = chosen_level;
  report["impact"]["availability"] = availability;
  auto filed = school.post("/api/v1/incidents", report);
  EXPECT_EQ(filed.status, 201) << filed.body;
  EXPECT_EQ(filed.json()["level"], chosen_level);
  size_t expected = chosen_level >= 3 ? 3 : 2;  // levels 3-4 reach the CERT at once
  auto got = smtp.wait_for(expected);
  EXPECT_EQ(got.size(), expected);
  // Reminders fall on a grid: 1 h after opening, then every 12 h. Step onto each point in turn.
  int elapsed = 0;
  for (int at = 1 * kHour; at <= 120 * kHour; at += 12 * kHour) {
    got = advance(school, smtp, at - elapsed, ++expected);
    elapsed = at;
    EXPECT_EQ(got.size(), expected) << "after " << at / kHour << " h";
  }
  got = advance(school, smtp, 120 * kHour - elapsed, expected);
  EXPECT_EQ(got.size(), expected) << "nothing more within five days";
  // Every message names the ticket and links to it.
  const auto number = filed.json()["number"].get<std::string>();
  for (const auto& m : got) {
    EXPECT_NE(m["subject"].get<std::string>().find(number), std::string::npos) << m.dump();
    EXPECT_NE(m["body"].get<std::string>().find("/incidents/"), std::string::npos);
  }
  // The ticket's timeline lists each message for its centre: to whom and when (a new session:
  // five days have passed). The school reads its history, not the delivery details of each mail.
  const auto timeline_path = "/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>()) + "/timeline";
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto timeline = county.get(timeline_path).json();
  EXPECT_EQ(timeline["messages"].size(), got.size());
  for (const auto& m : timeline["messages"]) EXPECT_EQ(m["state"], "sent");
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto seen_by_school = school.get(timeline_path).json();
  EXPECT_TRUE(seen_by_school["messages"].empty());
  EXPECT_EQ(seen_by_school["items"][0]["actor_name"], "黃美玲，高雄市立港都國民中學") << "people by name, not oid/account";
  return sequence(got);
}

const std::string kTeacher = "teacher.5@demo.tongbao.test";
const std::string kCounty = "kaohsiung.3@demo.tongbao.test";

}  // namespace

TEST(NotificationFlow, LevelTwoOverFiveDays) {
  auto got = run_five_days(2, "non_core_late");
  std::vector<std::pair<std::string, std::string>> want = {{"new_incident", kTeacher}, {"new_incident", kCounty}};
  for (int h : {1, 13, 25, 37, 49, 61}) want.emplace_back("reminder", kTeacher);  // recovery limit: 72 h
  for (int h : {73, 85, 97, 109}) want.emplace_back("overdue", kTeacher);
  EXPECT_EQ(got, want);
}

TEST(NotificationFlow, LevelThreeOverFiveDays) {
  auto got = run_five_days(3, "core_late");
  std::vector<std::pair<std::string, std::string>> want = {
      {"new_incident", kTeacher}, {"new_incident", kCounty}, {"new_incident", "cert.1@demo.tongbao.test"}};
  for (int h : {1, 13, 25}) want.emplace_back("reminder", kTeacher);  // recovery limit: 36 h
  for (int h : {37, 49, 61, 73, 85, 97, 109}) want.emplace_back("overdue", kTeacher);
  EXPECT_EQ(got, want);
}

TEST(NotificationFlow, ReviewStepsNotifyTheRightPeopleAndRemindersStopOnceResponded) {
  SmtpServer smtp;
  ServerProcess server(with_smtp(smtp));
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto t = school.post("/api/v1/incidents", level_two_report(now_of(school))).json();
  const std::string path = "/api/v1/incidents/" + std::to_string(t["id"].get<long long>());
  smtp.wait_for(2);
  ASSERT_EQ(county.post(path + "/level", {{"level", 3}, {"reason", "核心業務中斷"}}).status, 200);
  ASSERT_EQ(school.put(path + "/response", full_response(now_of(school))).status, 200);
  ASSERT_EQ(county.post(path + "/approve", json::object()).status, 200);
  auto got = smtp.wait_for(7);
  // Raised to level 3: the CERT hears of it at once.
  std::vector<std::pair<std::string, std::string>> want = {
      {"new_incident", kTeacher},  {"new_incident", kCounty},
      {"review_result", kTeacher}, {"review_result", "cert.1@demo.tongbao.test"},
      {"review_pending", kCounty}, {"review_pending", "cert.1@demo.tongbao.test"}, {"review_result", kTeacher}};
  EXPECT_EQ(sequence(got), want);
  // Responded and resolved: the reminder job ends without a message.
  got = advance(school, smtp, 2 * kHour, 7);
  EXPECT_EQ(got.size(), 7u);
}

TEST(NotificationFlow, SmtpDownForAnHourThenBackLosesAndDuplicatesNothing) {
  SmtpServer smtp;
  ServerProcess server(with_smtp(smtp));
  smtp.stop();
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(school.post("/api/v1/incidents", level_two_report(now_of(school))).status, 201);
  // An hour of outage, in ten-minute steps: the two new-incident mails and the first reminder fail.
  for (int i = 0; i < 6; ++i) {
    school.post("/api/v1/_test/clock", {{"advance_seconds", 600}});
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }
  school.post("/api/v1/_test/clock", {{"advance_seconds", 60}});
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto pending = cert.get("/api/v1/outbox?state=pending").json()["items"];
  ASSERT_EQ(pending.size(), 3u) << pending.dump();
  EXPECT_GT(pending[0]["attempts"].get<int>(), 1);
  EXPECT_FALSE(pending[0]["last_error"].is_null());

  smtp.start();
  for (int i = 0; i < 3; ++i) advance(school, smtp, 600, 3);
  auto got = smtp.wait_for(3);
  std::set<std::string> ids;
  for (const auto& m : got) ids.insert(m["message_id"].get<std::string>());
  EXPECT_EQ(got.size(), 3u);
  EXPECT_EQ(ids.size(), 3u) << "every message arrives, none twice";
  EXPECT_TRUE(cert.get("/api/v1/outbox?state=pending").json()["items"].empty());
}

TEST(NotificationFlow, KilledDuringDeliveryThenRestartedDeliversEachMessageOnce) {
  SmtpServer smtp;
  ServerProcess server(with_smtp(smtp));
  auto school = server.client();
  const auto token = sign_in(school, demo::kSchoolA1, "teacher");
  school.set_token(token);
  // Twenty incidents owe forty messages; kill the server as soon as the first has gone out.
  for (int i = 0; i < 20; ++i) ASSERT_EQ(school.post("/api/v1/incidents", level_two_report(now_of(school))).status, 201);
  smtp.wait_for(1, 10000);
  server.kill_hard();
  const auto before_restart = smtp.messages().size();
  server.start();
  auto got = smtp.wait_for(40, 30000);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  got = smtp.messages();
  // A message cut off between sending and recording is sent again with the same Message-ID, so
  // a receiver keeps one copy; no message ever goes out under two identities.
  std::map<std::string, int> copies;
  std::map<std::string, json> first;
  for (const auto& m : got) {
    const auto id = m["message_id"].get<std::string>();
    if (copies[id]++ == 0) first[id] = m;
    else EXPECT_EQ(first[id]["body"], m["body"]) << "a repeat is the same message";
  }
  EXPECT_EQ(copies.size(), 40u) << "delivered before the kill: " << before_restart << ", in all: " << got.size();
  std::set<std::pair<std::string, std::string>> logical;
  for (const auto& [id, m] : first) logical.insert({m["incident"].get<std::string>() + m["kind"].get<std::string>(), m["to"][0].get<std::string>()});
  EXPECT_EQ(logical.size(), 40u);
}

TEST(NotificationFlow, MessagesThatKeepFailingBecomeDeadLettersTheCertCanRetry) {
  SmtpServer smtp;
  auto flags = with_smtp(smtp);
  flags.extra.push_back("--mail-give-up-hours");
  flags.extra.push_back("1");
  ServerProcess server(flags);
  smtp.stop();
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto report = botnet_report(now_of(school));
  ASSERT_EQ(school.post("/api/v1/incidents", report).status, 201);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (int i = 0; i < 8; ++i) {  // past the one-hour limit, retrying on the way
    school.post("/api/v1/_test/clock", {{"advance_seconds", 600}});
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto dead = cert.get("/api/v1/outbox?state=dead").json()["items"];
  ASSERT_GE(dead.size(), 2u) << cert.get("/api/v1/outbox").body;
  EXPECT_EQ(school.get("/api/v1/outbox?state=dead").status, 403) << "only the CERT sees the outbox";

  smtp.start();
  for (const auto& m : dead) {
    auto r = cert.post("/api/v1/outbox/" + std::to_string(m["id"].get<long long>()) + "/retry", json::object());
    EXPECT_EQ(r.status, 200) << r.body;
  }
  auto got = smtp.wait_for(dead.size());
  EXPECT_EQ(got.size(), dead.size());
  EXPECT_TRUE(cert.get("/api/v1/outbox?state=dead").json()["items"].empty());
  EXPECT_EQ(cert.post("/api/v1/outbox/" + std::to_string(dead[0]["id"].get<long long>()) + "/retry", json::object()).status, 409);
}
