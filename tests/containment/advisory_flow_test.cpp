// Advisories to units: the CERT tells every unit of a vulnerability, each answers whether it is
// affected, and the issuer and each centre read the answers of their units.
#include <gtest/gtest.h>

#include <thread>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

HttpClient signed_in(ServerProcess& server, const char* oid, const char* account) {
  auto c = server.client();
  c.set_token(sign_in(c, oid, account));
  return c;
}

json advisory(HttpClient& c) {
  const auto in_a_week = tongbao::core::format_utc(*tongbao::core::parse_iso8601(now_of(c)) + 7 * 86'400'000LL);
  return {{"title", "Fortinet FortiOS SSL-VPN 遠端程式碼執行漏洞"},
          {"text", "請確認所轄設備版本並更新至修補版本。"},
          {"severity", "critical"},
          {"products", {"cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*"}},
          {"cves", {"CVE-2026-21762"}},
          {"references", {"https://www.fortiguard.com/psirt/FG-IR-26-001"}},
          {"reply_by", in_a_week}};
}

}  // namespace

TEST(AdvisoryFlow, TheCertAsksEveryUnitAndEachCentreReadsItsUnitsAnswers) {
  ServerProcess server;
  auto cert = signed_in(server, demo::kCert, "cert");
  auto r = cert.post("/api/v1/advisories", advisory(cert));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["recipients"], 7) << "the region, two counties and four schools";
  EXPECT_TRUE(r.json()["number"].get<std::string>().starts_with("TACERT-ADV-"));
  const auto id = std::to_string(r.json()["id"].get<long long>());
  int mailed = 0;
  const auto outbox = cert.get("/api/v1/outbox?limit=100").json();
  for (const auto& m : outbox["items"]) mailed += m["kind"] == "advisory";
  EXPECT_EQ(mailed, 7) << "each unit's contact";

  // A school reads it, answers, and may change its answer; nonsense is refused.
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  const auto received = school.get("/api/v1/advisories").json();
  ASSERT_EQ(received["total"], 1);
  EXPECT_TRUE(received["items"][0]["mine"]["answer"].is_null());
  EXPECT_EQ(school.post("/api/v1/advisories/" + id + "/answer", {{"answer", "maybe"}}).status, 400);
  EXPECT_EQ(school.post("/api/v1/advisories/" + id + "/answer", {{"answer", "affected"}}).status, 400)
      << "affected says what it is doing about it";
  auto answered = school.post("/api/v1/advisories/" + id + "/answer", {{"answer", "patched"}, {"note", "已更新至 7.2.9"}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.json()["answer"], "patched");
  EXPECT_EQ(school.get("/api/v1/advisories/" + id).json()["answers"].size(), 0u) << "a school sees only its own";

  // The county sees its two schools; the other county its own; the CERT all, by centre too.
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  const auto mine = county.get("/api/v1/advisories/" + id).json();
  EXPECT_EQ(mine["answers"].size(), 3u) << "its own and its two schools': " << mine.dump();
  EXPECT_EQ(mine["by_answer"]["patched"], 1);
  EXPECT_EQ(mine["by_answer"]["unanswered"], 2);
  EXPECT_TRUE(mine["mine"]["answer"].is_null()) << "the county received it too";
  auto other = signed_in(server, demo::kCountyB, "pingtung");
  EXPECT_EQ(other.get("/api/v1/advisories/" + id).json()["by_answer"]["patched"], 0);
  const auto all = cert.get("/api/v1/advisories/" + id).json();
  EXPECT_EQ(all["answers"].size(), 7u);
  bool county_a_row = false;
  for (const auto& c : all["by_centre"])
    if (c["centre"]["oid"] == demo::kCountyA) county_a_row = c["counts"]["patched"] == 1 && c["counts"]["unanswered"] == 1;
  EXPECT_TRUE(county_a_row) << all["by_centre"].dump();
  EXPECT_EQ(cert.get("/api/v1/advisories?issued=true").json()["items"][0]["answered"], 1);
  auto csv = cert.get("/api/v1/advisories/" + id + "?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("已更新至 7.2.9"), std::string::npos);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 8) << "a header and seven units";
}

TEST(AdvisoryFlow, ACentreAsksTheOwnersOfRangesAndNoOneReachesAboveTheirPlace) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto body = advisory(county);
  body["ranges"] = {"198.51.100.32/28"};
  auto r = county.post("/api/v1/advisories", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["recipients"], 1) << "only the school owning those addresses";
  auto owner = signed_in(server, demo::kSchoolA2, "teacher");
  EXPECT_EQ(owner.get("/api/v1/advisories").json()["total"], 1);
  auto bystander = signed_in(server, demo::kSchoolA1, "teacher");
  EXPECT_EQ(bystander.get("/api/v1/advisories").json()["total"], 0);
  const auto id = std::to_string(r.json()["id"].get<long long>());
  EXPECT_EQ(bystander.post("/api/v1/advisories/" + id + "/answer", {{"answer", "not_affected"}}).status, 404);
  EXPECT_EQ(bystander.get("/api/v1/advisories/" + id).status, 404);

  auto refused = [&](HttpClient& c, json b, int status, const std::string& field) {
    auto x = c.post("/api/v1/advisories", b);
    EXPECT_EQ(x.status, status) << b.dump() << " -> " << x.body;
    if (!field.empty()) {
      EXPECT_EQ(x.json()["error"]["field"], field) << x.body;
    }
  };
  auto outside = advisory(county);
  outside["ranges"] = {"198.51.100.130/32"};
  refused(county, outside, 400, "ranges");  // the other county's school
  auto above = advisory(county);
  above["unit_oid"] = demo::kCountyB;
  refused(county, above, 400, "unit_oid");
  auto bad_cve = advisory(county);
  bad_cve["cves"] = {"CVE-26-1"};
  refused(county, bad_cve, 400, "cves[0]");
  auto late = advisory(county);
  late["reply_by"] = "2020-01-01T00:00:00Z";
  refused(county, late, 400, "reply_by");
  auto loud = advisory(county);
  loud["severity"] = "apocalyptic";
  refused(county, loud, 400, "severity");
  refused(bystander, advisory(bystander), 403, "");
  auto cert = signed_in(server, demo::kCert, "cert");
  EXPECT_EQ(cert.get("/api/v1/advisories?issued=true").json()["total"], 0) << "the CERT issued none";
}

TEST(AdvisoryFlow, UnitsThatHaveNotAnsweredAreRemindedTheDayBeforeAndAtTheDate) {
  ServerProcess server;
  auto cert = signed_in(server, demo::kCert, "cert");
  auto r = cert.post("/api/v1/advisories", advisory(cert));  // to answer within a week
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = std::to_string(r.json()["id"].get<long long>());
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  ASSERT_EQ(school.post("/api/v1/advisories/" + id + "/answer", {{"answer", "not_affected"}}).status, 200);
  auto count = [&](const std::string& kind) {
    int n = 0;
    const auto outbox = cert.get("/api/v1/outbox?limit=200").json();
    for (const auto& m : outbox["items"]) n += m["kind"] == kind;
    return n;
  };
  auto wait_for = [&](const std::string& kind, int n) {
    for (int tries = 0; tries < 50 && count(kind) < n; ++tries) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return count(kind);
  };
  EXPECT_EQ(count("advisory_reminder"), 0);
  ASSERT_EQ(cert.post("/api/v1/_test/clock", {{"advance_seconds", 6 * 86400 + 3600}}).status, 200);
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  EXPECT_EQ(wait_for("advisory_reminder", 6), 6) << "the six units that have not answered, not the one that has";
  ASSERT_EQ(cert.post("/api/v1/_test/clock", {{"advance_seconds", 86400}}).status, 200);
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  EXPECT_EQ(wait_for("advisory_overdue", 6), 6);
  EXPECT_EQ(cert.get("/api/v1/advisories/" + id).json()["by_answer"]["unanswered"], 6);
}
