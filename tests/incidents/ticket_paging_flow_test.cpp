// Ticket lists page by where the last page ended (`before`), newest first, without a gap or a
// repeat, for a school and for its centre; offsets reach only as far as totals are counted.
#include <gtest/gtest.h>

#include <set>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

// Every ticket of the list, following next_before page after page.
std::vector<long long> follow(HttpClient& c, const std::string& query, int* pages) {
  std::vector<long long> ids;
  std::string before;
  for (*pages = 0; *pages < 20; ++*pages) {
    auto r = c.get("/api/v1/incidents?" + query + "&limit=3" + before);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto page = r.json();
    for (const auto& t : page["items"]) ids.push_back(t["id"]);
    if (page["next_before"].is_null()) break;
    before = "&before=" + std::to_string(page["next_before"].get<long long>());
  }
  return ids;
}

}  // namespace

TEST(TicketPaging, PagesFollowOneAnotherByWhereTheLastEndedWithoutGapOrRepeat) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto other = server.client();
  other.set_token(sign_in(other, demo::kSchoolA2, "teacher"));
  std::set<long long> mine;
  for (int i = 0; i < 7; ++i) {
    auto r = school.post("/api/v1/incidents", botnet_report(now_of(school)));
    ASSERT_EQ(r.status, 201) << r.body;
    mine.insert(r.json()["id"].get<long long>());
    ASSERT_EQ(other.post("/api/v1/incidents", botnet_report(now_of(other))).status, 201);
  }

  int pages = 0;
  const auto ids = follow(school, "scope=all&mine=true", &pages);
  EXPECT_EQ(ids.size(), 7u);
  EXPECT_EQ(std::set<long long>(ids.begin(), ids.end()), mine) << "each of the school's own, once";
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend())) << "newest first";
  EXPECT_EQ(pages, 2) << "three pages of 3, 3 and 1: the last says there is no next";

  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  const auto all = follow(county, "scope=all", &pages);
  EXPECT_EQ(all.size(), 14u) << "both schools' tickets under the county";
  auto first = county.get("/api/v1/incidents?scope=all&limit=3").json();
  EXPECT_EQ(first["total"], 14);
  EXPECT_FALSE(first["total_capped"].get<bool>());

  // Nonsense is refused; an offset reaches as far as totals are counted.
  EXPECT_EQ(county.get("/api/v1/incidents?before=abc").status, 400);
  EXPECT_EQ(county.get("/api/v1/incidents?before=0").status, 400);
  EXPECT_EQ(county.get("/api/v1/incidents?offset=10001").status, 400);
  EXPECT_EQ(county.get("/api/v1/incidents?offset=10000").status, 200);
  // The CSV export reads every page the same way: a header and the fourteen tickets.
  auto csv = county.get("/api/v1/incidents/export?scope=all");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 15);
  EXPECT_EQ(csv.header("transfer-encoding"), "chunked") << "sent page by page, never built whole";
  EXPECT_EQ(county.get("/api/v1/incidents/export?level=9").status, 400) << "a refused query still gets its 4xx";
  const auto taipei_today = tongbao::core::taipei_date(*tongbao::core::parse_iso8601(now_of(county)));
  EXPECT_NE(csv.header("content-disposition").find("tickets-" + taipei_today + ".csv"), std::string::npos)
      << "a file name that says what and when: " << csv.header("content-disposition");
}
