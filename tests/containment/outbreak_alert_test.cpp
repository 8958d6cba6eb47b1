// When many units under one centre receive warnings of one kind in a short time (the profile says
// how many and how short), the centre and the CERT are told once that an outbreak may be under way.
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

json call_home(const std::string& ip, long long now) {
  return {{"addresses", {{{"ip", ip}, {"role", "source"}}, {{"ip", "203.0.113.66"}, {"role", "destination"}}}},
          {"observed_at", format_utc(now - 3'600'000)}, {"subcategory", "suspicious_connection"},
          {"description", "beacon to a known C2"}};
}

// The outbreak alerts among the mails so far: who got them.
std::multiset<std::string> alerted(SmtpServer& smtp, size_t at_least) {
  std::multiset<std::string> out;
  for (const auto& m : smtp.wait_for(at_least))
    if (m["kind"] == "outbreak_alert") out.insert(m["to"][0].get<std::string>());
  return out;
}

}  // namespace

TEST(OutbreakAlert, FiveUnitsOfARegionWarnedOfOneKindInADayTellTheRegionAndTheCertOnce) {
  SmtpServer smtp;
  ServerProcess server({.extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}});
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto now = *parse_iso8601(now_of(cert));
  auto issue = [&](const std::vector<std::string>& ips) {
    json batch = json::array();
    for (const auto& ip : ips) batch.push_back(call_home(ip, now));
    auto r = cert.post("/api/v1/warnings", batch);
    ASSERT_EQ(r.status, 201) << r.body;
  };

  // Four units of the southern region (two in each county): one short of the profile's five.
  issue({"198.51.100.7", "198.51.100.40", "198.51.100.130", "198.51.100.170"});
  EXPECT_TRUE(alerted(smtp, 4).empty());
  // A fifth, the Kaohsiung county centre's own address: the region is told, and the CERT. The
  // counties, with three units and two, are not.
  issue({"198.51.100.70"});
  auto told = alerted(smtp, 7);
  EXPECT_EQ(told.size(), 2u) << "the region's contact and the CERT's";
  EXPECT_EQ(told, (std::multiset<std::string>{"cert.1@demo.tongbao.test", "south.2@demo.tongbao.test"}));
  auto audit = cert.get("/api/v1/audit?entity=unit&entity_id=" + std::string(demo::kRegion)).json();
  bool recorded = false;
  for (const auto& e : audit["items"]) recorded = recorded || e["action"] == "outbreak.alert";
  EXPECT_TRUE(recorded) << audit.dump();

  // More of the same that day tells nobody again.
  issue({"198.51.100.8"});
  EXPECT_EQ(alerted(smtp, 8).size(), 2u);
  // A day later it starts again: five more units' warnings are a new alert.
  ASSERT_EQ(cert.post("/api/v1/_test/clock", {{"advance_seconds", 25 * 3600}}).status, 200);
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  now = *parse_iso8601(now_of(cert));
  issue({"198.51.100.9", "198.51.100.41", "198.51.100.131", "198.51.100.171", "198.51.100.71"});
  EXPECT_EQ(alerted(smtp, 15).size(), 4u);
}
