// MISP events in the shapes MISP writes, and CSV out and back in with one column set.
#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

HttpClient soc_key(ServerProcess& server, HttpClient& cert, const std::string& oid = "2.16.886.111.90000.99") {
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  EXPECT_EQ(cert.post("/api/v1/units", {{"oid", oid}, {"code", "SOC1"}, {"name", "學術網路資安監控中心"}, {"kind", "soc"},
                                        {"parent_oid", demo::kCert}}).status, 201);
  auto machine = server.client();
  machine.set_token(cert.post("/api/v1/units/" + oid + "/api-keys", {{"name", "feed"}}).json()["key"].get<std::string>());
  return machine;
}

const char* kRestSearch = R"({"response":[{"Event":{"uuid":"5e6f8d44-4b0c-4d3e-9a51-2b5f0a8e1c11","info":"Scanning campaign",
 "date":"2026-11-21","Tag":[{"name":"tlp:red"}],
 "Attribute":[
  {"type":"ip-src","value":"198.51.100.7","to_ids":false,"timestamp":"1795312800"},
  {"type":"ip-src","value":"198.51.100.8","deleted":true,"to_ids":true,"timestamp":"1795312800"},
  {"type":"domain|ip","value":"evil.example|198.51.100.9","to_ids":true,"timestamp":"1795312800","first_seen":"2026-11-20T10:00:00.000000+00:00"},
  {"type":"ip-dst|port","value":"198.51.100.10|80","to_ids":true,"timestamp":"1795312800"},
  {"type":"ip-dst|port","value":"198.51.100.10|443","to_ids":true,"timestamp":"1795312800"}],
 "Object":[{"name":"asn","Attribute":[{"type":"ip-src","object_relation":"subnet-announced","value":"198.51.100.0","to_ids":true}]},
  {"name":"network-connection","first_seen":"2026-11-21T01:00:00Z","Attribute":[
   {"type":"ip-src","object_relation":"ip-src","value":"192.0.2.1","to_ids":true},
   {"type":"ip-dst","object_relation":"ip-dst","value":"198.51.100.11","to_ids":true},
   {"type":"port","object_relation":"dst-port","value":"22"},
   {"type":"text","object_relation":"layer4-protocol","value":"tcp"}]}]}}]})";

}  // namespace

TEST(MispIn, RestSearchAnswerSkipsWhatIsNotForDetectionAndKeepsPortsAndMarking) {
  ServerProcess server;
  auto cert = server.client();
  auto machine = soc_key(server, cert);
  auto r = machine.request("POST", "/api/v1/warnings/import?format=misp", kRestSearch);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto answer = r.json();
  ASSERT_EQ(answer["items"].size(), 4u) << r.body;
  const auto skipped = answer["skipped"].dump();
  EXPECT_NE(skipped.find("to_ids false"), std::string::npos) << skipped;
  EXPECT_NE(skipped.find("deleted"), std::string::npos) << skipped;
  EXPECT_NE(skipped.find("asn object"), std::string::npos) << skipped;
  auto get = [&](size_t i) { return cert.get("/api/v1/warnings/" + std::to_string(answer["items"][i]["id"].get<long long>())).json(); };
  auto domain_ip = get(0);
  EXPECT_EQ(domain_ip["host"], "198.51.100.9");
  EXPECT_EQ(domain_ip["observed_at"], "2026-11-20T10:00:00Z") << "first_seen, not the last edit";
  EXPECT_EQ(domain_ip["tlp"], "red");
  // The same address on a second port stays a warning of its own, with its port.
  EXPECT_EQ(get(1)["port"], 80);
  EXPECT_EQ(get(2)["port"], 443);
  EXPECT_NE(answer["items"][1]["id"], answer["items"][2]["id"]);
  auto connection = get(3);
  EXPECT_EQ(connection["addresses"], json::parse(R"([{"ip":"192.0.2.1","role":"source"},{"ip":"198.51.100.11","role":"destination"}])"));
  EXPECT_EQ(connection["port"], 22);
  EXPECT_EQ(connection["protocol"], "tcp");

  // TLP:RED: the school's mail names the warning but carries neither the address nor the description.
  bool mailed = false;
  const auto outbox = cert.get("/api/v1/outbox?limit=100").json();
  for (const auto& m : outbox["items"]) {
    if (m["kind"] != "new_warning") continue;
    mailed = true;
    EXPECT_NE(m["subject"].get<std::string>().find("TLP:RED"), std::string::npos);
    EXPECT_EQ(m["subject"].get<std::string>().find("198.51.100."), std::string::npos);
  }
  EXPECT_TRUE(mailed);

  // TLP:RED is for the named recipients: the school it went to reads it; the centres above it do
  // not list it, open it or export it.
  const auto red_id = std::to_string(answer["items"][0]["id"].get<long long>());
  ASSERT_EQ(domain_ip["unit"]["oid"], demo::kSchoolA1);
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  EXPECT_EQ(school.get("/api/v1/warnings/" + red_id).status, 200);
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  EXPECT_EQ(county.get("/api/v1/warnings/" + red_id).status, 404);
  const auto listed = county.get("/api/v1/warnings?limit=100").json();
  for (const auto& w : listed["items"]) EXPECT_NE(w["tlp"], "red") << w.dump();
  EXPECT_EQ(county.get("/api/v1/warnings/export?format=csv").body.find("198.51.100.9,"), std::string::npos);

  // A plain list of events reads too; a list of nothing is refused and changes nothing.
  auto list = machine.request("POST", "/api/v1/warnings/import?format=misp",
                              R"([{"Event":{"uuid":"u2","info":"x","Attribute":[{"type":"ip-dst","value":"198.51.100.12","timestamp":"1795312800"}]}}])");
  ASSERT_EQ(list.status, 201) << list.body;
  EXPECT_EQ(county.get("/api/v1/warnings/" + std::to_string(list.json()["items"][0]["id"].get<long long>())).status, 200)
      << "an unmarked warning of the county's school is the county's to read";
  auto refused = machine.request("POST", "/api/v1/warnings/import?format=misp", R"({"response":[]})");
  ASSERT_EQ(refused.status, 400);
  EXPECT_EQ(refused.json()["error"]["code"], "invalid_import");
  EXPECT_EQ(cert.get("/api/v1/warnings").json()["total"], 5);
}

TEST(CsvExchange, ExportImportsElsewhereWithTheSameColumns) {
  ServerProcess first;
  auto cert = first.client();
  auto machine = soc_key(first, cert);
  json w = {{"addresses", {{{"ip", "198.51.100.7"}, {"role", "source"}}, {{"ip", "203.0.113.250"}, {"role", "destination"}}}},
            {"port", 445}, {"protocol", "tcp"}, {"observed_at", "2026-11-22T23:30:00Z"}, {"subcategory", "suspected_spam"},
            {"description", "=HYPERLINK(\"x\") burst, \"quoted\"\nsecond line"}, {"evidence", "flows"}, {"rule_id", "R-25"},
            {"tlp", "green"}};
  ASSERT_EQ(machine.post("/api/v1/warnings", w).status, 201);
  auto csv = machine.get("/api/v1/warnings/export?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(3, csv.body.find("\r\n") - 3),
            "number,issuer_oid,unit_oid,source_ip,destination_ip,port,protocol,observed_at,first_seen,last_seen,count,"
            "subcategory,tlp,rule_id,description,evidence,state,reply,reply_reason,replied_at");

  ServerProcess second;
  auto cert2 = second.client();
  auto machine2 = soc_key(second, cert2);
  auto r = machine2.request("POST", "/api/v1/warnings/import?format=csv", csv.body, {}, "text/csv");
  ASSERT_EQ(r.status, 201) << r.body;
  auto got = cert2.get("/api/v1/warnings/" + std::to_string(r.json()["items"][0]["id"].get<long long>())).json();
  for (const char* field : {"addresses", "port", "protocol", "observed_at", "subcategory", "description", "evidence", "rule_id", "tlp", "host"})
    EXPECT_EQ(got[field], w.contains(field) ? w[field] : cert.get("/api/v1/warnings").json()["items"][0][field]) << field;
  auto again = machine2.get("/api/v1/warnings/export?format=csv");
  // Everything but the number and the issuer's own ids reads the same.
  auto strip = [](std::string body) { return body.substr(body.find("198.51.100.7")); };
  EXPECT_EQ(strip(again.body), strip(csv.body));

  auto bad = machine2.request("POST", "/api/v1/warnings/import?format=csv", "source_ip,tlp\n198.51.100.7,purple\n", {}, "text/csv");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "row 2.tlp");
  // A row naming more addresses than a warning holds is refused in the file's own terms (found by
  // the CSV fuzz target: the row went on as a warning of 17 addresses).
  std::string many = "source_ip,destination_ip\n198.51.100.7,";
  for (int i = 1; i <= 16; ++i) many += "203.0.113." + std::to_string(i) + " ";
  auto crowded = machine2.request("POST", "/api/v1/warnings/import?format=csv", many + "\n", {}, "text/csv");
  ASSERT_EQ(crowded.status, 400) << crowded.body;
  EXPECT_EQ(crowded.json()["error"]["field"], "row 2.destination_ip");
  EXPECT_EQ(cert2.get("/api/v1/warnings").json()["total"], 1);
}
