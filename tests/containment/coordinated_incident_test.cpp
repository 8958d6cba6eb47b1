// A centre acts on its schools' warnings: it answers them for the school, and escalates an
// outbreak group into one coordinated incident, within its own subtree only.
#include <gtest/gtest.h>

#include <set>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao::test_support;
using nlohmann::json;
using tongbao::core::format_utc;
using tongbao::core::parse_iso8601;

namespace {

HttpClient signed_in(ServerProcess& server, const char* oid, const char* account) {
  auto c = server.client();
  c.set_token(sign_in(c, oid, account));
  return c;
}

json call_home(const std::string& ip, long long now, int hours_ago) {
  return {{"addresses", {{{"ip", ip}, {"role", "source"}}, {{"ip", "203.0.113.66"}, {"role", "destination"}}}},
          {"port", 443}, {"protocol", "tcp"}, {"observed_at", format_utc(now - hours_ago * 3'600'000LL)},
          {"subcategory", "suspicious_connection"}, {"description", "beacon to a known C2"}, {"rule_id", "C2-BEACON"}};
}

std::vector<long long> issue(HttpClient& cert, const json& batch) {
  auto r = cert.post("/api/v1/warnings", batch);
  EXPECT_EQ(r.status, 201) << r.body;
  std::vector<long long> ids;
  const auto body = r.json();
  for (const auto& w : body["items"]) ids.push_back(w["id"]);
  return ids;
}

}  // namespace

TEST(CoordinatedIncident, ACentreAnswersItsSchoolsWarningsButNoOneElses) {
  ServerProcess server;
  auto cert = signed_in(server, demo::kCert, "cert");
  const auto now = *parse_iso8601(now_of(cert));
  const auto ids = issue(cert, json::array({call_home("198.51.100.7", now, 3), call_home("198.51.100.8", now, 2),
                                            call_home("198.51.100.130", now, 1)}));
  ASSERT_EQ(ids.size(), 3u);
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto other = signed_in(server, demo::kCountyB, "pingtung");
  const auto reply = [&](HttpClient& c, long long id, const json& body) {
    json with_id = body;
    with_id["ids"] = {id};
    return c.post("/api/v1/warnings/replies", with_id);
  };

  // Another county's school: not visible, so not answerable.
  EXPECT_EQ(reply(other, ids[0], {{"reply", "false_positive"}, {"reason", "lab scanner"}}).status, 404);
  // The school's own centre answers: a false positive, with the reason the issuer needs.
  auto fp = reply(county, ids[0], {{"reply", "false_positive"}, {"reason", "資訊組的弱點掃描主機"}});
  ASSERT_EQ(fp.status, 200) << fp.body;
  EXPECT_EQ(fp.json()["items"][0]["state"], "answered");
  EXPECT_EQ(fp.json()["items"][0]["replied_by"], std::string(demo::kCountyA) + "/kaohsiung");
  // A real incident opens the draft in the school's name, for the school to complete and file.
  auto real = reply(county, ids[1], {{"reply", "real_incident"}});
  ASSERT_EQ(real.status, 200) << real.body;
  const auto draft_id = real.json()["items"][0]["incident_id"].get<long long>();
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  auto draft = school.get("/api/v1/incidents/" + std::to_string(draft_id));
  ASSERT_EQ(draft.status, 200) << draft.body;
  const auto ticket = draft.json();
  EXPECT_EQ(ticket["unit"]["oid"], demo::kSchoolA1);
  EXPECT_EQ(ticket["state"], "draft");
  const auto& actions = ticket["allowed_actions"];
  EXPECT_NE(std::find(actions.begin(), actions.end(), "submit_report"), actions.end()) << "the school files it";
  // One reply answers one unit's warnings; the school cannot answer its neighbour's.
  EXPECT_EQ(reply(school, ids[2], {{"reply", "real_incident"}}).status, 404);
}

TEST(CoordinatedIncident, EscalationStaysInTheCallersSubtreeAndAsksForWhatTheGroupCannotSay) {
  SmtpServer smtp;
  ServerProcess server({.extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}});
  auto cert = signed_in(server, demo::kCert, "cert");
  const auto now = *parse_iso8601(now_of(cert));
  issue(cert, json::array({call_home("198.51.100.7", now, 5), call_home("198.51.100.40", now, 4),
                           call_home("198.51.100.130", now, 3), call_home("198.51.100.170", now, 2)}));
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto region = signed_in(server, demo::kRegion, "south");

  // A county reaches only its own schools: naming another county's school is refused.
  auto beyond = county.post("/api/v1/outbreaks/escalate",
                            {{"key", "botnet"}, {"units", {demo::kSchoolA1, demo::kSchoolB1}}});
  EXPECT_EQ(beyond.status, 400) << beyond.body;
  EXPECT_EQ(beyond.json()["error"]["field"], "units");
  EXPECT_EQ(county.post("/api/v1/outbreaks/escalate", {{"key", "botnet"}, {"unit", demo::kCountyB}}).status, 400);
  // Grouped by the C2 address, the group cannot say what kind of incident it is.
  auto unnamed = county.post("/api/v1/outbreaks/escalate", {{"key", "203.0.113.66"}, {"by", "remote"}});
  EXPECT_EQ(unnamed.status, 400) << unnamed.body;
  EXPECT_EQ(unnamed.json()["error"]["field"], "subcategory");
  EXPECT_EQ(county.post("/api/v1/outbreaks/escalate", {{"key", "botnet"}, {"report", {{"chosen_level", 9}}}}).status, 400);
  EXPECT_EQ(county.get("/api/v1/incidents?scope=all").json()["total"], 0) << "a refused escalation leaves nothing behind";

  // The region escalates by C2 address across both counties, naming the kind itself; only one
  // of a county's schools when it chooses so.
  auto done = region.post("/api/v1/outbreaks/escalate",
                          {{"key", "203.0.113.66"}, {"by", "remote"},
                           {"units", {demo::kSchoolA1, demo::kSchoolA2, demo::kSchoolB1}},
                           {"report", {{"subcategory", "botnet"}, {"chosen_level", 2}}}});
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json()["unit"]["oid"], demo::kRegion);
  EXPECT_EQ(done.json()["coordinated"]["children"], 3);
  EXPECT_EQ(done.json()["reviewer"]["oid"], demo::kCert) << "the region's own ticket goes to the CERT";
  // The coordinated incident is not a sighting of its own: the region is no unit of the outbreak.
  auto view = cert.get("/api/v1/outbreaks?by=remote").json()["groups"][0];
  EXPECT_EQ(view["unit_count"], 4) << view.dump();
  EXPECT_EQ(view["coordinated_incident"]["number"], done.json()["number"]);
  // The fourth school's warning is still open; the other three were answered into their drafts.
  auto school = signed_in(server, demo::kSchoolB2, "teacher");
  EXPECT_EQ(school.get("/api/v1/warnings?state=open").json()["total"], 1);
  // Each school of it is told its ticket is part of the coordinated incident.
  std::multiset<std::string> told;
  for (const auto& m : smtp.wait_for(9))
    if (m["kind"] == "coordinated_child") told.insert(m["to"][0].get<std::string>());
  EXPECT_EQ(told, (std::multiset<std::string>{"teacher.5@demo.tongbao.test", "teacher.6@demo.tongbao.test",
                                              "teacher.7@demo.tongbao.test"}));
}
