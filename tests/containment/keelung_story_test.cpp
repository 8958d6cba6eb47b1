// The county botnet story, end to end with the test clock: warnings for many schools of one
// county arrive, the centre blocks their addresses, the firewall feed lists them, the outbreak view
// shows the first school, the centre escalates to one coordinated incident and asks for support,
// the schools clean up and are unblocked, the statistics show the curve fall, and the coordinated
// incident closes only after every school's ticket has.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "app/bootstrap.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;
using tongbao::core::format_utc;
using tongbao::core::parse_iso8601;

namespace {

constexpr long long kHour = 3'600'000, kDay = 24 * kHour;
const std::string kDemoPassword = tongbao::app::kDemoPassword;

HttpClient signed_in(ServerProcess& server, const std::string& oid, const std::string& account,
                     const std::string& password = kDemoPassword) {
  auto c = server.client();
  c.set_token(sign_in(c, oid, account, password));
  return c;
}

// A new school of the county with one teacher, who sets a password of their own.
struct School {
  std::string oid, password;
};
School add_school(HttpClient& county, const std::string& oid, const std::string& code, const std::string& range,
                  ServerProcess& server) {
  auto made = county.post("/api/v1/units", {{"oid", oid}, {"code", code}, {"name", "高雄市立" + code + "國小"},
                                            {"kind", "school"}, {"parent_oid", demo::kCountyA}, {"ip_ranges", {range}}});
  EXPECT_EQ(made.status, 201) << made.body;
  auto opened = county.put("/api/v1/units/" + oid + "/contacts/1",
                           {{"account", "teacher"}, {"name", "資訊組長 " + code}, {"email", code + "@school.example.edu.tw"}});
  EXPECT_EQ(opened.status, 201) << opened.body;
  const auto otp = opened.json()["one_time_password"].get<std::string>();
  auto c = server.client();
  c.set_token(sign_in(c, oid, "teacher", otp));
  const std::string password = "基隆港邊的" + code + "電腦教室2026";
  EXPECT_EQ(c.post("/api/v1/auth/password", {{"current_password", otp}, {"new_password", password}}).status, 200);
  return {oid, password};
}

// A bot's call home from `ip` to the C2 server, `hours_ago` before `now`.
json call_home(const std::string& ip, long long now, long long hours_ago) {
  return {{"addresses", {{{"ip", ip}, {"role", "source"}}, {{"ip", "203.0.113.66"}, {"role", "destination"}}}},
          {"port", 443}, {"protocol", "tcp"}, {"observed_at", format_utc(now - hours_ago * kHour)},
          {"subcategory", "suspicious_connection"}, {"description", "beacon to a known C2"}, {"rule_id", "C2-BEACON"}};
}

std::set<std::string> feed_lines(HttpClient& firewall) {
  auto r = firewall.get("/api/v1/blocks/feed");
  EXPECT_EQ(r.status, 200) << r.body;
  std::set<std::string> out;
  std::istringstream in(r.body);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.insert(line);
  return out;
}

}  // namespace

TEST(KeelungStory, ACountyOutbreakIsBlockedEscalatedCleanedUpAndClosed) {
  ServerProcess server;
  auto cert = signed_in(server, demo::kCert, "cert");
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  const auto start = *parse_iso8601(now_of(cert));

  // The county has five schools: the two it had and three more.
  const std::vector<School> added = {add_school(county, "2.16.886.111.90000.33", "KL03", "198.51.100.64/28", server),
                                     add_school(county, "2.16.886.111.90000.34", "KL04", "198.51.100.80/28", server),
                                     add_school(county, "2.16.886.111.90000.35", "KL05", "198.51.100.96/28", server)};
  std::vector<School> schools = {{demo::kSchoolA1, kDemoPassword}, {demo::kSchoolA2, kDemoPassword}};
  schools.insert(schools.end(), added.begin(), added.end());

  // 1. Warnings arrive over a day and a half; nobody reported. KL03 was first, with two machines.
  const std::vector<std::pair<std::string, long long>> sightings = {
      {"198.51.100.70", 36}, {"198.51.100.71", 30}, {"198.51.100.7", 24}, {"198.51.100.40", 12},
      {"198.51.100.41", 11}, {"198.51.100.85", 6},  {"198.51.100.100", 2}};
  json batch = json::array();
  for (const auto& [ip, hours] : sightings) batch.push_back(call_home(ip, start, hours));
  auto issued = cert.post("/api/v1/warnings", batch);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto warnings = issued.json()["items"];
  ASSERT_EQ(warnings.size(), sightings.size());

  // 2. The centre blocks every infected address in one request, each from its warning.
  json blocks = json::array();
  for (size_t i = 0; i < sightings.size(); ++i)
    blocks.push_back(json{{"prefix", sightings[i].first}, {"reason", "殭屍電腦連線 C2"}, {"warning_id", warnings[i]["id"]}});
  auto blocked = county.post("/api/v1/blocks", blocks);
  ASSERT_EQ(blocked.status, 201) << blocked.body;
  EXPECT_EQ(blocked.json()["created"], 7);

  // 3. The county firewall reads the feed with the county's key.
  auto key = cert.post(std::string("/api/v1/units/") + demo::kCountyA + "/api-keys", {{"name", "firewall"}});
  ASSERT_EQ(key.status, 201) << key.body;
  auto firewall = server.client();
  firewall.set_token(key.json()["key"].get<std::string>());
  std::set<std::string> expected;
  for (const auto& [ip, hours] : sightings) expected.insert(ip + "/32");
  EXPECT_EQ(feed_lines(firewall), expected);

  // 4. The outbreak view shows one botnet group of five schools, KL03 first.
  auto view = county.get("/api/v1/outbreaks").json();
  ASSERT_EQ(view["groups"].size(), 1u) << view.dump();
  const auto group = view["groups"][0];
  EXPECT_EQ(group["key"], "botnet");
  EXPECT_EQ(group["unit_count"], 5);
  EXPECT_EQ(group["units"][0]["unit"]["oid"], "2.16.886.111.90000.33") << "the first infected school";
  EXPECT_EQ(group["units"][0]["first_seen"], format_utc(start - 36 * kHour));
  EXPECT_EQ(group["units"][4]["unit"]["oid"], "2.16.886.111.90000.35") << "the last to be reached";
  EXPECT_TRUE(group["coordinated_incident"].is_null());

  // 5. One action escalates the group: a parent ticket held by the county, its level for the
  //    whole event (many schools out of service), support asked of the level above.
  json parent_report = {{"impact", {{"availability", "core_late"}}},
                        {"chosen_level", 3},
                        {"support", {{"needed", true}, {"kinds", {"analysis", "forensics"}}, {"detail", "請協助分析 C2 與感染途徑"}}}};
  auto school_side = signed_in(server, demo::kSchoolA1, "teacher");
  EXPECT_EQ(school_side.post("/api/v1/outbreaks/escalate", {{"key", "botnet"}}).status, 403) << "a school holds no outbreak";
  EXPECT_EQ(county.post("/api/v1/outbreaks/escalate", {{"key", "ransomware"}}).status, 400) << "no such group";
  auto escalated = county.post("/api/v1/outbreaks/escalate", {{"key", "botnet"}, {"report", parent_report}});
  ASSERT_EQ(escalated.status, 201) << escalated.body;
  const auto parent = escalated.json();
  const auto parent_id = std::to_string(parent["id"].get<long long>());
  EXPECT_EQ(parent["unit"]["oid"], demo::kCountyA);
  EXPECT_EQ(parent["state"], "reported");
  EXPECT_EQ(parent["level"], 3);
  EXPECT_EQ(parent["subcategory"], "botnet");
  EXPECT_EQ(parent["report"]["hosts"].size(), 7u) << "every infected address";
  EXPECT_EQ(parent["report"]["occurred_at"], format_utc(start - 36 * kHour));
  EXPECT_EQ(parent["coordinated"]["children"], 5);
  EXPECT_EQ(parent["coordinated"]["open_children"], 5);
  EXPECT_EQ(county.post("/api/v1/outbreaks/escalate", {{"key", "botnet"}}).status, 409) << "once is enough";
  EXPECT_EQ(county.get("/api/v1/outbreaks").json()["groups"][0]["coordinated_incident"]["id"], parent["id"]);
  // The support request reaches the level above; every warning is answered into a school's ticket.
  auto region = signed_in(server, demo::kRegion, "south");
  EXPECT_EQ(region.get("/api/v1/incidents?support_open=true").json()["total"], 1);
  for (const auto& w : warnings) {
    auto seen = county.get("/api/v1/warnings/" + std::to_string(w["id"].get<long long>())).json();
    EXPECT_EQ(seen["state"], "answered") << seen.dump();
    EXPECT_FALSE(seen["incident_id"].is_null());
  }

  // 6. The parent shows each school: none has filed, cleaned or been unblocked yet.
  auto children = county.get("/api/v1/incidents/" + parent_id + "/children").json()["items"];
  ASSERT_EQ(children.size(), 5u) << children.dump();
  std::map<std::string, long long> child_of;
  for (const auto& c : children) {
    child_of[c["unit"]["oid"]] = c["ticket"]["id"];
    EXPECT_EQ(c["ticket"]["state"], "draft");
    EXPECT_FALSE(c["reported"].get<bool>());
    EXPECT_FALSE(c["unblocked"].get<bool>());
  }
  EXPECT_EQ(children[0]["unit"]["oid"], "2.16.886.111.90000.33");
  EXPECT_EQ(children[0]["warnings"], 2);
  EXPECT_EQ(children[0]["blocks"]["in_force"], 2);
  auto other_county = signed_in(server, demo::kCountyB, "pingtung");
  EXPECT_EQ(other_county.get("/api/v1/incidents/" + parent_id + "/children").status, 404);

  // 7. Week by week the schools file, clean up and ask to be unblocked; the centre approves.
  //    Two schools a week, then the last one: 7 → 4 → 1 → 0 addresses blocked.
  const std::vector<std::vector<size_t>> weeks = {{0, 2}, {1, 3}, {4}};
  std::map<std::string, std::vector<long long>> blocks_of;
  const auto made = blocked.json();
  for (const auto& b : made["items"]) blocks_of[b["unit"]["oid"]].push_back(b["id"]);
  for (const auto& week : weeks) {
    ASSERT_EQ(cert.post("/api/v1/_test/clock", {{"advance_seconds", 7 * 86400}}).status, 200);
    county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
    const auto now = now_of(county);
    for (size_t i : week) {
      const auto& s = schools[i];
      auto teacher = signed_in(server, s.oid, "teacher", s.password);
      const auto id = std::to_string(child_of[s.oid]);
      auto draft = teacher.get("/api/v1/incidents/" + id);
      ASSERT_EQ(draft.status, 200) << draft.body;
      auto report = botnet_report(format_utc(start - kHour));
      report["hosts"] = draft.json()["report"]["hosts"];
      ASSERT_EQ(teacher.put("/api/v1/incidents/" + id + "/report", report).status, 200);
      auto filed = teacher.post("/api/v1/incidents/" + id + "/submit", json::object());
      ASSERT_EQ(filed.status, 200) << filed.body;
      auto responded = teacher.put("/api/v1/incidents/" + id + "/response", full_response(now));
      ASSERT_EQ(responded.status, 200) << responded.body;
      for (long long b : blocks_of[s.oid]) {
        const auto path = "/api/v1/blocks/" + std::to_string(b);
        ASSERT_EQ(teacher.post(path + "/unblock-request", {{"actions", {"reimaged", "scanned"}}}).status, 200);
        ASSERT_EQ(county.post(path + "/decision", {{"decision", "approve"}}).status, 200);
      }
    }
  }
  EXPECT_TRUE(feed_lines(firewall).empty()) << "every address is open again";
  children = county.get("/api/v1/incidents/" + parent_id + "/children").json()["items"];
  for (const auto& c : children) {
    EXPECT_TRUE(c["reported"].get<bool>()) << c.dump();
    EXPECT_TRUE(c["cleaned"].get<bool>()) << c.dump();
    EXPECT_TRUE(c["unblocked"].get<bool>()) << c.dump();
    EXPECT_EQ(c["blocks"]["in_force"], 0);
  }

  // 8. The statistics show the curve: 7 blocked the first week, then 4, 1 and none.
  const long long kTaipei = 8 * kHour;
  const auto day0 = (start + kTaipei) / kDay * kDay - kTaipei;
  auto figures = county.get("/api/v1/blocks/figures?from=" + format_utc(day0) + "&to=" + format_utc(day0 + 22 * kDay)).json();
  std::vector<long long> weekly;
  for (size_t d = 0; d < figures["curve"].size(); d += 7) weekly.push_back(figures["curve"][d]["in_force"]);
  EXPECT_EQ(weekly, (std::vector<long long>{7, 4, 1, 0})) << figures.dump();
  EXPECT_EQ(figures["blocked_in_period"], 7);
  EXPECT_EQ(figures["unblocked_in_period"], 7);

  // 9. The parent waits for its children: each school's ticket is reviewed and closed, then the
  //    parent's own response goes up and it closes last.
  region.set_token(sign_in(region, demo::kRegion, "south"));
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  const auto now = now_of(county);
  ASSERT_EQ(county.put("/api/v1/incidents/" + parent_id + "/response", full_response(now)).status, 200);
  ASSERT_EQ(region.post("/api/v1/incidents/" + parent_id + "/review", json::object()).status, 200);
  ASSERT_EQ(region.post("/api/v1/incidents/" + parent_id + "/approve", json::object()).status, 200);
  auto early = cert.post("/api/v1/incidents/" + parent_id + "/close", json::object());
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(early.json()["error"]["code"], "closing_requirements");
  EXPECT_EQ(early.json()["error"]["field"], "children");
  for (const auto& s : schools) {
    const auto id = std::to_string(child_of[s.oid]);
    auto reviewed = county.post("/api/v1/incidents/" + id + "/review", {{"reason", "單一學校電腦教室，影響有限"}});
    ASSERT_EQ(reviewed.status, 200) << reviewed.body;
    auto approved = county.post("/api/v1/incidents/" + id + "/approve", {{"reason", "單一學校電腦教室，影響有限"}});
    ASSERT_EQ(approved.status, 200) << approved.body;
    auto closed = cert.post("/api/v1/incidents/" + id + "/close", json::object());
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(closed.json()["coordinated"]["parent"]["id"], parent["id"]);
  }
  auto parent_now = cert.get("/api/v1/incidents/" + parent_id).json();
  EXPECT_EQ(parent_now["coordinated"]["open_children"], 0);
  std::vector<std::string> missing;
  for (const auto& m : parent_now["closing_requirements"]) missing.push_back(m["field"]);
  EXPECT_EQ(missing, std::vector<std::string>{"investigation_report"}) << "at level 3, the report of the whole event";
  auto uploaded = county.request("POST", "/api/v1/incidents/" + parent_id + "/attachments?name=report.pdf&kind=investigation_report",
                                 "%PDF-1.4 county botnet investigation", {}, "application/pdf");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  auto closed = cert.post("/api/v1/incidents/" + parent_id + "/close", {{"comment", "全縣清查完畢"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["state"], "closed");
}
