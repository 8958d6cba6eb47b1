// Blocked addresses over HTTP: a centre blocks its schools' addresses (by hand or thousands at
// once with an API key), the firewall feed lists them, a school asks for the unblock saying what
// it did, the centre refuses or approves; nobody blocks above their place in the tree.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

HttpClient signed_in(ServerProcess& server, const char* oid, const char* account) {
  auto c = server.client();
  c.set_token(sign_in(c, oid, account));
  return c;
}

// The prefixes of the plain-text feed, without its comment line.
std::set<std::string> feed_lines(HttpClient& c, const std::string& query = "") {
  auto r = c.get("/api/v1/blocks/feed" + query);
  EXPECT_EQ(r.status, 200) << r.body;
  std::set<std::string> out;
  std::istringstream in(r.body);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.insert(line);
  return out;
}

std::string header(const HttpResult& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

json block(const std::string& prefix, const std::string& reason = "botnet traffic to a known C2") {
  return {{"prefix", prefix}, {"reason", reason}};
}

}  // namespace

TEST(BlockFlow, ACentreBlocksItsSchoolsAndTheFirewallFeedListsThem) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto r = county.post("/api/v1/blocks", json::array({block("198.51.100.7"), block("198.51.100.32/28"),
                                                      block("2001:db8:101::5")}));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto items = r.json()["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["prefix"], "198.51.100.7/32");
  EXPECT_EQ(items[0]["unit"]["oid"], demo::kSchoolA1) << "the school owning the address by longest prefix";
  EXPECT_EQ(items[1]["unit"]["oid"], demo::kSchoolA2);
  EXPECT_EQ(items[2]["unit"]["oid"], demo::kSchoolA1);
  EXPECT_EQ(items[0]["centre"]["oid"], demo::kCountyA);
  EXPECT_EQ(r.json()["created"], 3);

  EXPECT_EQ(feed_lines(county), (std::set<std::string>{"198.51.100.7/32", "198.51.100.32/28", "2001:db8:101::5/128"}));
  // The region above sees its counties' blocks; the other county none; the school its own.
  auto region = signed_in(server, demo::kRegion, "south");
  EXPECT_EQ(feed_lines(region).size(), 3u);
  auto other_county = signed_in(server, demo::kCountyB, "pingtung");
  EXPECT_TRUE(feed_lines(other_county).empty());
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  EXPECT_EQ(school.get("/api/v1/blocks?standing=in_force").json()["total"], 2);

  // Polling an unchanged list costs a 304; a change changes the tag.
  auto first = county.get("/api/v1/blocks/feed");
  const auto tag = header(first, "etag");
  ASSERT_FALSE(tag.empty());
  auto again = county.request("GET", "/api/v1/blocks/feed", "", {{"If-None-Match", tag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  ASSERT_EQ(county.post("/api/v1/blocks", block("198.51.100.8")).status, 201);
  auto changed = county.request("GET", "/api/v1/blocks/feed", "", {{"If-None-Match", tag}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(header(changed, "etag"), tag);

  // Blocking the same prefix again is no second block.
  auto twice = county.post("/api/v1/blocks", json::array({block("198.51.100.7")}));
  ASSERT_EQ(twice.status, 201) << twice.body;
  EXPECT_EQ(twice.json()["created"], 0);
  EXPECT_TRUE(twice.json()["items"][0]["already_blocked"].get<bool>());
  EXPECT_EQ(county.get("/api/v1/blocks").json()["total"], 4);
  // Nor is the same prefix twice in one request (written another way).
  auto repeated = county.post("/api/v1/blocks", json::array({block("198.51.100.20"), block("198.51.100.20/32")}));
  ASSERT_EQ(repeated.status, 201) << repeated.body;
  EXPECT_EQ(repeated.json()["created"], 1);
  EXPECT_EQ(repeated.json()["items"][0]["id"], repeated.json()["items"][1]["id"]);
  EXPECT_EQ(county.get("/api/v1/blocks").json()["total"], 5);

  // The JSON feed names each prefix's owner.
  auto as_json = county.get("/api/v1/blocks/feed?format=json");
  ASSERT_EQ(as_json.status, 200);
  EXPECT_EQ(as_json.json()["prefixes"].size(), 5u);
  EXPECT_EQ(as_json.json()["prefixes"][0]["unit_oid"].get<std::string>().substr(0, 20), "2.16.886.111.90000.3");
}

TEST(BlockFlow, NobodyBlocksAboveTheirPlaceAndARefusedBatchChangesNothing) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto refused = [&](HttpClient& c, const json& body, int status, const std::string& field) {
    auto r = c.post("/api/v1/blocks", body);
    EXPECT_EQ(r.status, status) << body.dump() << " -> " << r.body;
    if (!field.empty()) {
      EXPECT_EQ(r.json()["error"]["field"], field) << r.body;
    }
  };
  refused(county, block("198.51.100.130"), 400, "prefix");            // the other county's school
  refused(county, block("198.51.100.0/24"), 400, "prefix");           // wider than its own ranges: the region's
  refused(county, block("203.0.113.9"), 400, "prefix");               // nobody's address
  refused(county, block("198.51.100.1/24"), 400, "prefix");           // host bits set
  refused(county, block("198.51.100.7", " "), 400, "reason");         // no reason
  refused(county, json{{"prefix", "198.51.100.7"}, {"reason", "x"}, {"expires_at", "2020-01-01T00:00:00Z"}}, 400,
          "expires_at");
  refused(county, json{{"prefix", "198.51.100.7"}, {"reason", "x"}, {"colour", "red"}}, 400, "colour");
  // All or nothing: one bad item in a batch stores none of the good ones.
  refused(county, json::array({block("198.51.100.7"), block("198.51.100.131")}), 400, "[1].prefix");
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  refused(school, block("198.51.100.7"), 403, "");  // schools do not block
  auto cert = signed_in(server, demo::kCert, "cert");
  EXPECT_EQ(cert.get("/api/v1/blocks").json()["total"], 0) << "nothing was stored";

  // Too many in one request, before anything is read.
  json many = json::array();
  for (int i = 0; i < 10'001; ++i) many.push_back(block("2001:db8:101::" + std::to_string(i + 1)));
  refused(county, many, 400, "body");

  // The CERT blocks anywhere; a link to a warning or ticket outside the blocker's units is refused.
  ASSERT_EQ(cert.post("/api/v1/blocks", block("198.51.100.130")).status, 201);
  refused(county, json{{"prefix", "198.51.100.7"}, {"reason", "x"}, {"incident_id", 999}}, 400, "incident_id");
  // A block outside one's subtree is not even visible.
  const auto id = cert.get("/api/v1/blocks").json()["items"][0]["id"].get<long long>();
  EXPECT_EQ(county.get("/api/v1/blocks/" + std::to_string(id)).status, 404);
  EXPECT_EQ(county.post("/api/v1/blocks/" + std::to_string(id) + "/decision", {{"decision", "approve"}}).status, 404);
}

TEST(BlockFlow, TheSchoolAsksTheCentreRefusesThenApprovesAndMailTellsEachStep) {
  SmtpServer smtp;
  ServerProcess server({.extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}});
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto r = county.post("/api/v1/blocks", block("198.51.100.7"));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = std::to_string(r.json()["id"].get<long long>());
  auto mails = smtp.wait_for(1);
  ASSERT_GE(mails.size(), 1u);
  EXPECT_EQ(mails[0]["kind"], "address_blocked");
  EXPECT_EQ(mails[0]["to"][0], "teacher.5@demo.tongbao.test");

  // Only the school owning the address asks, and says what it did.
  auto other_school = signed_in(server, demo::kSchoolA2, "teacher");
  EXPECT_EQ(other_school.post("/api/v1/blocks/" + id + "/unblock-request", {{"actions", {"reimaged"}}}).status, 404);
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  EXPECT_EQ(school.post("/api/v1/blocks/" + id + "/unblock-request", {{"actions", json::array()}}).status, 400);
  EXPECT_EQ(school.post("/api/v1/blocks/" + id + "/unblock-request", {{"actions", {"prayed"}}}).status, 400);
  EXPECT_EQ(school.post("/api/v1/blocks/" + id + "/unblock-request", {{"actions", {"other"}}}).status, 400)
      << "'other' needs a note";
  EXPECT_EQ(school.post("/api/v1/blocks/" + id + "/decision", {{"decision", "approve"}}).status, 403)
      << "a school does not lift its own block";
  auto asked = school.post("/api/v1/blocks/" + id + "/unblock-request",
                           {{"actions", {"reimaged", "scanned"}}, {"note", "電腦教室第 7 台已重灌並掃毒"}});
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(asked.json()["state"], "unblock_requested");
  EXPECT_EQ(school.post("/api/v1/blocks/" + id + "/unblock-request", {{"actions", {"scanned"}}}).status, 409);
  mails = smtp.wait_for(2);
  ASSERT_GE(mails.size(), 2u);
  EXPECT_EQ(mails[1]["kind"], "unblock_requested");
  EXPECT_EQ(mails[1]["to"][0], "kaohsiung.3@demo.tongbao.test");

  // The centre's list puts what awaits its decision first.
  ASSERT_EQ(county.post("/api/v1/blocks", block("198.51.100.9")).status, 201);
  auto waiting = county.get("/api/v1/blocks?standing=requested").json();
  EXPECT_EQ(waiting["total"], 1);
  EXPECT_EQ(county.get("/api/v1/blocks").json()["items"][0]["state"], "unblock_requested");

  // A refusal says why; the block stays in force and the school may ask again.
  EXPECT_EQ(county.post("/api/v1/blocks/" + id + "/decision", {{"decision", "refuse"}}).status, 400);
  auto no = county.post("/api/v1/blocks/" + id + "/decision",
                        {{"decision", "refuse"}, {"reason", "仍偵測到連線，請再檢查"}});
  ASSERT_EQ(no.status, 200) << no.body;
  EXPECT_EQ(no.json()["state"], "blocked");
  EXPECT_TRUE(no.json()["in_force"].get<bool>());
  EXPECT_EQ(feed_lines(county).count("198.51.100.7/32"), 1u);
  ASSERT_EQ(school.post("/api/v1/blocks/" + id + "/unblock-request", {{"actions", {"device_removed"}}}).status, 200);
  auto yes = county.post("/api/v1/blocks/" + id + "/decision", {{"decision", "approve"}});
  ASSERT_EQ(yes.status, 200) << yes.body;
  EXPECT_EQ(yes.json()["state"], "unblocked");
  EXPECT_FALSE(yes.json()["in_force"].get<bool>());
  EXPECT_EQ(county.post("/api/v1/blocks/" + id + "/decision", {{"decision", "approve"}}).status, 409);
  EXPECT_EQ(feed_lines(county), (std::set<std::string>{"198.51.100.9/32"}));

  // Each step is on the block's history, in the audit trail, and in a mail.
  auto seen = school.get("/api/v1/blocks/" + id).json();
  std::vector<std::string> actions;
  for (const auto& e : seen["events"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"blocked", "unblock_requested", "unblock_refused", "unblock_requested",
                                               "unblocked"}));
  EXPECT_EQ(seen["events"][1]["actions"], json::array({"reimaged", "scanned"}));
  EXPECT_EQ(seen["events"][1]["note"], "電腦教室第 7 台已重灌並掃毒");
  EXPECT_EQ(seen["events"][2]["note"], "仍偵測到連線，請再檢查");
  auto cert = signed_in(server, demo::kCert, "cert");
  auto audit = cert.get("/api/v1/audit?entity=block&entity_id=" + id).json();
  EXPECT_EQ(audit["items"].size(), 4u) << audit.dump();
  std::multiset<std::string> kinds;
  for (const auto& m : smtp.wait_for(6)) kinds.insert(m["kind"].get<std::string>());
  EXPECT_EQ(kinds.count("unblock_refused"), 1u);
  EXPECT_EQ(kinds.count("address_unblocked"), 1u);
  EXPECT_EQ(kinds.count("unblock_requested"), 2u);
}

TEST(BlockFlow, AnExpiredBlockLeavesTheFeedAndAPollSinceSaysSo) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  const auto now = now_of(county);
  ASSERT_EQ(county.post("/api/v1/blocks", json::array({json{{"prefix", "198.51.100.7"}, {"reason", "scan"},
                                                            {"expires_at", "2099-01-01T00:00:00Z"}},
                                                       block("198.51.100.8")}))
                .status,
            201);
  // Expiring in an hour: in force now, gone after two.
  const auto in_an_hour = tongbao::core::format_utc(*tongbao::core::parse_iso8601(now) + 3600'000);
  auto soon = county.post("/api/v1/blocks", json{{"prefix", "198.51.100.9"}, {"reason", "scan"},
                                                 {"expires_at", in_an_hour}});
  ASSERT_EQ(soon.status, 201) << soon.body;
  EXPECT_EQ(feed_lines(county).size(), 3u);
  ASSERT_EQ(county.post("/api/v1/_test/clock", {{"advance_seconds", 2 * 3600}}).status, 200);
  EXPECT_EQ(feed_lines(county), (std::set<std::string>{"198.51.100.7/32", "198.51.100.8/32"}));
  auto since = county.get("/api/v1/blocks/feed?format=json&updated_since=" + now).json();
  EXPECT_EQ(since["removed"], json::array({"198.51.100.9/32"})) << since.dump();
  EXPECT_EQ(county.get("/api/v1/blocks?standing=ended").json()["total"], 1);
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  const auto id = std::to_string(soon.json()["id"].get<long long>());
  EXPECT_EQ(school.post("/api/v1/blocks/" + id + "/unblock-request", {{"actions", {"scanned"}}}).status, 409)
      << "nothing left to lift";
}

TEST(BlockFlow, BlocksFollowTheirAddressesWhenAUnitsRangesChange) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  // 198.51.100.70 lies in the county's own /25, in no school's range yet.
  auto r = county.post("/api/v1/blocks", block("198.51.100.70"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["unit"]["oid"], demo::kCountyA);
  ASSERT_EQ(county.post("/api/v1/units", {{"oid", "2.16.886.111.90000.33"}, {"code", "KHES03"}, {"name", "高雄市立新設國小"},
                                          {"kind", "school"}, {"parent_oid", demo::kCountyA},
                                          {"ip_ranges", {"198.51.100.64/27"}}})
                .status,
            201);
  const auto id = std::to_string(r.json()["id"].get<long long>());
  EXPECT_EQ(county.get("/api/v1/blocks/" + id).json()["unit"]["oid"], "2.16.886.111.90000.33")
      << "the new school owns the address now, and its block";
}

TEST(BlockFlow, AFirewallScriptBlocksThousandsInOneRequestWithTheCentresKey) {
  ServerProcess server;
  auto cert = signed_in(server, demo::kCert, "cert");
  auto key = cert.post(std::string("/api/v1/units/") + demo::kCountyA + "/api-keys", {{"name", "firewall"}});
  ASSERT_EQ(key.status, 201) << key.body;
  auto machine = server.client();
  machine.set_token(key.json()["key"].get<std::string>());
  json many = json::array();
  for (int i = 0; i < 5'000; ++i) many.push_back(block("2001:db8:101::" + std::to_string(i + 1), "SMB scanning"));
  auto r = machine.post("/api/v1/blocks", many);
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 300);
  EXPECT_EQ(r.json()["created"], 5'000);
  EXPECT_EQ(feed_lines(machine).size(), 5'000u);
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  EXPECT_EQ(school.get("/api/v1/blocks?limit=1").json()["total"], 5'000);
  EXPECT_EQ(machine.post("/api/v1/blocks", many).json()["created"], 0) << "a repeat run blocks nothing new";
}

TEST(BlockFlow, TheFiguresShowTheCurveFallAsSchoolsAreUnblocked) {
  using tongbao::core::format_utc;
  using tongbao::core::parse_iso8601;
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  constexpr long long kDay = 86'400'000, kTaipei = 8 * 3'600'000;
  const auto now = *parse_iso8601(now_of(county));
  const auto day0 = (now + kTaipei) / kDay * kDay - kTaipei;  // Taipei midnight of today
  auto r = county.post("/api/v1/blocks", json::array({block("198.51.100.1"), block("198.51.100.2"), block("198.51.100.3"),
                                                      block("198.51.100.33"), block("198.51.100.34")}));
  ASSERT_EQ(r.status, 201) << r.body;
  std::vector<std::string> ids;
  const auto made = r.json();
  for (const auto& b : made["items"]) ids.push_back(std::to_string(b["id"].get<long long>()));
  auto advance_a_day = [&] { ASSERT_EQ(county.post("/api/v1/_test/clock", {{"advance_seconds", 86400}}).status, 200); };
  advance_a_day();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));  // sessions last half a day
  for (int i : {0, 1}) ASSERT_EQ(county.post("/api/v1/blocks/" + ids[i] + "/decision", {{"decision", "approve"}}).status, 200);
  advance_a_day();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto school = signed_in(server, demo::kSchoolA2, "teacher");
  ASSERT_EQ(school.post("/api/v1/blocks/" + ids[3] + "/unblock-request", {{"actions", {"reimaged"}}}).status, 200);
  ASSERT_EQ(county.post("/api/v1/blocks/" + ids[3] + "/decision", {{"decision", "approve"}}).status, 200);

  const auto query = "?from=" + format_utc(day0) + "&to=" + format_utc(day0 + 3 * kDay) + "&longer_than_days=1";
  auto f = county.get("/api/v1/blocks/figures" + query);
  ASSERT_EQ(f.status, 200) << f.body;
  const auto figures = f.json();
  std::vector<long long> curve;
  for (const auto& p : figures["curve"]) curve.push_back(p["in_force"]);
  EXPECT_EQ(curve, (std::vector<long long>{5, 3, 2})) << figures.dump();
  EXPECT_EQ(figures["curve"][0]["day"], format_utc(day0 + kTaipei).substr(0, 10));
  EXPECT_EQ(figures["in_force_now"], 2);
  EXPECT_EQ(figures["blocked_in_period"], 5);
  EXPECT_EQ(figures["unblocked_in_period"], 3);
  EXPECT_NEAR(figures["median_hours_to_unblock"].get<double>(), 24.0, 0.1) << "24 h, 24 h and 48 h";
  EXPECT_EQ(figures["longer_than_limit"], 2) << "both left have been blocked two days, past the one-day limit";
  ASSERT_EQ(figures["units"].size(), 2u);
  EXPECT_EQ(figures["units"][0]["in_force"], 1);

  // The other county sees none of it; the school sees its own; nonsense is refused.
  auto other = signed_in(server, demo::kCountyB, "pingtung");
  EXPECT_EQ(other.get("/api/v1/blocks/figures" + query).json()["blocked_in_period"], 0);
  EXPECT_EQ(school.get("/api/v1/blocks/figures" + query).json()["blocked_in_period"], 2);
  EXPECT_EQ(county.get("/api/v1/blocks/figures?longer_than_days=-1").status, 400);
  EXPECT_EQ(county.get("/api/v1/blocks/figures?from=2020-01-01T00:00:00Z").status, 400) << "more than 400 days";
  EXPECT_EQ(county.get("/api/v1/blocks/figures?unit=" + std::string(demo::kSchoolB1)).status, 400);
}

TEST(BlockFlow, TheMonthlyReportTellsWhereTheBlocksStood) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto r = county.post("/api/v1/blocks", json::array({block("198.51.100.4"), block("198.51.100.5")}));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = std::to_string(r.json()["items"][0]["id"].get<long long>());
  ASSERT_EQ(county.post("/api/v1/blocks/" + id + "/decision", {{"decision", "approve"}}).status, 200);
  const auto month = now_of(county).substr(0, 7);
  auto report = county.get("/api/v1/reports/monthly?month=" + month);
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("<dt>本月封鎖</dt><dd>2</dd><dt>本月解除</dt><dd>1</dd>"), std::string::npos) << report.body;
  EXPECT_NE(report.body.find("<th scope=\"row\">高雄市立港都國民中學</th><td>1</td><td>0</td>"), std::string::npos);
}

TEST(BlockFlow, TheSchoolGivesEvidenceWithItsRequestAndTheCentreReadsIt) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto r = county.post("/api/v1/blocks", block("198.51.100.7"));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = std::to_string(r.json()["id"].get<long long>());
  const auto upload = "/api/v1/blocks/" + id + "/evidence?name=%E6%8E%83%E6%AF%92%E5%A0%B1%E5%91%8A.pdf";
  const std::string report = "%PDF-1.4 full scan of lab-pc-07: no threats found";

  // Only the school owning the address gives evidence; nobody else learns the block exists.
  auto other_school = signed_in(server, demo::kSchoolA2, "teacher");
  EXPECT_EQ(other_school.request("POST", upload, report, {}, "application/pdf").status, 404);
  EXPECT_EQ(county.request("POST", upload, report, {}, "application/pdf").status, 403) << "the centre decides, it does not testify";
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  EXPECT_EQ(school.request("POST", upload, "", {}, "application/pdf").status, 400) << "an empty file";
  EXPECT_EQ(school.request("POST", "/api/v1/blocks/" + id + "/evidence", report, {}, "application/pdf").status, 400)
      << "a file needs its name";
  auto given = school.request("POST", upload, report, {}, "application/pdf");
  ASSERT_EQ(given.status, 201) << given.body;
  EXPECT_EQ(given.json()["file_name"], "掃毒報告.pdf");
  EXPECT_EQ(given.json()["size_bytes"], static_cast<long long>(report.size()));
  ASSERT_EQ(school.post("/api/v1/blocks/" + id + "/unblock-request", {{"actions", {"scanned"}}}).status, 200);

  // The centre sees it on the block and downloads the same bytes; the other county sees nothing.
  auto seen = county.get("/api/v1/blocks/" + id).json();
  ASSERT_EQ(seen["evidence"].size(), 1u) << seen.dump();
  const auto download = seen["evidence"][0]["download"].get<std::string>();
  auto file = county.get(download);
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body, report);
  EXPECT_EQ(file.header("content-type"), "application/octet-stream");
  EXPECT_EQ(file.header("x-checksum-sha256"), given.json()["sha256"]);
  auto other_county = signed_in(server, demo::kCountyB, "pingtung");
  EXPECT_EQ(other_county.get(download).status, 404);
  std::vector<std::string> actions;
  for (const auto& e : seen["events"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"blocked", "evidence_added", "unblock_requested"}));

  // Once lifted, nothing more is added.
  ASSERT_EQ(county.post("/api/v1/blocks/" + id + "/decision", {{"decision", "approve"}}).status, 200);
  EXPECT_EQ(school.request("POST", upload, report, {}, "application/pdf").status, 409);
  EXPECT_EQ(county.get(download).body, report) << "kept with the block's history";
}

TEST(BlockFlow, ACentreSetsHowLongBlocksMayLastAndItsFiguresAndReportFollow) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  ASSERT_EQ(county.post("/api/v1/blocks", json::array({block("198.51.100.4"), block("198.51.100.36")})).status, 201);
  ASSERT_EQ(county.post("/api/v1/_test/clock", {{"advance_seconds", 3 * 86400}}).status, 200);
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  EXPECT_EQ(county.get("/api/v1/blocks/figures").json()["limit_days"], 30) << "none set: 30 days";
  EXPECT_EQ(county.get("/api/v1/blocks/figures").json()["longer_than_limit"], 0);

  // Only a centre's person sets it, within reason.
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  EXPECT_EQ(school.request("PUT", "/api/v1/blocks/limit", json{{"days", 1}}.dump()).status, 403);
  EXPECT_EQ(county.request("PUT", "/api/v1/blocks/limit", json{{"days", 0}}.dump()).status, 400);
  EXPECT_EQ(county.request("PUT", "/api/v1/blocks/limit", json{{"days", "two"}}.dump()).status, 400);
  auto set = county.request("PUT", "/api/v1/blocks/limit", json{{"days", 2}}.dump());
  ASSERT_EQ(set.status, 200) << set.body;
  // The county's figures, its school's and its monthly report count against two days now; the
  // region above, which set a week, keeps its own.
  auto figures = county.get("/api/v1/blocks/figures").json();
  EXPECT_EQ(figures["limit_days"], 2);
  EXPECT_EQ(figures["longer_than_limit"], 2);
  EXPECT_EQ(school.get("/api/v1/blocks/figures").json()["longer_than_limit"], 1) << "the school follows its centre";
  EXPECT_EQ(county.get("/api/v1/blocks/figures?longer_than_days=5").json()["longer_than_limit"], 0) << "asked for: as asked";
  auto region = signed_in(server, demo::kRegion, "south");
  ASSERT_EQ(region.request("PUT", "/api/v1/blocks/limit", json{{"days", 7}}.dump()).status, 200);
  EXPECT_EQ(region.get("/api/v1/blocks/figures").json()["limit_days"], 7);
  EXPECT_EQ(county.get("/api/v1/blocks/figures").json()["limit_days"], 2) << "the nearest setting counts";
  const auto month = tongbao::core::format_utc(*tongbao::core::parse_iso8601(now_of(county))).substr(0, 7);
  auto report = county.get("/api/v1/reports/monthly?lang=en&month=" + month);
  ASSERT_EQ(report.status, 200) << report.body.substr(0, 300);
  EXPECT_NE(report.body.find("<dt>Blocked longer than 2 days now</dt><dd>2</dd>"), std::string::npos);
}
