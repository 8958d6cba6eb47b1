// The search box: any part of a ticket's number, an address or host name, the unit's name and the
// words of the report find it, on SQLite and on PostgreSQL, open tickets first, and never a
// ticket outside the caller's place in the tree.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/test_database.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

std::vector<std::string> numbers(HttpClient& c, const std::string& query) {
  auto r = c.get("/api/v1/incidents?scope=all&q=" + query);
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<std::string> out;
  const auto body = r.json();
  for (const auto& t : body["items"]) out.push_back(t["number"].get<std::string>());
  return out;
}

}  // namespace

TEST(TicketSearch, FindsByAnyPartOfWhatATicketSaysOpenFirstAndOnlyWhereTheCallerMayLook) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto report = botnet_report(now_of(school));
  report["hosts"] = json::array({{{"ip", "140.117.11.201"}, {"hostname", "WEB-GATE-3"}, {"owner", "school"}}});
  report["description"] = "電腦教室的主機連線到中繼站 C2 伺服器，疑似殭屍網路";
  auto first = school.post("/api/v1/incidents", report);
  ASSERT_EQ(first.status, 201) << first.body;
  const auto number = first.json()["number"].get<std::string>();
  auto other = botnet_report(now_of(school));
  other["description"] = "an unrelated phishing mail";
  other["hosts"] = json::array({{{"ip", "198.51.100.9"}, {"hostname", "mail"}, {"owner", "school"}}});
  ASSERT_EQ(school.post("/api/v1/incidents", other).status, 201);

  EXPECT_EQ(numbers(school, "140.117.11"), std::vector<std::string>{number}) << "part of an address";
  EXPECT_EQ(numbers(school, "web-gate"), std::vector<std::string>{number}) << "a host name, case aside";
  EXPECT_EQ(numbers(school, "%E4%B8%AD%E7%B9%BC%E7%AB%99"), std::vector<std::string>{number})
      << "Chinese words of the report (中繼站)";
  EXPECT_EQ(numbers(school, number.substr(number.size() - 7)), std::vector<std::string>{number})
      << "the end of the number";
  EXPECT_EQ(numbers(school, "c2+%E4%B8%AD%E7%B9%BC"), std::vector<std::string>{number}) << "every word must appear";
  EXPECT_TRUE(numbers(school, "c2+phishing").empty());
  EXPECT_EQ(numbers(school, "%E4%B8%AD%E7%B9%BC"), std::vector<std::string>{number}) << "a two-character word (中繼)";
  EXPECT_EQ(numbers(school, "c2+%E7%96%91%E4%BC%BC"), std::vector<std::string>{number}) << "two short words (c2 疑似)";
  EXPECT_TRUE(numbers(school, "web%25gate").empty()) << "a wildcard is not a wildcard";

  // A response written later is found too: the index follows the ticket's changes.
  EXPECT_TRUE(numbers(school, "border+isolated").empty());
  const auto id = first.json()["id"].get<long long>();
  ASSERT_EQ(school.put("/api/v1/incidents/" + std::to_string(id) + "/response", full_response(now_of(school))).status, 200);
  EXPECT_EQ(numbers(school, "border+isolated"), std::vector<std::string>{number}) << "words of the response";

  // The unit's name finds both, and the other county's centre sees neither.
  auto centre = server.client();
  centre.set_token(sign_in(centre, demo::kCountyA, "kaohsiung"));
  const auto unit_name = centre.get(std::string("/api/v1/units/") + demo::kSchoolA1).json()["name"].get<std::string>();
  std::string encoded;
  for (unsigned char c : unit_name) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%%%02X", c);
    encoded += buf;
  }
  EXPECT_EQ(numbers(centre, encoded).size(), 2u);
  auto elsewhere = server.client();
  elsewhere.set_token(sign_in(elsewhere, demo::kCountyB, "pingtung"));
  EXPECT_TRUE(numbers(elsewhere, "140.117.11").empty());

  // Bad searches are refused and change nothing.
  EXPECT_EQ(school.get("/api/v1/incidents?q=" + std::string(201, 'a')).status, 400);
}

TEST(TicketSearch, TicketsFiledBeforeTheIndexAreFoundAfterTheNextStart) {
  ServerProcess server;
  auto school = server.client();
  const auto token = sign_in(school, demo::kSchoolA1, "teacher");
  school.set_token(token);
  auto report = botnet_report(now_of(school));
  report["description"] = "filed before the index was made";
  ASSERT_EQ(school.post("/api/v1/incidents", report).status, 201);
  server.stop();
  // As an older version left it: tickets and no search index.
  run_sql(server.database(), "DELETE FROM ticket_search;\nDELETE FROM settings WHERE name = 'ticket_search'");
  server.start();
  school = server.client();
  school.set_token(token);
  // Indexed in the background once the server answers: found within moments.
  size_t found = 0;
  for (int tries = 0; tries < 100 && found == 0; ++tries) {
    found = numbers(school, "before+the+index").size();
    if (found == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(found, 1u) << server.output();
}
