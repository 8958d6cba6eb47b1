// The outbreak view: warnings, tickets and blocks of a centre's subtree grouped by what they have
// in common, each school in order of its first sighting, so the first infected school shows.
#include <gtest/gtest.h>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;
using tongbao::core::format_utc;
using tongbao::core::parse_iso8601;

namespace {

// A botnet's call home, seen from `ip` towards the C2 server, `hours_ago` before `now`.
json call_home(const std::string& ip, long long now, int hours_ago, const std::string& c2 = "203.0.113.66") {
  return {{"addresses", {{{"ip", ip}, {"role", "source"}}, {{"ip", c2}, {"role", "destination"}}}},
          {"port", 443}, {"protocol", "tcp"}, {"observed_at", format_utc(now - hours_ago * 3'600'000LL)},
          {"subcategory", "suspicious_connection"}, {"description", "beacon to a known C2"}, {"rule_id", "C2-BEACON"}};
}

std::vector<std::string> first_seen_order(const json& group) {
  std::vector<std::string> out;
  for (const auto& u : group["units"]) out.push_back(u["unit"]["oid"]);
  return out;
}

}  // namespace

TEST(OutbreakFlow, TheFirstInfectedSchoolAndTheSpreadShowInOrder) {
  ServerProcess server;
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  const auto now = *parse_iso8601(now_of(cert));
  // Pingtung's school first, then Kaohsiung's two; one unrelated warning of another kind.
  auto issued = cert.post("/api/v1/warnings",
                          json::array({call_home("198.51.100.130", now, 30), call_home("198.51.100.7", now, 20),
                                       call_home("198.51.100.40", now, 10),
                                       json{{"addresses", {{{"ip", "198.51.100.8"}, {"role", "source"}}}},
                                            {"observed_at", format_utc(now - 3'600'000)},
                                            {"subcategory", "suspected_spam"}, {"description", "spam run"}}}));
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto items = issued.json()["items"];
  // The second school has filed a ticket; the county blocked the first from its warning.
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA2, "teacher"));
  ASSERT_EQ(school.post("/api/v1/incidents", botnet_report(format_utc(now - 5 * 3'600'000LL))).status, 201);
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  ASSERT_EQ(county.post("/api/v1/blocks", {{"prefix", "198.51.100.7"}, {"reason", "C2 beacon"},
                                           {"warning_id", items[1]["id"]}}).status,
            201);

  // The county sees its own schools: one botnet group, the first school first.
  auto mine = county.get("/api/v1/outbreaks");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto groups = mine.json()["groups"];
  ASSERT_EQ(groups.size(), 1u) << "the spam warning is one school: no outbreak";
  EXPECT_EQ(groups[0]["key"], "botnet");
  EXPECT_EQ(groups[0]["label"]["zh-TW"], "殭屍電腦(BOT)");
  EXPECT_EQ(first_seen_order(groups[0]), (std::vector<std::string>{demo::kSchoolA1, demo::kSchoolA2}));
  EXPECT_EQ(groups[0]["units"][0]["warnings"], 1);
  EXPECT_EQ(groups[0]["units"][0]["blocks"], 1);
  EXPECT_EQ(groups[0]["units"][1]["tickets"], 1) << "the school's own ticket is part of it";
  EXPECT_EQ(groups[0]["sightings"], 4);

  // The CERT sees across counties, by the C2 address they all called.
  auto by_remote = cert.get("/api/v1/outbreaks?by=remote").json()["groups"];
  ASSERT_EQ(by_remote.size(), 1u) << by_remote.dump();
  EXPECT_EQ(by_remote[0]["key"], "203.0.113.66");
  EXPECT_EQ(first_seen_order(by_remote[0]),
            (std::vector<std::string>{demo::kSchoolB1, demo::kSchoolA1, demo::kSchoolA2}));
  EXPECT_EQ(by_remote[0]["first_seen"], format_utc(now - 30 * 3'600'000LL));
  EXPECT_EQ(cert.get("/api/v1/outbreaks?by=rule").json()["groups"][0]["key"], "C2-BEACON");
  EXPECT_EQ(cert.get("/api/v1/outbreaks?min_units=1").json()["groups"].size(), 2u) << "singletons when asked";

  // A window before it all holds nothing; nonsense is refused; no reaching above one's place.
  EXPECT_TRUE(cert.get("/api/v1/outbreaks?to=" + format_utc(now - 40 * 3'600'000LL)).json()["groups"].empty());
  EXPECT_EQ(cert.get("/api/v1/outbreaks?by=colour").status, 400);
  EXPECT_EQ(cert.get("/api/v1/outbreaks?min_units=0").status, 400);
  EXPECT_EQ(cert.get("/api/v1/outbreaks?from=2020-01-01T00:00:00Z").status, 400);
  EXPECT_EQ(county.get("/api/v1/outbreaks?unit=" + std::string(demo::kCountyB)).status, 400);
  EXPECT_TRUE(school.get("/api/v1/outbreaks").json()["groups"].empty()) << "a school alone is no outbreak";
}
