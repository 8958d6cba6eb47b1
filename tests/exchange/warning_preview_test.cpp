// A preview of warnings before they are sent (?dry_run=true): where each would be routed and what
// it would merge with, under the same checks as issuing, with nothing stored, numbered or mailed.
#include <gtest/gtest.h>

#include <regex>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr const char* kSoc = "2.16.886.111.90000.99";

json warning(const std::string& ip, const std::string& rule = "R-7") {
  return {{"addresses", {{{"ip", ip}, {"role", "source"}}}}, {"port", 445}, {"protocol", "tcp"},
          {"observed_at", "2026-11-22T23:30:00Z"}, {"subcategory", "suspicious_connection"},
          {"description", "SMB scanning"}, {"rule_id", rule}};
}

// The error of an answer, without the request id each answer has of its own.
json error_of(const HttpResult& r) {
  auto e = r.json()["error"];
  e.erase("request_id");
  return e;
}

// A MISP event with a routable, an unroutable and two attributes that become no warning.
const char* kMispEvent = R"({"Event":{"uuid":"5e6f8d44-4b0c-4d3e-9a51-2b5f0a8e1c12","info":"Scanning","date":"2026-11-21",
 "Attribute":[
  {"type":"ip-src","value":"198.51.100.170","to_ids":true,"timestamp":"1795312800"},
  {"type":"ip-src","value":"203.0.113.5","to_ids":true,"timestamp":"1795312800"},
  {"type":"ip-src","value":"198.51.100.8","to_ids":false,"timestamp":"1795312800"},
  {"type":"ip-src","value":"198.51.100.9","deleted":true,"to_ids":true,"timestamp":"1795312800"}]}})";

class WarningPreview : public ::testing::Test {
 protected:
  void SetUp() override {
    cert.set_token(sign_in(cert, demo::kCert, "cert"));
    ASSERT_EQ(cert.post("/api/v1/units", {{"oid", kSoc}, {"code", "SOC1"}, {"name", "資安監控中心"}, {"kind", "soc"},
                                          {"parent_oid", demo::kCert}}).status, 201);
    soc.set_token(cert.post(std::string("/api/v1/units/") + kSoc + "/api-keys", {{"name", "feed"}}).json()["key"].get<std::string>());
  }

  // What a preview must leave as it found: the warnings, the outbox and the audit trail.
  struct Snapshot {
    json warnings, outbox;
    json last_audit_entry;
    bool operator==(const Snapshot&) const = default;
  };
  // The outbox is compared by what was queued, not by how far delivery has got: the delivery thread
  // may send an earlier warning's mail while the test runs.
  Snapshot snapshot() {
    json queued = json::array();
    for (const auto& m : cert.get("/api/v1/outbox?limit=500").json()["items"])
      queued.push_back({{"id", m["id"]}, {"to", m["to"]}, {"kind", m["kind"]}, {"subject", m["subject"]}});
    return {cert.get("/api/v1/warnings?limit=100").json()["items"], queued, cert.get("/api/v1/audit?limit=1").json()["items"]};
  }

  ServerProcess server;
  HttpClient cert = server.client(), soc = server.client();
};

}  // namespace

TEST_F(WarningPreview, ShowsWhereEachWouldGoAndStoresNothing) {
  // One warning already open, so that a repeat of it previews as a merge.
  auto first = soc.post("/api/v1/warnings", warning("198.51.100.7"));
  ASSERT_EQ(first.status, 201) << first.body;
  const auto before = snapshot();

  json batch = json::array({warning("198.51.100.7"), warning("198.51.100.170"), warning("203.0.113.5"),
                            warning("198.51.100.170")});
  auto r = soc.post("/api/v1/warnings?dry_run=true", batch);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto answer = r.json();
  EXPECT_EQ(answer["dry_run"], true);
  const auto items = answer["items"];
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0]["unit_oid"], demo::kSchoolA1);
  EXPECT_EQ(items[0]["merges_with"], first.json()["number"]);
  EXPECT_TRUE(items[0]["merged"].get<bool>());
  EXPECT_EQ(items[1]["unit"]["oid"], demo::kSchoolB2);
  EXPECT_FALSE(items[1]["unit"]["name"].get<std::string>().empty());
  EXPECT_FALSE(items[1]["merged"].get<bool>());
  EXPECT_TRUE(items[2]["unit"].is_null());
  EXPECT_TRUE(items[2]["in_triage"].get<bool>());
  EXPECT_EQ(items[2]["host"], "203.0.113.5");
  EXPECT_EQ(items[3]["repeats_index"], 1);
  EXPECT_TRUE(items[3]["merged"].get<bool>());
  // One object previews as a list of one.
  auto one = soc.post("/api/v1/warnings?dry_run=true", warning("198.51.100.170"));
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json()["items"][0]["unit_oid"], demo::kSchoolB2);

  EXPECT_TRUE(snapshot() == before) << "a preview stored, mailed or recorded something";

  // Nothing was numbered: the next real warning takes the next number after the first.
  auto real = soc.post("/api/v1/warnings", warning("198.51.100.170"));
  ASSERT_EQ(real.status, 201) << real.body;
  EXPECT_TRUE(std::regex_match(real.json()["number"].get<std::string>(), std::regex("SOC1-EWA-\\d{6}-0002")))
      << real.json()["number"];
}

TEST_F(WarningPreview, AnImportPreviewSaysWhatItWouldSkipAndStoresNothing) {
  const auto before = snapshot();
  auto r = soc.request("POST", "/api/v1/warnings/import?format=misp&dry_run=true", kMispEvent);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto answer = r.json();
  EXPECT_EQ(answer["dry_run"], true);
  const auto items = answer["items"];
  ASSERT_EQ(items.size(), 2u) << r.body;
  EXPECT_EQ(items[0]["unit_oid"], demo::kSchoolB2);
  EXPECT_TRUE(items[1]["in_triage"].get<bool>());
  const auto skipped = answer["skipped"].dump();
  EXPECT_EQ(answer["skipped"].size(), 2u) << skipped;
  EXPECT_NE(skipped.find("to_ids false"), std::string::npos) << skipped;
  EXPECT_NE(skipped.find("deleted"), std::string::npos) << skipped;
  EXPECT_TRUE(snapshot() == before);

  // The CERT may preview too; the real import then stores what the preview showed.
  auto by_cert = cert.request("POST", "/api/v1/warnings/import?format=misp&dry_run=true", kMispEvent);
  ASSERT_EQ(by_cert.status, 200) << by_cert.body;
  auto real = soc.request("POST", "/api/v1/warnings/import?format=misp", kMispEvent);
  ASSERT_EQ(real.status, 201) << real.body;
  EXPECT_EQ(real.json()["items"][0]["unit_oid"], demo::kSchoolB2);
  EXPECT_TRUE(real.json()["items"][1]["unit_oid"].is_null());
}

TEST_F(WarningPreview, RefusesWhatTheRealRequestRefuses) {
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto before = snapshot();
  // An invalid warning among good ones: the same 400 as sending it.
  json batch = json::array({warning("198.51.100.7"), warning("not an address")});
  auto preview = soc.post("/api/v1/warnings?dry_run=true", batch);
  auto real = soc.post("/api/v1/warnings", batch);
  EXPECT_EQ(preview.status, 400) << preview.body;
  EXPECT_EQ(error_of(preview), error_of(real));
  // A CSV with a bad row: the same 400 as importing it.
  const std::string csv = "source_ip,observed_at,subcategory\n198.51.100.7,2026-11-22T23:30:00Z,suspicious_connection\n"
                          "198.51.100.8,yesterday,suspicious_connection\n";
  auto csv_preview = soc.request("POST", "/api/v1/warnings/import?format=csv&dry_run=true", csv, {}, "text/csv");
  auto csv_real = soc.request("POST", "/api/v1/warnings/import?format=csv", csv, {}, "text/csv");
  EXPECT_EQ(csv_preview.status, 400) << csv_preview.body;
  EXPECT_EQ(error_of(csv_preview), error_of(csv_real));
  EXPECT_EQ(soc.post("/api/v1/warnings?dry_run=maybe", warning("198.51.100.7")).status, 400);

  // A school issues no warnings, so it previews none either.
  EXPECT_EQ(school.post("/api/v1/warnings?dry_run=true", warning("198.51.100.7")).status, 403);
  EXPECT_EQ(school.request("POST", "/api/v1/warnings/import?format=misp&dry_run=true", kMispEvent).status, 403);
  EXPECT_TRUE(snapshot() == before);
}
