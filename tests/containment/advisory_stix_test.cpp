// An advisory as a STIX 2.1 bundle: what the builder writes (a report, one vulnerability per CVE,
// the issuer's identity; stable ids), and who may download it through the API.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/advisory_stix.h"
#include "core/time_format.h"
#include "core/warning_formats.h"
#include "exchange/stix_schemas.h"
#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

const std::regex kStixId(R"(([a-z0-9-]+)--[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})");
const std::regex kStixTime(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");

constexpr core::TimeMs kIssued = 1'795'392'000'123;  // 2026-11-23T00:00:00.123Z

core::AdvisoryStixInput sample() {
  core::AdvisoryStixInput in;
  in.advisory.id = 7;
  in.advisory.number = "TACERT-ADV-202611-0003";
  in.advisory.issuer_unit_id = 1;
  in.advisory.created_at = kIssued;
  in.advisory.created_by = "2.16.886.111.90000.1/cert";
  auto& a = in.advisory.input;
  a.title = "Fortinet FortiOS SSL-VPN 遠端程式碼執行漏洞";
  a.text = "請確認所轄設備版本並更新至修補版本。";
  a.severity = "critical";
  a.products = {"cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*", "FortiProxy 7.0"};
  a.cves = {"CVE-2026-21762", "CVE-2025-0282", "CVE-2026-21762"};  // one named twice
  a.references = {"https://www.fortiguard.com/psirt/FG-IR-26-001", "原廠公告 FG-IR-26-001"};
  a.reply_by = kIssued + 7 * 86'400'000LL;
  in.issuer_oid = demo::kCert;
  in.issuer_name = "臺灣學術網路危機處理中心";
  in.url = "https://tongbao.example.edu.tw/advisories/7";
  return in;
}

std::vector<json> of_type(const json& bundle, const std::string& type) {
  std::vector<json> out;
  for (const auto& o : bundle["objects"])
    if (o["type"] == type) out.push_back(o);
  return out;
}

}  // namespace

TEST(AdvisoryStix, EveryObjectIsAWellFormedStix21ObjectCreatedByTheIssuer) {
  const auto text = core::advisory_to_stix(sample());
  const auto bundle = json::parse(text);
  ASSERT_EQ(bundle["type"], "bundle");
  std::smatch m;
  const std::string bundle_id = bundle["id"];
  ASSERT_TRUE(std::regex_match(bundle_id, m, kStixId)) << bundle_id;
  EXPECT_EQ(m[1], "bundle");
  const auto identities = of_type(bundle, "identity");
  ASSERT_EQ(identities.size(), 1u);
  EXPECT_EQ(identities[0]["identity_class"], "organization");
  EXPECT_EQ(identities[0]["name"], "臺灣學術網路危機處理中心");
  EXPECT_EQ(identities[0]["x_tongbao_oid"], demo::kCert);
  std::set<std::string> ids;
  for (const auto& o : bundle["objects"]) {
    ASSERT_TRUE(o.contains("type") && o["type"].is_string()) << o.dump();
    const std::string id = o.value("id", "");
    ASSERT_TRUE(std::regex_match(id, m, kStixId)) << "not a STIX id: " << o.dump();
    EXPECT_EQ(m[1], o["type"].get<std::string>()) << "the id names the object's type";
    EXPECT_TRUE(ids.insert(id).second) << "twice: " << id;
    EXPECT_EQ(o["spec_version"], "2.1") << id;
    for (const char* t : {"created", "modified"}) {
      ASSERT_TRUE(o.contains(t) && o[t].is_string()) << id << " has no " << t;
      EXPECT_TRUE(std::regex_match(o[t].get<std::string>(), kStixTime)) << id << " " << t << ": " << o[t];
    }
    EXPECT_EQ(o["created_by_ref"], identities[0]["id"]) << id;
  }
  EXPECT_EQ(stix_violations(text), "") << "the OASIS STIX 2.1 schemas refuse it:\n" << text;
}

TEST(AdvisoryStix, TheReportSaysTheAdvisoryAndRefersToEveryOtherObject) {
  const auto in = sample();
  const auto bundle = json::parse(core::advisory_to_stix(in));
  const auto reports = of_type(bundle, "report");
  ASSERT_EQ(reports.size(), 1u);
  const auto& report = reports[0];
  EXPECT_EQ(report["name"], in.advisory.input.title);
  EXPECT_EQ(report["description"], in.advisory.input.text);
  EXPECT_EQ(report["published"], "2026-11-23T00:00:00.123Z");
  EXPECT_EQ(report["created"], report["published"]);
  EXPECT_EQ(report["report_types"], json::array({"vulnerability"}));
  EXPECT_EQ(report["x_tongbao_severity"], "critical");
  EXPECT_EQ(report["x_tongbao_affected_products"], json(in.advisory.input.products));
  EXPECT_EQ(report["x_tongbao_reply_by"], "2026-11-30T00:00:00.123Z");

  std::set<std::string> refs, others;
  for (const auto& r : report["object_refs"]) refs.insert(r.get<std::string>());
  for (const auto& o : bundle["objects"])
    if (o["id"] != report["id"]) others.insert(o["id"].get<std::string>());
  EXPECT_EQ(report["object_refs"].size(), refs.size()) << "each once";
  EXPECT_EQ(refs, others);

  // The advisory's own number and address first, then its references: a web address as a url,
  // anything else as a description.
  const auto& external = report["external_references"];
  ASSERT_EQ(external.size(), 3u) << external.dump();
  EXPECT_EQ(external[0], json({{"source_name", "tongbao"}, {"external_id", in.advisory.number}, {"url", in.url}}));
  EXPECT_EQ(external[1]["url"], "https://www.fortiguard.com/psirt/FG-IR-26-001");
  EXPECT_EQ(external[1]["source_name"], "www.fortiguard.com");
  EXPECT_EQ(external[2]["description"], "原廠公告 FG-IR-26-001");
  EXPECT_FALSE(external[2].contains("url"));
}

TEST(AdvisoryStix, OneVulnerabilityPerCveWithItsCveReference) {
  const auto bundle = json::parse(core::advisory_to_stix(sample()));
  const auto vulnerabilities = of_type(bundle, "vulnerability");
  ASSERT_EQ(vulnerabilities.size(), 2u) << "CVE-2026-21762 was named twice";
  std::set<std::string> names;
  for (const auto& v : vulnerabilities) {
    const std::string name = v["name"];
    names.insert(name);
    bool cve_reference = false;
    for (const auto& e : v["external_references"])
      cve_reference = cve_reference || (e["source_name"] == "cve" && e["external_id"] == name);
    EXPECT_TRUE(cve_reference) << v.dump();
  }
  EXPECT_EQ(names, (std::set<std::string>{"CVE-2026-21762", "CVE-2025-0282"}));

  // Without a CVE identifier it is a threat report about nothing but its issuer.
  auto in = sample();
  in.advisory.input.cves.clear();
  in.advisory.input.products.clear();
  const auto text = core::advisory_to_stix(in);
  const auto plain = json::parse(text);
  EXPECT_TRUE(of_type(plain, "vulnerability").empty());
  const auto report = of_type(plain, "report").at(0);
  EXPECT_EQ(report["report_types"], json::array({"threat-report"}));
  EXPECT_EQ(report["object_refs"], json::array({of_type(plain, "identity").at(0)["id"]}));
  EXPECT_FALSE(report.contains("x_tongbao_affected_products")) << "STIX lists are never empty";
  EXPECT_EQ(stix_violations(text), "") << text;
}

TEST(AdvisoryStix, IdsComeFromTheAdvisorysNumberSoExportsAreIdentical) {
  const auto first = core::advisory_to_stix(sample());
  EXPECT_EQ(core::advisory_to_stix(sample()), first);

  // Another advisory: other ids for its report and vulnerabilities, the same issuer identity.
  auto other = sample();
  other.advisory.number = "TACERT-ADV-202611-0004";
  const auto a = json::parse(first), b = json::parse(core::advisory_to_stix(other));
  EXPECT_NE(a["id"], b["id"]);
  EXPECT_NE(of_type(a, "report").at(0)["id"], of_type(b, "report").at(0)["id"]);
  std::set<std::string> va, vb;
  for (const auto& v : of_type(a, "vulnerability")) va.insert(v["id"].get<std::string>());
  for (const auto& v : of_type(b, "vulnerability")) vb.insert(v["id"].get<std::string>());
  for (const auto& id : va) EXPECT_FALSE(vb.count(id)) << id << " in both advisories";
  EXPECT_EQ(of_type(a, "identity").at(0), of_type(b, "identity").at(0));

  // The report keeps its id when only its words change; the bundle, naming its content, does not.
  auto edited = sample();
  edited.advisory.input.title += "（更新）";
  const auto c = json::parse(core::advisory_to_stix(edited));
  EXPECT_EQ(of_type(a, "report").at(0)["id"], of_type(c, "report").at(0)["id"]);
  EXPECT_NE(a["id"], c["id"]);

  // The issuer's identity is the same object its warnings are exported with.
  core::WarningRecord w;
  w.number = "TACERT-EWA-202611-0001";
  w.issuer_oid = demo::kCert;
  w.issuer_name = "臺灣學術網路危機處理中心";
  w.input.addresses = {{"192.0.2.7", "source"}};
  w.input.subcategory = "suspicious_connection";
  w.input.description = "C2";
  w.first_seen = w.last_seen = w.created_at = w.updated_at = kIssued;
  const auto warnings = json::parse(core::warnings_to_stix({w}));
  EXPECT_EQ(of_type(warnings, "identity").at(0), of_type(a, "identity").at(0));
}

// ---- through the API -------------------------------------------------------------------------

namespace {

HttpClient signed_in(ServerProcess& server, const char* oid, const char* account) {
  auto c = server.client();
  c.set_token(sign_in(c, oid, account));
  return c;
}

json advisory(HttpClient& c) {
  const auto in_a_week = core::format_utc(*core::parse_iso8601(now_of(c)) + 7 * 86'400'000LL);
  return {{"title", "Fortinet FortiOS SSL-VPN 遠端程式碼執行漏洞"},
          {"text", "請確認所轄設備版本並更新至修補版本。"},
          {"severity", "critical"},
          {"products", {"cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*"}},
          {"cves", {"CVE-2026-21762"}},
          {"references", {"https://www.fortiguard.com/psirt/FG-IR-26-001"}},
          {"reply_by", in_a_week}};
}

}  // namespace

TEST(AdvisoryStixExport, TheIssuerSideDownloadsTheBundleAndUnitsThatOnlyReceivedItDoNot) {
  ServerProcess server;
  auto cert = signed_in(server, demo::kCert, "cert");
  auto issued = cert.post("/api/v1/advisories", advisory(cert));
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto created = issued.json();
  const auto id = std::to_string(created["id"].get<long long>());
  const std::string number = created["number"];

  auto r = cert.get("/api/v1/advisories/" + id + "?format=stix");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/stix+json;version=2.1");
  EXPECT_EQ(r.header("content-disposition"), "attachment; filename=\"" + number + ".stix.json\"");
  const auto bundle = json::parse(r.body);
  EXPECT_EQ(stix_violations(r.body), "") << r.body;
  const auto report = of_type(bundle, "report").at(0);
  EXPECT_EQ(report["name"], "Fortinet FortiOS SSL-VPN 遠端程式碼執行漏洞");
  // The time of issue, to the millisecond (the API's own times stop at the second).
  EXPECT_EQ(report["published"].get<std::string>().substr(0, 19), created["created_at"].get<std::string>().substr(0, 19));
  EXPECT_EQ(report["external_references"][0]["external_id"], number);
  EXPECT_TRUE(report["external_references"][0]["url"].get<std::string>().ends_with("/advisories/" + id));
  const auto vulnerabilities = of_type(bundle, "vulnerability");
  ASSERT_EQ(vulnerabilities.size(), 1u);
  EXPECT_EQ(vulnerabilities[0]["name"], "CVE-2026-21762");
  EXPECT_EQ(of_type(bundle, "identity").at(0)["x_tongbao_oid"], demo::kCert);
  EXPECT_EQ(cert.get("/api/v1/advisories/" + id + "?format=stix").body, r.body) << "exported again: the same";

  // A centre reads its units' answers, so it may export too; a school only received it.
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto by_county = county.get("/api/v1/advisories/" + id + "?format=stix");
  EXPECT_EQ(by_county.status, 200) << by_county.body;
  EXPECT_EQ(by_county.body, r.body) << "the same advisory, whoever exports it";
  auto school = signed_in(server, demo::kSchoolA1, "teacher");
  ASSERT_EQ(school.get("/api/v1/advisories/" + id).status, 200) << "the school reads it";
  auto by_school = school.get("/api/v1/advisories/" + id + "?format=stix");
  EXPECT_EQ(by_school.status, 403) << by_school.body;
  EXPECT_EQ(by_school.json()["error"]["code"], "forbidden") << by_school.body;

  EXPECT_EQ(cert.get("/api/v1/advisories/999999?format=stix").status, 404);
  EXPECT_EQ(cert.get("/api/v1/advisories/" + id + "?format=misp").status, 400);
}

TEST(AdvisoryStixExport, ACentreOutsideTheAudienceLearnsNothingOfIt) {
  ServerProcess server;
  auto county = signed_in(server, demo::kCountyA, "kaohsiung");
  auto body = advisory(county);
  body["ranges"] = {"198.51.100.32/28"};  // only school A2
  auto issued = county.post("/api/v1/advisories", body);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto id = std::to_string(issued.json()["id"].get<long long>());

  auto own = county.get("/api/v1/advisories/" + id + "?format=stix");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(of_type(json::parse(own.body), "identity").at(0)["x_tongbao_oid"], demo::kCountyA);
  auto region = signed_in(server, demo::kRegion, "south");
  EXPECT_EQ(region.get("/api/v1/advisories/" + id + "?format=stix").status, 200) << "the centre above the school";
  auto cert = signed_in(server, demo::kCert, "cert");
  EXPECT_EQ(cert.get("/api/v1/advisories/" + id + "?format=stix").status, 200);

  auto other_county = signed_in(server, demo::kCountyB, "pingtung");
  EXPECT_EQ(other_county.get("/api/v1/advisories/" + id + "?format=stix").status, 404);
  auto bystander = signed_in(server, demo::kSchoolA1, "teacher");
  EXPECT_EQ(bystander.get("/api/v1/advisories/" + id + "?format=stix").status, 404);
  auto recipient = signed_in(server, demo::kSchoolA2, "teacher");
  EXPECT_EQ(recipient.get("/api/v1/advisories/" + id + "?format=stix").status, 403);
}
