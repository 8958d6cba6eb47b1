// Authority in the organisation tree: a centre may not raise a unit above its own place, claim
// another branch's addresses, or manage contacts beyond its children; an issuer of warnings sees
// and merges only its own.
#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

const std::string kUnits = "/api/v1/units";
std::string unit_path(const std::string& oid) { return kUnits + "/" + oid; }

class TreeAuthority : public ::testing::Test {
 protected:
  void SetUp() override {
    cert.set_token(sign_in(cert, demo::kCert, "cert"));
    county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
    region.set_token(sign_in(region, demo::kRegion, "south"));
  }

  json new_unit(const std::string& oid, const std::string& kind, const std::string& parent) {
    return {{"oid", oid}, {"code", "X" + oid.substr(oid.rfind('.') + 1)}, {"name", "新單位"}, {"kind", kind}, {"parent_oid", parent}};
  }
  HttpResult import_csv(HttpClient& c, const std::string& csv) {
    return c.request("POST", "/api/v1/units/import", csv, {}, "text/csv");
  }
  std::string tree() { return cert.get("/api/v1/units/export").body; }

  ServerProcess server;
  HttpClient cert = server.client(), county = server.client(), region = server.client();
};

}  // namespace

TEST_F(TreeAuthority, CountyCentreCannotCreateUnitsThatCarryPowers) {
  const auto before = tree();
  const std::string child = std::string(demo::kCountyA) + ".99";
  for (const char* kind : {"cert", "ministry", "soc", "regional_centre", "county_centre"}) {
    auto r = county.post(kUnits, new_unit(child, kind, demo::kCountyA));
    EXPECT_EQ(r.status, 403) << kind << ": " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], "kind") << kind;
  }
  EXPECT_EQ(tree(), before) << "a refused creation left a unit behind";
  EXPECT_EQ(cert.get(unit_path(child)).status, 404);

  // What a county centre may do: open a school below itself.
  EXPECT_EQ(county.post(kUnits, new_unit(child, "school", demo::kCountyA)).status, 201);
  // And a regional centre may hold county centres.
  EXPECT_EQ(region.post(kUnits, new_unit(std::string(demo::kRegion) + ".98", "county_centre", demo::kRegion)).status, 201);
}

TEST_F(TreeAuthority, CountyCentreCannotRaiseItsSchoolsKind) {
  for (const char* kind : {"ministry", "cert", "soc", "county_centre"}) {
    auto r = county.patch(unit_path(demo::kSchoolA1), {{"kind", kind}});
    EXPECT_EQ(r.status, 403) << kind << ": " << r.body;
  }
  EXPECT_EQ(cert.get(unit_path(demo::kSchoolA1)).json()["kind"], "school");
  // The CERT may.
  EXPECT_EQ(cert.patch(unit_path(demo::kSchoolA1), {{"kind", "other"}}).status, 200);
}

TEST_F(TreeAuthority, CsvImportKeepsTheSameRules) {
  const auto before = tree();
  auto r = import_csv(county,
                      "oid,code,name,kind,parent_oid,ip_ranges\n"
                      "2.16.886.111.90000.3.97,EVIL97,假冒中心,cert,2.16.886.111.90000.3,\n"
                      "2.16.886.111.90000.31,KHJH01,高雄市立港都國民中學,ministry,2.16.886.111.90000.3,198.51.100.0/27\n");
  ASSERT_EQ(r.status, 400) << r.body;
  const auto rows = r.json()["error"]["rows"];
  ASSERT_EQ(rows.size(), 2u) << r.body;
  EXPECT_EQ(rows[0]["field"], "kind");
  EXPECT_EQ(rows[1]["field"], "kind");
  EXPECT_EQ(tree(), before);
}

TEST_F(TreeAuthority, SignedInThroughARefusedCertNobodyReadsOtherBranches) {
  // The attack end to end: had the unit been created, its contact would see every branch.
  const std::string child = std::string(demo::kCountyA) + ".96";
  ASSERT_EQ(county.post(kUnits, new_unit(child, "cert", demo::kCountyA)).status, 403);
  EXPECT_EQ(county.put(unit_path(child) + "/contacts/1", {{"account", "x"}, {"name", "x"}, {"email", "x@x.tw"}}).status, 404);
  EXPECT_EQ(county.get(unit_path(demo::kSchoolB1)).status, 404);
}

TEST_F(TreeAuthority, RangesStayInsideTheParentAndOutOfOtherBranches) {
  const auto before = tree();
  // An address of a school of the other county: warnings for it would follow the longer prefix.
  auto r = county.patch(unit_path(demo::kSchoolA1), {{"ip_ranges", {"198.51.100.130/32"}}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "ip_ranges");
  r = county.patch(unit_path(demo::kSchoolA1), {{"ip_ranges", {"2001:db8:201::/64"}}});
  EXPECT_EQ(r.status, 400) << r.body;
  // Outside the county's own ranges altogether.
  EXPECT_EQ(county.patch(unit_path(demo::kSchoolA1), {{"ip_ranges", {"203.0.113.0/24"}}}).status, 400);
  // Inside the county but over the neighbouring school of the same county.
  r = county.patch(unit_path(demo::kSchoolA1), {{"ip_ranges", {"198.51.100.40/32"}}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "ip_ranges");
  // A new school placed over another's addresses.
  json school = new_unit(std::string(demo::kCountyA) + ".95", "school", demo::kCountyA);
  school["ip_ranges"] = {"198.51.100.0/28"};
  EXPECT_EQ(county.post(kUnits, school).status, 409);
  // Even the CERT may not make two branches own the same addresses.
  EXPECT_EQ(cert.patch(unit_path(demo::kSchoolB1), {{"ip_ranges", {"198.51.100.0/27"}}}).status, 400);
  // The regional centre may not shrink a county below the ranges of its schools.
  EXPECT_EQ(region.patch(unit_path(demo::kCountyA), {{"ip_ranges", {"198.51.100.64/26"}}}).status, 400);
  // The import checks the same.
  auto imported = import_csv(county,
                             "oid,code,name,kind,parent_oid,ip_ranges\n"
                             "2.16.886.111.90000.32,KHES02,高雄市立旗津國民小學,school,2.16.886.111.90000.3,198.51.100.128/27\n");
  ASSERT_EQ(imported.status, 400) << imported.body;
  EXPECT_EQ(imported.json()["error"]["rows"][0]["field"], "ip_ranges");
  EXPECT_EQ(tree(), before);

  // A range inside its own part of the county is fine.
  EXPECT_EQ(county.patch(unit_path(demo::kSchoolA1), {{"ip_ranges", {"198.51.100.0/28"}}}).status, 200);
}

TEST_F(TreeAuthority, ContactsOneAndTwoAreKeptByTheParentOnly) {
  const std::string school_contact = unit_path(demo::kSchoolA1) + "/contacts/1";
  // The regional centre is an ancestor of the school, not its parent.
  auto r = region.patch(school_contact, {{"email", "attacker@example.tw"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(region.post(school_contact + "/password-reset", json::object()).status, 403);
  EXPECT_EQ(region.put(unit_path(demo::kSchoolA1) + "/contacts/2",
                       {{"account", "second"}, {"name", "x"}, {"email", "x@example.tw"}}).status, 403);
  EXPECT_NE(cert.get(unit_path(demo::kSchoolA1) + "/contacts").json()["items"][0]["email"], "attacker@example.tw");
  // Its parent, and the CERT, may.
  EXPECT_EQ(county.patch(school_contact, {{"phone", "07-555-1234"}}).status, 200);
  EXPECT_EQ(cert.patch(school_contact, {{"phone", "07-555-4321"}}).status, 200);
  // And the regional centre keeps its own children's contacts.
  EXPECT_EQ(region.patch(unit_path(demo::kCountyA) + "/contacts/1", {{"phone", "07-555-0000"}}).status, 200);
}

TEST_F(TreeAuthority, WarningsMergeOnlyWithinOneIssuer) {
  HttpClient soc_a = server.client(), soc_b = server.client();
  for (auto [oid, code, client] : {std::tuple{"2.16.886.111.90000.97", "SOCA", &soc_a}, std::tuple{"2.16.886.111.90000.98", "SOCB", &soc_b}}) {
    ASSERT_EQ(cert.post(kUnits, {{"oid", oid}, {"code", code}, {"name", "監控中心"}, {"kind", "soc"}, {"parent_oid", demo::kCert}}).status, 201);
    client->set_token(cert.post(unit_path(oid) + "/api-keys", {{"name", "feed"}}).json()["key"].get<std::string>());
  }
  auto warning = [](const std::string& text) {
    return json::array({json{{"addresses", {{{"ip", "198.51.100.7"}, {"role", "source"}}}}, {"observed_at", "2026-11-22T23:30:00Z"},
                {"subcategory", "suspicious_connection"}, {"description", text}, {"rule_id", "R-1"}}});
  };
  auto first = soc_a.post("/api/v1/warnings", warning("SOC A's private notes on this host"));
  ASSERT_EQ(first.status, 201) << first.body;
  auto second = soc_b.post("/api/v1/warnings", warning("SOC B's text"));
  ASSERT_EQ(second.status, 201) << second.body;
  const auto a = first.json()["items"][0], b = second.json()["items"][0];
  EXPECT_NE(b["id"], a["id"]) << "SOC B's warning merged into SOC A's";
  EXPECT_NE(b["number"], a["number"]);
  EXPECT_EQ(b["merged"], false);
  // Neither issuer reads the other's warning.
  EXPECT_EQ(soc_b.get("/api/v1/warnings/" + std::to_string(a["id"].get<long long>())).status, 404);
  EXPECT_EQ(soc_a.get("/api/v1/warnings/" + std::to_string(b["id"].get<long long>())).status, 404);
  EXPECT_EQ(soc_b.get("/api/v1/warnings?issued=true").json()["total"], 1);
  // A repeat from the same issuer still merges.
  auto again = soc_a.post("/api/v1/warnings", warning("again"));
  EXPECT_EQ(again.json()["items"][0]["id"], a["id"]);
}
