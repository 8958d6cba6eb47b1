// A warning answered after its week keeps a visible mark once answered.
#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

TEST(WarningReplies, AnsweredAfterTheWeekKeepsTheMark) {
  ServerProcess server;
  auto cert = server.client(), school = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  const auto now = cert.get("/api/v1/health").json()["time"].get<std::string>();
  auto warning = [&](const char* ip) {
    return json::array({{{"addresses", {{{"ip", ip}, {"role", "source"}}}}, {"observed_at", now},
                         {"subcategory", "suspicious_connection"}, {"description", "scanning"}}});
  };
  const auto on_time = cert.post("/api/v1/warnings", warning("198.51.100.7")).json()["items"][0]["id"].get<long long>();
  const auto late = cert.post("/api/v1/warnings", warning("198.51.100.9")).json()["items"][0]["id"].get<long long>();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(school.post("/api/v1/warnings/replies", {{"ids", {on_time}}, {"reply", "false_positive"}, {"reason", "內部弱點掃描"}}).status, 200);
  ASSERT_EQ(cert.post("/api/v1/_test/clock", {{"advance_seconds", 8 * 86400}}).status, 200);
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  EXPECT_TRUE(school.get("/api/v1/warnings/" + std::to_string(late)).json()["overdue"].get<bool>());
  auto answered = school.post("/api/v1/warnings/replies", {{"ids", {late}}, {"reply", "undetermined"}, {"reason", "紀錄已輪替"}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  const auto w = school.get("/api/v1/warnings/" + std::to_string(late)).json();
  EXPECT_FALSE(w["overdue"].get<bool>()) << "answered, no longer waiting";
  EXPECT_TRUE(w["answered_late"].get<bool>()) << "but answered after its week";
  EXPECT_FALSE(school.get("/api/v1/warnings/" + std::to_string(on_time)).json()["answered_late"].get<bool>());
}

TEST(WarningReplies, ARealIncidentForAHostWithAnOpenTicketJoinsIt) {
  ServerProcess server;
  auto cert = server.client(), school = server.client(), other = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  other.set_token(sign_in(other, demo::kSchoolA2, "teacher"));
  const auto now = cert.get("/api/v1/health").json()["time"].get<std::string>();
  auto ticket = school.post("/api/v1/incidents", {{"type", "INT"}, {"subcategory", "botnet"}, {"aware_at", now},
                                                  {"hosts", {{{"ip", "198.51.100.7"}, {"hostname", "lab-pc-07"}}}},
                                                  {"description", "電腦教室 PC 中毒"}, {"chosen_level", 1},
                                                  {"contact", {{"name", "黃美玲"}, {"phone", "07-555-0005"}}}}).json();
  const auto ticket_id = ticket["id"].get<long long>();
  auto issue = [&](const char* ip) {
    return cert.post("/api/v1/warnings", json::array({{{"addresses", {{{"ip", ip}, {"role", "source"}}}}, {"observed_at", now},
                                                      {"subcategory", "suspicious_connection"}, {"description", "C2 beaconing"}}}))
        .json()["items"][0]["id"].get<long long>();
  };
  const auto same_host = issue("198.51.100.7"), other_host = issue("198.51.100.9");

  // The warning page offers the open ticket of the same host, and only to its unit.
  auto offered = school.get("/api/v1/warnings/" + std::to_string(same_host)).json()["open_tickets"];
  ASSERT_EQ(offered.size(), 1u) << offered.dump();
  EXPECT_EQ(offered[0]["id"], ticket_id);
  EXPECT_TRUE(school.get("/api/v1/warnings/" + std::to_string(other_host)).json()["open_tickets"].empty());

  // Joining it opens no new draft, and the ticket's timeline names the warning.
  EXPECT_EQ(school.post("/api/v1/warnings/replies", {{"ids", {same_host}}, {"reply", "false_positive"}, {"reason", "x"},
                                                     {"incident_id", ticket_id}}).status, 400);
  auto joined = school.post("/api/v1/warnings/replies", {{"ids", {same_host}}, {"reply", "real_incident"}, {"incident_id", ticket_id}});
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(joined.json()["items"][0]["incident_id"], ticket_id);
  EXPECT_EQ(school.get("/api/v1/incidents?mine=true&state=draft").json()["total"], 0);
  auto events = school.get("/api/v1/incidents/" + std::to_string(ticket_id) + "/timeline").json()["items"];
  EXPECT_EQ(events.back()["kind"], "warning_linked");
  EXPECT_EQ(events.back()["detail"]["warning"], joined.json()["items"][0]["number"]);
  EXPECT_TRUE(cert.get("/api/v1/audit/verify").json()["ok"].get<bool>());

  // Without one, a draft opens in the replying person's language (Chinese by default).
  auto drafted = school.post("/api/v1/warnings/replies", {{"ids", {other_host}}, {"reply", "real_incident"}});
  ASSERT_EQ(drafted.status, 200) << drafted.body;
  const auto draft = school.get("/api/v1/incidents/" + std::to_string(drafted.json()["items"][0]["incident_id"].get<long long>())).json();
  EXPECT_EQ(draft["report"]["description"].get<std::string>().rfind("資安預警 ", 0), 0u) << draft["report"]["description"];
}

TEST(WarningReplies, AWarningJoinsOnlyAnOpenTicketOfItsOwnUnit) {
  ServerProcess server;
  auto cert = server.client(), school = server.client(), neighbour = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  neighbour.set_token(sign_in(neighbour, demo::kSchoolA2, "teacher"));
  const auto now = cert.get("/api/v1/health").json()["time"].get<std::string>();
  auto theirs = neighbour.post("/api/v1/incidents", {{"type", "INT"}, {"subcategory", "botnet"}, {"aware_at", now},
                                                     {"hosts", {{{"ip", "198.51.100.40"}}}}, {"description", "x"},
                                                     {"chosen_level", 1}, {"contact", {{"name", "吳建宏"}, {"phone", "07"}}}}).json();
  const auto warning = cert.post("/api/v1/warnings", json::array({{{"addresses", {{{"ip", "198.51.100.7"}, {"role", "source"}}}},
                                                                   {"observed_at", now}, {"subcategory", "suspicious_connection"},
                                                                   {"description", "C2"}}})).json()["items"][0]["id"];
  auto r = school.post("/api/v1/warnings/replies", {{"ids", {warning}}, {"reply", "real_incident"}, {"incident_id", theirs["id"]}});
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(school.get("/api/v1/warnings/" + std::to_string(warning.get<long long>())).json()["state"], "open") << "nothing changed";
}
