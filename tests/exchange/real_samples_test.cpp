// Early warnings as others publish them: MISP events and STIX bundles copied unchanged from
// PyMISP, misp-stix and OASIS (samples/, each beside its licence), sent in by a SOC the way it
// sends its own, read with the right host, direction, port, sub-category, time and marking; what
// they hold that is no warning is said, with the reason; and what went in goes out again as STIX
// valid against the OASIS schemas.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "stix_schemas.h"
#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr const char* kSocOid = "2.16.886.111.90000.99";
// A centre under the CERT and a school under it, given the addresses the samples name (a unit's
// ranges lie within its parent's, and the demo tree's are the documentation ranges).
constexpr const char* kSampleCentre = "2.16.886.111.90000.5";
constexpr const char* kSampleSchool = "2.16.886.111.90000.51";

struct Soc {
  HttpClient cert;
  HttpClient machine;  // the SOC's API key
};

Soc set_up_soc(ServerProcess& server) {
  Soc s{server.client(), server.client()};
  s.cert.set_token(sign_in(s.cert, demo::kCert, "cert"));
  EXPECT_EQ(s.cert.post("/api/v1/units", {{"oid", kSocOid}, {"code", "SOC1"}, {"name", "學術網路資安監控中心"},
                                          {"kind", "soc"}, {"parent_oid", demo::kCert}}).status, 201);
  auto key = s.cert.post(std::string("/api/v1/units/") + kSocOid + "/api-keys", {{"name", "sensor feed"}});
  s.machine.set_token(key.json()["key"].get<std::string>());
  return s;
}

void add_school_owning(HttpClient& cert, const std::vector<std::string>& ranges) {
  auto centre = cert.post("/api/v1/units", {{"oid", kSampleCentre}, {"code", "NORTHRC"}, {"name", "北區區域網路中心"},
                                            {"kind", "regional_centre"}, {"parent_oid", demo::kCert}, {"ip_ranges", ranges}});
  ASSERT_EQ(centre.status, 201) << centre.body;
  auto school = cert.post("/api/v1/units", {{"oid", kSampleSchool}, {"code", "TPSH51"}, {"name", "臺北市立範例高級中學"},
                                            {"kind", "school"}, {"parent_oid", kSampleCentre}, {"ip_ranges", ranges}});
  ASSERT_EQ(school.status, 201) << school.body;
}

std::string read_sample(const std::string& name) {
  std::ifstream in(std::string(TONGBAO_EXCHANGE_SAMPLES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

HttpResult import(HttpClient& c, const std::string& format, const std::string& sample) {
  return c.request("POST", "/api/v1/warnings/import?format=" + format, read_sample(sample), {}, "application/json");
}

json warning(Soc& soc, const json& item) {
  return soc.cert.get("/api/v1/warnings/" + std::to_string(item["id"].get<long long>())).json();
}

// The reasons the answer gives for one object, joined.
std::string notes_for(const json& notes, const std::string& object) {
  std::string out;
  for (const auto& n : notes)
    if (n["object"] == object) out += n["reason"].get<std::string>() + "\n";
  return out;
}

std::vector<json> of_type(const json& bundle, const std::string& type) {
  std::vector<json> out;
  for (const auto& o : bundle.value("objects", json::array()))
    if (o["type"] == type) out.push_back(o);
  return out;
}

// The SOC's export: valid against the OASIS schemas, with one indicator per warning it issued.
json exported(Soc& soc, size_t warnings) {
  auto r = soc.machine.get("/api/v1/warnings/export?format=stix");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(stix_violations(r.body), "");
  auto bundle = json::parse(r.body);
  EXPECT_EQ(of_type(bundle, "indicator").size(), warnings);
  EXPECT_EQ(of_type(bundle, "sighting").size(), warnings);
  return bundle;
}

const json* indicator_naming(const std::vector<json>& indicators, const std::string& address) {
  for (const auto& i : indicators)
    if (i["pattern"].get<std::string>().find("'" + address + "'") != std::string::npos) return &i;
  return nullptr;
}

}  // namespace

// PyMISP's OSINT event (Unit 42 on the "Reaver" malware): two ip-dst among hashes, host names,
// links and registry keys; tlp:white on the event.
TEST(RealSamples, PyMispOsintEventWarnsAboutItsTwoDestinations) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  add_school_owning(soc.cert, {"104.148.70.0/24"});
  auto r = import(soc.machine, "misp", "pymisp/to_delete1.json");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto answer = r.json();
  ASSERT_EQ(answer["items"].size(), 2u) << r.body;
  EXPECT_FALSE(answer.contains("format_version"));

  // 98.126.156.210 is no unit's: it waits in triage, as a destination, seen when it was last edited.
  const auto first = warning(soc, answer["items"][0]);
  EXPECT_TRUE(first["in_triage"].get<bool>());
  EXPECT_EQ(first["host"], "98.126.156.210");
  EXPECT_EQ(first["addresses"], json::parse(R"([{"ip":"98.126.156.210","role":"destination"}])"));
  EXPECT_EQ(first["observed_at"], "2017-11-17T12:40:26Z");
  EXPECT_EQ(first["description"], "OSINT -  New Malware with Ties to SunOrcal Discovered");

  // 104.148.70.217, the C2, is the school's: the school is the destination its hosts talked to.
  const auto c2 = warning(soc, answer["items"][1]);
  EXPECT_EQ(c2["unit_oid"], kSampleSchool);
  EXPECT_EQ(c2["host"], "104.148.70.217");
  EXPECT_EQ(c2["addresses"], json::parse(R"([{"ip":"104.148.70.217","role":"destination"}])"));
  EXPECT_TRUE(c2["port"].is_null());
  EXPECT_EQ(c2["observed_at"], "2017-11-17T12:40:27Z");
  EXPECT_EQ(c2["description"], "OSINT -  New Malware with Ties to SunOrcal Discovered: C2");
  EXPECT_EQ(c2["rule_id"], "misp:5a0a9aa9-23a4-4607-b6df-41a9950d210f");
  EXPECT_EQ(c2["subcategory"], "suspicious_connection") << "MISP says no sub-category: the import's default";
  EXPECT_EQ(first["tlp"], "clear") << "tlp:white is TLP:CLEAR";
  EXPECT_EQ(c2["tlp"], "clear");

  // Out again: TLP:WHITE in STIX's terms, the school's end the destination.
  const auto bundle = exported(soc, 2);
  const auto indicators = of_type(bundle, "indicator");
  const auto* indicator = indicator_naming(indicators, "104.148.70.217");
  ASSERT_NE(indicator, nullptr);
  EXPECT_NE((*indicator)["pattern"].get<std::string>().find("network-traffic:dst_ref.value = '104.148.70.217'"), std::string::npos);
  EXPECT_EQ((*indicator)["object_marking_refs"], json::array({"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"}));
  EXPECT_EQ((*indicator)["valid_from"], "2017-11-17T12:40:27.000Z");
}

// misp-stix's attribute answers: /attributes/restSearch gives {"response": {"Attribute": [...]}}.
// (It was refused as "no MISP event" until the importer read that shape.)
TEST(RealSamples, MispStixAttributeAnswersAreReadOrRefusedWithTheReason) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  add_school_owning(soc.cert, {"149.13.33.0/24"});
  auto r = import(soc.machine, "misp", "misp-stix/test_attributes_collection_2.json");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto answer = r.json();
  ASSERT_EQ(answer["items"].size(), 1u) << r.body;
  EXPECT_EQ(answer["items"][0]["unit_oid"], kSampleSchool);
  const auto w = warning(soc, answer["items"][0]);
  // domain|ip: the address circl.lu resolved to, the end the school's hosts went to.
  EXPECT_EQ(w["addresses"], json::parse(R"([{"ip":"149.13.33.14","role":"destination"}])"));
  EXPECT_EQ(w["host"], "149.13.33.14");
  EXPECT_EQ(w["observed_at"], "2020-10-25T16:22:00Z");
  EXPECT_EQ(w["description"], "MISP event: Domain|ip test attribute");
  EXPECT_TRUE(w["tlp"].is_null());

  // An AS and a domain: nothing to warn about, refused in the one error shape, nothing stored.
  auto refused = import(soc.machine, "misp", "misp-stix/test_attributes_collection_1.json");
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "invalid_import");
  EXPECT_EQ(refused.json()["error"]["field"], "Attribute");
  EXPECT_NE(refused.json()["error"]["message"].get<std::string>().find("no ip-src, ip-dst or domain|ip"), std::string::npos)
      << refused.body;
  EXPECT_EQ(soc.cert.get("/api/v1/warnings").json()["total"], 1);

  const auto bundle = exported(soc, 1);
  EXPECT_EQ(of_type(bundle, "indicator")[0]["pattern"],
            "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '149.13.33.14']");
}

// The same attributes as misp-stix writes them in STIX 2.1: each an observed-data, and an
// indicator "based-on" it when to_ids; domain|ip as domain-name:resolves_to_refs[*].value.
TEST(RealSamples, MispStixBundleReadsDomainIpOnceWithItsObservedTime) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  add_school_owning(soc.cert, {"149.13.33.0/24"});
  auto r = import(soc.machine, "stix", "misp-stix/test_attributes_collection_stix21.json");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto answer = r.json();
  EXPECT_EQ(answer["format_version"], "2.1");
  // One warning, not one for the indicator and another for the observed data it is based on.
  ASSERT_EQ(answer["items"].size(), 1u) << r.body;
  const auto w = warning(soc, answer["items"][0]);
  EXPECT_EQ(w["unit_oid"], kSampleSchool);
  EXPECT_EQ(w["host"], "149.13.33.14");
  EXPECT_EQ(w["observed_at"], "2020-10-25T16:22:00Z") << "the observed data's time, not the time of import";
  EXPECT_EQ(w["count"], 1);
  EXPECT_EQ(w["description"], "Domain|ip test attribute");
  EXPECT_EQ(w["subcategory"], "suspicious_connection");
  EXPECT_EQ(notes_for(answer["unmapped"], "indicator--726f90e2-2ad6-44a2-b345-c05e55e850e5"),
            "no indicator type or label; read as suspicious_connection\n");

  // The rest is said, each with its reason: the AS, the bare domain, the file name.
  const auto& skipped = answer["skipped"];
  EXPECT_EQ(skipped.size(), 3u) << skipped.dump();
  EXPECT_EQ(notes_for(skipped, "observed-data--2972c3a2-dda3-4de7-aca1-e96cf7ce5544"), "observes no IP address\n");
  EXPECT_EQ(notes_for(skipped, "indicator--4bb235a7-7d25-4aef-802f-2c6b45c5eceb"),
            "names no IP address (pattern [domain-name:value = 'circl.lu'])\n");
  EXPECT_EQ(notes_for(skipped, "indicator--02de0847-dccf-481a-a96a-6a7654328658"),
            "names no IP address (pattern [file:name = 'test_file_name'])\n");

  exported(soc, 1);

  // The indicator alone, without the observed data: its pattern names the address the domain resolved to.
  const auto sample = json::parse(read_sample("misp-stix/test_attributes_collection_stix21.json"));
  json alone = {{"type", "bundle"}, {"id", sample["id"]}, {"objects", json::array()}};
  for (const auto& o : sample["objects"])
    if (o["id"] == "indicator--726f90e2-2ad6-44a2-b345-c05e55e850e5") alone["objects"].push_back(o);
  ASSERT_EQ(alone["objects"].size(), 1u);
  auto by_pattern = soc.machine.request("POST", "/api/v1/warnings/import?format=stix", alone.dump(), {}, "application/json");
  ASSERT_EQ(by_pattern.status, 201) << by_pattern.body;
  ASSERT_EQ(by_pattern.json()["items"].size(), 1u);
  EXPECT_EQ(warning(soc, by_pattern.json()["items"][0])["host"], "149.13.33.14");
  EXPECT_EQ(by_pattern.json()["items"][0]["unit_oid"], kSampleSchool);
}

// PyMISP's STIX 2.0 bundle from MISP: an ip-src as observed data with embedded objects, read
// knowingly as 2.0.
TEST(RealSamples, PyMispStix20BundleIsReadAs20WithItsSource) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto r = import(soc.machine, "stix", "pymisp/stix2.json");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto answer = r.json();
  EXPECT_EQ(answer["format_version"], "2.0");
  ASSERT_EQ(answer["items"].size(), 1u) << r.body;
  EXPECT_EQ(answer["skipped"], json::array());
  const auto w = warning(soc, answer["items"][0]);
  EXPECT_TRUE(w["in_triage"].get<bool>()) << "8.8.8.8 is no school's";
  EXPECT_EQ(w["addresses"], json::parse(R"([{"ip":"8.8.8.8","role":"source"}])"));
  EXPECT_EQ(w["protocol"], "") << "ipv4 is the network layer, not the protocol";
  EXPECT_EQ(w["observed_at"], "2021-08-24T10:53:13Z");
  EXPECT_EQ(w["description"], "STIX observed-data");

  const auto bundle = exported(soc, 1);
  EXPECT_EQ(of_type(bundle, "indicator")[0]["pattern"],
            "[network-traffic:src_ref.type = 'ipv4-addr' AND network-traffic:src_ref.value = '8.8.8.8']");
}

// OASIS's marking example: an indicator under TLP:AMBER and a copyright statement.
TEST(RealSamples, OasisMarkingExampleKeepsAmberAndSaysWhatTheStatementIs) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  add_school_owning(soc.cert, {"10.0.0.0/24"});
  auto r = import(soc.machine, "stix", "oasis-cti-documentation/using-marking-definitions.json");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto answer = r.json();
  EXPECT_EQ(answer["format_version"], "2.1");
  ASSERT_EQ(answer["items"].size(), 1u) << r.body;
  const auto w = warning(soc, answer["items"][0]);
  EXPECT_EQ(w["unit_oid"], kSampleSchool);
  EXPECT_EQ(w["host"], "10.0.0.0");
  EXPECT_EQ(w["addresses"], json::parse(R"([{"ip":"10.0.0.0","role":"source"}])"));
  EXPECT_EQ(w["tlp"], "amber");
  EXPECT_EQ(w["subcategory"], "suspected_outbound_attack");  // malicious-activity
  EXPECT_EQ(w["description"], "Detected malicious activity from this address");
  const auto notes = notes_for(answer["unmapped"], "indicator--33fe3b22-0201-47cf-85d0-97c02164528d");
  EXPECT_NE(notes.find("marking marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f is not a TLP marking known here"),
            std::string::npos) << notes;
  EXPECT_NE(notes.find("no sighting says when it was seen"), std::string::npos) << notes;

  const auto bundle = exported(soc, 1);
  EXPECT_EQ(of_type(bundle, "indicator")[0]["object_marking_refs"],
            json::array({"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"}));
  EXPECT_EQ(of_type(bundle, "indicator")[0]["indicator_types"], json::array({"malicious-activity"}));
}

// OASIS's infrastructure example: an address that is part of a C2 infrastructure, given as an
// object of its own and joined to it by a relationship; a domain name the same way.
TEST(RealSamples, OasisInfrastructureExampleWarnsTheSchoolOfItsC2Address) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto r = import(soc.machine, "stix", "oasis-cti-stix2-json-schemas/infrastructure.json");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto answer = r.json();
  EXPECT_EQ(answer["format_version"], "2.1");
  ASSERT_EQ(answer["items"].size(), 1u) << r.body;
  const auto w = warning(soc, answer["items"][0]);
  EXPECT_EQ(w["unit_oid"], demo::kSchoolA1) << "198.51.100.3 is in the demo school A1's 198.51.100.0/27";
  EXPECT_EQ(w["host"], "198.51.100.3");
  EXPECT_EQ(w["description"], "Poison Ivy C2");
  EXPECT_EQ(w["subcategory"], "suspicious_connection");
  EXPECT_NE(notes_for(answer["unmapped"], "infrastructure--38c47d93-d984-4fd9-b87b-d69d0841628d").find("no indicator type or label"),
            std::string::npos) << answer.dump();

  const auto bundle = exported(soc, 1);
  EXPECT_NE(of_type(bundle, "indicator")[0]["pattern"].get<std::string>().find("'198.51.100.3'"), std::string::npos);
}
