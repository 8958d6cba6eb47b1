// Early warnings exchanged as STIX 2.1 with SOCs and other CERTs: what goes out is valid against
// the OASIS schemas and carries the whole observation; what comes in keeps direction, ports,
// sub-categories, times and markings; a round trip through another platform loses nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "stix_schemas.h"
#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

struct Soc {
  HttpClient cert;
  HttpClient machine;  // the SOC's API key
};

Soc set_up_soc(ServerProcess& server) {
  Soc s{server.client(), server.client()};
  s.cert.set_token(sign_in(s.cert, demo::kCert, "cert"));
  EXPECT_EQ(s.cert.post("/api/v1/units", {{"oid", "2.16.886.111.90000.99"}, {"code", "SOC1"}, {"name", "學術網路資安監控中心"},
                                          {"kind", "soc"}, {"parent_oid", demo::kCert}}).status, 201);
  auto key = s.cert.post("/api/v1/units/2.16.886.111.90000.99/api-keys", {{"name", "sensor feed"}});
  s.machine.set_token(key.json()["key"].get<std::string>());
  return s;
}

json smb_scan(const std::string& from = "198.51.100.7") {
  return {{"addresses", {{{"ip", from}, {"role", "source"}}, {{"ip", "203.0.113.250"}, {"role", "destination"}}}},
          {"port", 445}, {"protocol", "tcp"}, {"observed_at", "2026-11-22T23:30:00Z"},
          {"subcategory", "suspected_outbound_attack"}, {"description", "SMB scanning towards the Internet"},
          {"evidence", "flow records"}, {"rule_id", "R-445"}, {"tlp", "amber"}};
}

std::vector<json> of_type(const json& bundle, const std::string& type) {
  std::vector<json> out;
  for (const auto& o : bundle.value("objects", json::array()))
    if (o["type"] == type) out.push_back(o);
  return out;
}

const std::regex kStixTime(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");

HttpResult import(HttpClient& c, const std::string& format, const std::string& body) {
  return c.request("POST", "/api/v1/warnings/import?format=" + format, body, {},
                   format == "csv" ? "text/csv" : "application/json");
}

std::string read_sample(const std::string& name) {
  std::ifstream in(std::string(TONGBAO_EXCHANGE_SAMPLES) + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(StixOut, ValidStableAndWholeObservation) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto issued = soc.machine.post("/api/v1/warnings", smb_scan());
  ASSERT_EQ(issued.status, 201) << issued.body;

  // A SOC's export is what it issued, with no parameter.
  auto first = soc.machine.get("/api/v1/warnings/export?format=stix");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(stix_violations(first.body), "");
  const auto bundle = json::parse(first.body);
  ASSERT_EQ(of_type(bundle, "indicator").size(), 1u);
  const auto indicator = of_type(bundle, "indicator")[0];
  EXPECT_TRUE(std::regex_match(indicator["created"].get<std::string>(), kStixTime));
  const std::string pattern = indicator["pattern"];
  for (const char* part : {"network-traffic:src_ref.value = '198.51.100.7'", "network-traffic:dst_ref.value = '203.0.113.250'",
                           "network-traffic:dst_port = 445", "network-traffic:protocols[*] = 'tcp'"})
    EXPECT_NE(pattern.find(part), std::string::npos) << part << " in " << pattern;
  EXPECT_EQ(indicator["labels"], json::array({"suspected_outbound_attack"}));
  EXPECT_EQ(indicator["indicator_types"], json::array({"malicious-activity"}));
  EXPECT_EQ(indicator["x_tongbao_rule_id"], "R-445");
  // The issuer is named, and the marking kept as STIX's TLP:AMBER definition.
  const auto identities = of_type(bundle, "identity");
  ASSERT_EQ(identities.size(), 1u);
  EXPECT_EQ(identities[0]["name"], "學術網路資安監控中心");
  EXPECT_EQ(indicator["created_by_ref"], identities[0]["id"]);
  EXPECT_EQ(indicator["object_marking_refs"], json::array({"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"}));
  ASSERT_EQ(of_type(bundle, "marking-definition").size(), 1u);
  // The traffic itself: both ends, port and protocol.
  const auto traffic = of_type(bundle, "network-traffic");
  ASSERT_EQ(traffic.size(), 1u);
  EXPECT_EQ(traffic[0]["dst_port"], 445);
  EXPECT_EQ(traffic[0]["protocols"], json::array({"ipv4", "tcp"}));
  std::map<std::string, std::string> values;
  for (const auto& a : of_type(bundle, "ipv4-addr")) values[a["id"]] = a["value"];
  EXPECT_EQ(values[traffic[0]["src_ref"]], "198.51.100.7");
  EXPECT_EQ(values[traffic[0]["dst_ref"]], "203.0.113.250");
  const auto sighting = of_type(bundle, "sighting")[0];
  EXPECT_EQ(sighting["sighting_of_ref"], indicator["id"]);
  EXPECT_EQ(sighting["first_seen"], "2026-11-22T23:30:00.000Z");

  // Exported again later: the same ids and the same creation time.
  soc.cert.post("/api/v1/_test/clock", {{"advance_seconds", 120}});
  auto again = json::parse(soc.machine.get("/api/v1/warnings/export?format=stix").body);
  const auto indicator_again = of_type(again, "indicator")[0];
  EXPECT_EQ(indicator_again["id"], indicator["id"]);
  EXPECT_EQ(indicator_again["created"], indicator["created"]);
  EXPECT_EQ(of_type(again, "sighting")[0]["id"], sighting["id"]);

  // The school finds it a false positive: the indicator is revoked, the sighting says why.
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(school.post("/api/v1/warnings/replies", {{"ids", {issued.json()["id"]}}, {"reply", "false_positive"},
                                                     {"reason", "our vulnerability scanner, authorised"}}).status, 200);
  auto after = soc.machine.get("/api/v1/warnings/export?format=stix");
  EXPECT_EQ(stix_violations(after.body), "");
  const auto revoked = json::parse(after.body);
  EXPECT_EQ(of_type(revoked, "indicator")[0]["revoked"], true);
  EXPECT_GT(of_type(revoked, "indicator")[0]["modified"].get<std::string>(), indicator["modified"].get<std::string>());
  EXPECT_EQ(of_type(revoked, "sighting")[0]["x_tongbao_reply"], "false_positive");
  EXPECT_EQ(of_type(revoked, "sighting")[0]["x_tongbao_reply_reason"], "our vulnerability scanner, authorised");
}

TEST(StixOut, UpdatedSinceIsHonouredAndAnEmptyExportIsValid) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  ASSERT_EQ(soc.machine.post("/api/v1/warnings", smb_scan("198.51.100.7")).status, 201);
  soc.cert.post("/api/v1/_test/clock", {{"advance_seconds", 3600}});
  auto second = soc.machine.post("/api/v1/warnings", smb_scan("198.51.100.8"));
  ASSERT_EQ(second.status, 201);
  const auto since = soc.cert.get("/api/v1/warnings/" + std::to_string(second.json()["id"].get<long long>())).json()["created_at"];

  auto partial = soc.machine.get("/api/v1/warnings/export?format=stix&updated_since=" + since.get<std::string>());
  ASSERT_EQ(partial.status, 200);
  EXPECT_EQ(stix_violations(partial.body), "");
  const auto indicators = of_type(json::parse(partial.body), "indicator");
  ASSERT_EQ(indicators.size(), 1u);
  EXPECT_NE(indicators[0]["pattern"].get<std::string>().find("198.51.100.8"), std::string::npos);
  auto csv = soc.machine.get("/api/v1/warnings/export?format=csv&updated_since=" + since.get<std::string>());
  EXPECT_EQ(csv.body.find("198.51.100.7"), std::string::npos);
  EXPECT_NE(csv.body.find("198.51.100.8"), std::string::npos);
  EXPECT_EQ(soc.machine.get("/api/v1/warnings?updated_since=" + since.get<std::string>()).json()["total"], 1);

  // Nothing changed since: a valid bundle, without an empty "objects".
  auto none = soc.machine.get("/api/v1/warnings/export?format=stix&updated_since=2099-01-01T00:00:00Z");
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(stix_violations(none.body), "");
  EXPECT_FALSE(json::parse(none.body).contains("objects"));

  auto bad = soc.machine.get("/api/v1/warnings/export?format=stix&updated_since=yesterday");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "updated_since");
}

TEST(StixIn, KeepsDirectionPortsAndReadsMispPatternsAndRelatedAddresses) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  const json bundle = {
      {"type", "bundle"},
      {"id", "bundle--6f1b1f2e-3a52-4a0b-9a57-0a7c3d1e2f40"},
      {"objects",
       {// Observed traffic from outside to a school's address: the school is the destination.
        {{"type", "ipv4-addr"}, {"spec_version", "2.1"}, {"id", "ipv4-addr--1d4f3c8a-0b1e-5f7d-9a2c-3e4b5c6d7e81"}, {"value", "192.0.2.66"}},
        {{"type", "ipv4-addr"}, {"spec_version", "2.1"}, {"id", "ipv4-addr--2d4f3c8a-0b1e-5f7d-9a2c-3e4b5c6d7e82"}, {"value", "198.51.100.7"}},
        {{"type", "network-traffic"}, {"spec_version", "2.1"}, {"id", "network-traffic--3d4f3c8a-0b1e-5f7d-9a2c-3e4b5c6d7e83"},
         {"src_ref", "ipv4-addr--1d4f3c8a-0b1e-5f7d-9a2c-3e4b5c6d7e81"}, {"dst_ref", "ipv4-addr--2d4f3c8a-0b1e-5f7d-9a2c-3e4b5c6d7e82"},
         {"dst_port", 3389}, {"protocols", {"ipv4", "tcp"}}},
        {{"type", "observed-data"}, {"spec_version", "2.1"}, {"id", "observed-data--4d4f3c8a-0b1e-4f7d-9a2c-3e4b5c6d7e84"},
         {"created", "2026-11-22T09:00:00.000Z"}, {"modified", "2026-11-22T09:00:00.000Z"},
         {"first_observed", "2026-11-22T08:00:00Z"}, {"last_observed", "2026-11-22T09:00:00Z"}, {"number_observed", 4},
         {"labels", {"suspicious_connection"}},
         {"object_refs", {"network-traffic--3d4f3c8a-0b1e-5f7d-9a2c-3e4b5c6d7e83"}}},
        // MISP's own STIX encoding of ip-src|port.
        {{"type", "indicator"}, {"spec_version", "2.1"}, {"id", "indicator--5d4f3c8a-0b1e-4f7d-9a2c-3e4b5c6d7e85"},
         {"created", "2026-11-20T08:00:00.000Z"}, {"modified", "2026-11-20T08:00:00.000Z"},
         {"pattern", "[network-traffic:src_ref.type = 'ipv4-addr' AND network-traffic:src_ref.value = '198.51.100.170' "
                     "AND network-traffic:dst_port = '8443']"},
         {"pattern_type", "stix"}, {"valid_from", "2020-01-01T00:00:00Z"}, {"indicator_types", {"compromised"}},
         {"object_marking_refs", {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"}}},
        {{"type", "sighting"}, {"spec_version", "2.1"}, {"id", "sighting--6d4f3c8a-0b1e-4f7d-9a2c-3e4b5c6d7e86"},
         {"created", "2026-11-22T08:00:00.000Z"}, {"modified", "2026-11-22T08:00:00.000Z"},
         {"sighting_of_ref", "indicator--5d4f3c8a-0b1e-4f7d-9a2c-3e4b5c6d7e85"}, {"first_seen", "2026-11-22T07:00:00Z"},
         {"last_seen", "2026-11-22T07:30:00Z"}, {"count", 3}},
        // An address standing alone, joined to an infrastructure by a relationship; an IPv6 /128.
        {{"type", "infrastructure"}, {"spec_version", "2.1"}, {"id", "infrastructure--7d4f3c8a-0b1e-4f7d-9a2c-3e4b5c6d7e87"},
         {"created", "2026-11-20T08:00:00.000Z"}, {"modified", "2026-11-20T08:00:00.000Z"}, {"name", "botnet C2"}},
        {{"type", "ipv6-addr"}, {"spec_version", "2.1"}, {"id", "ipv6-addr--8d4f3c8a-0b1e-5f7d-9a2c-3e4b5c6d7e88"},
         {"value", "2001:0DB8:0101:0000::0005/128"}},
        {{"type", "relationship"}, {"spec_version", "2.1"}, {"id", "relationship--9d4f3c8a-0b1e-4f7d-9a2c-3e4b5c6d7e89"},
         {"created", "2026-11-20T08:00:00.000Z"}, {"modified", "2026-11-20T08:00:00.000Z"}, {"relationship_type", "consists-of"},
         {"source_ref", "infrastructure--7d4f3c8a-0b1e-4f7d-9a2c-3e4b5c6d7e87"},
         {"target_ref", "ipv6-addr--8d4f3c8a-0b1e-5f7d-9a2c-3e4b5c6d7e88"}},
        // A range, and a revoked indicator: said, not warned about.
        {{"type", "indicator"}, {"spec_version", "2.1"}, {"id", "indicator--ad4f3c8a-0b1e-4f7d-9a2c-3e4b5c6d7e8a"},
         {"created", "2026-11-20T08:00:00.000Z"}, {"modified", "2026-11-20T08:00:00.000Z"},
         {"pattern", "[ipv4-addr:value ISSUBSET '198.50.0.0/15']"}, {"pattern_type", "stix"}, {"valid_from", "2026-11-20T08:00:00Z"}},
        {{"type", "indicator"}, {"spec_version", "2.1"}, {"id", "indicator--bd4f3c8a-0b1e-4f7d-9a2c-3e4b5c6d7e8b"},
         {"created", "2026-11-20T08:00:00.000Z"}, {"modified", "2026-11-21T08:00:00.000Z"}, {"revoked", true},
         {"pattern", "[ipv4-addr:value = '198.51.100.9']"}, {"pattern_type", "stix"}, {"valid_from", "2026-11-20T08:00:00Z"}}}}};
  auto r = import(soc.machine, "stix", bundle.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const auto answer = r.json();
  ASSERT_EQ(answer["items"].size(), 3u) << r.body;
  EXPECT_EQ(answer["format_version"], "2.1");
  std::string skipped = answer["skipped"].dump();
  EXPECT_NE(skipped.find("198.50.0.0/15"), std::string::npos) << skipped;
  EXPECT_NE(skipped.find("revoked"), std::string::npos) << skipped;

  auto get = [&](size_t i) {
    return soc.cert.get("/api/v1/warnings/" + std::to_string(answer["items"][i]["id"].get<long long>())).json();
  };
  // The MISP-style indicator: a source with its port, sighted three times, red.
  auto misp_style = get(0);
  EXPECT_EQ(misp_style["unit_oid"], demo::kSchoolB2);
  EXPECT_EQ(misp_style["addresses"], json::parse(R"([{"ip":"198.51.100.170","role":"source"}])"));
  EXPECT_EQ(misp_style["port"], 8443);
  EXPECT_EQ(misp_style["observed_at"], "2026-11-22T07:00:00Z") << "the sighting's time, not valid_from";
  EXPECT_EQ(misp_style["last_seen"], "2026-11-22T07:30:00Z");
  EXPECT_EQ(misp_style["count"], 3);
  EXPECT_EQ(misp_style["subcategory"], "suspicious_program");
  EXPECT_EQ(misp_style["tlp"], "red");
  // The observed traffic: the school is the destination, port and protocol kept.
  auto traffic = get(1);
  EXPECT_EQ(traffic["unit_oid"], demo::kSchoolA1);
  EXPECT_EQ(traffic["host"], "198.51.100.7");
  EXPECT_EQ(traffic["addresses"],
            json::parse(R"([{"ip":"192.0.2.66","role":"source"},{"ip":"198.51.100.7","role":"destination"}])"));
  EXPECT_EQ(traffic["port"], 3389);
  EXPECT_EQ(traffic["protocol"], "tcp");
  EXPECT_EQ(traffic["subcategory"], "suspicious_connection");
  EXPECT_EQ(traffic["count"], 4);
  EXPECT_EQ(traffic["observed_at"], "2026-11-22T08:00:00Z");
  // The related IPv6 address, normalised.
  auto related = get(2);
  EXPECT_EQ(related["host"], "2001:db8:101::5");
  EXPECT_EQ(related["unit_oid"], demo::kSchoolA1);
  EXPECT_EQ(related["description"], "botnet C2");

  // Only ranges: refused with the reason, nothing stored.
  json ranges = bundle;
  ranges["objects"] = json::array({bundle["objects"][9]});
  auto refused = import(soc.machine, "stix", ranges.dump());
  ASSERT_EQ(refused.status, 400);
  EXPECT_NE(refused.json()["error"]["message"].get<std::string>().find("range 198.50.0.0/15"), std::string::npos);
  EXPECT_EQ(soc.cert.get("/api/v1/warnings").json()["total"], 3);
}

TEST(StixIn, OasisSampleAndStix20AreReadKnowingly) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto r = import(soc.machine, "stix", read_sample("oasis-indicator-for-c2-ip-address.json"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto w = soc.cert.get("/api/v1/warnings/" + std::to_string(r.json()["items"][0]["id"].get<long long>())).json();
  EXPECT_EQ(w["host"], "10.0.0.0");
  EXPECT_TRUE(w["in_triage"].get<bool>());
  EXPECT_EQ(w["subcategory"], "suspected_outbound_attack");  // malicious-activity
  EXPECT_EQ(w["description"], "IP Address for known C2 channel");
  EXPECT_NE(r.json()["unmapped"].dump().find("no sighting"), std::string::npos);

  // STIX 2.0 (labels for types, spec_version on the bundle, embedded observables): said so.
  const json v20 = {{"type", "bundle"}, {"id", "bundle--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}, {"spec_version", "2.0"},
                    {"objects", {{{"type", "observed-data"}, {"id", "observed-data--1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"},
                                  {"created", "2026-11-22T09:00:00.000Z"}, {"modified", "2026-11-22T09:00:00.000Z"},
                                  {"first_observed", "2026-11-22T08:00:00Z"}, {"last_observed", "2026-11-22T08:00:00Z"},
                                  {"number_observed", 1}, {"labels", {"anomalous-activity"}},
                                  {"objects", {{"0", {{"type", "ipv4-addr"}, {"value", "198.51.100.8"}}},
                                               {"1", {{"type", "ipv4-addr"}, {"value", "203.0.113.9"}}},
                                               {"2", {{"type", "network-traffic"}, {"src_ref", "1"}, {"dst_ref", "0"},
                                                      {"dst_port", 22}, {"protocols", {"tcp"}}}}}}}}}};
  r = import(soc.machine, "stix", v20.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["format_version"], "2.0");
  w = soc.cert.get("/api/v1/warnings/" + std::to_string(r.json()["items"][0]["id"].get<long long>())).json();
  EXPECT_EQ(w["unit_oid"], demo::kSchoolA1);
  EXPECT_EQ(w["port"], 22);
  EXPECT_EQ(w["addresses"][1], json::parse(R"({"ip":"198.51.100.8","role":"destination"})"));
  EXPECT_EQ(w["subcategory"], "suspicious_connection");

  auto unknown = import(soc.machine, "stix", R"({"type":"bundle","id":"bundle--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","spec_version":"3.0","objects":[]})");
  ASSERT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.json()["error"]["field"], "spec_version");
}

TEST(StixExchange, RoundTripThroughAnotherPlatformLosesNothing) {
  ServerProcess first;
  auto soc = set_up_soc(first);
  auto ipv6 = smb_scan("2001:db8:202::1");
  ipv6["addresses"] = json::parse(R"([{"ip":"2001:db8:202::1","role":"source"}])");
  ipv6.erase("port");
  ipv6["protocol"] = "";
  ipv6["subcategory"] = "suspected_spam";
  ipv6.erase("tlp");
  ASSERT_EQ(soc.machine.post("/api/v1/warnings", json::array({smb_scan(), ipv6})).status, 201);
  auto again = smb_scan();
  again["observed_at"] = "2026-11-23T00:10:00Z";
  ASSERT_TRUE(soc.machine.post("/api/v1/warnings", again).json()["merged"].get<bool>());
  const auto exported = soc.machine.get("/api/v1/warnings/export?format=stix").body;
  ASSERT_EQ(stix_violations(exported), "");

  ServerProcess second;
  auto other = set_up_soc(second);
  auto r = import(other.machine, "stix", exported);
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(r.json()["items"].size(), 2u);
  EXPECT_EQ(r.json()["unmapped"], json::array());
  const auto back = other.machine.get("/api/v1/warnings/export?format=stix").body;
  ASSERT_EQ(stix_violations(back), "");

  auto essence = [](const std::string& body) {
    std::multiset<std::string> out;
    const auto b = json::parse(body);
    for (const auto& i : of_type(b, "indicator"))
      out.insert(i["pattern"].get<std::string>() + "|" + i["labels"].dump() + "|" + i["valid_from"].get<std::string>() + "|" +
                 i.value("object_marking_refs", json::array()).dump() + "|" + i["description"].get<std::string>());
    for (const auto& s : of_type(b, "sighting"))
      out.insert(s["first_seen"].get<std::string>() + "|" + s["last_seen"].get<std::string>() + "|" + s["count"].dump());
    return out;
  };
  EXPECT_EQ(essence(back), essence(exported));
  EXPECT_EQ(essence(exported).size(), 4u);
}
