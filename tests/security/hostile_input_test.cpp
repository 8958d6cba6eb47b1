// Bodies and parameters built to crash the server, exhaust it or store garbage: each is refused
// with a 400 in the one error shape, and the server goes on answering.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

// Peak resident memory of a process so far, in MiB (VmHWM).
long peak_mib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  return -1;
}

void expect_refused(const HttpResult& r, const std::string& what) {
  EXPECT_EQ(r.status, 400) << what << ": " << r.body.substr(0, 300);
  if (r.status == 400) {
    const auto error = r.json()["error"];
    EXPECT_TRUE(error["code"].is_string()) << what;
    EXPECT_TRUE(error["message"].is_string()) << what;
  }
}

class HostileInput : public ::testing::Test {
 protected:
  void SetUp() override {
    cert.set_token(sign_in(cert, demo::kCert, "cert"));
    school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
    county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  }
  void expect_alive() { EXPECT_EQ(cert.get("/api/v1/health").status, 200) << "the server stopped answering"; }
  HttpResult import(const std::string& format, const std::string& body) {
    return cert.request("POST", "/api/v1/warnings/import?format=" + format, body, {},
                        format == "csv" ? "text/csv" : "application/json");
  }
  long long file_incident(const json& report) {
    auto r = school.post("/api/v1/incidents", report);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["id"].get<long long>() : 0;
  }

  ServerProcess server;
  HttpClient cert = server.client(), school = server.client(), county = server.client();
};

}  // namespace

TEST_F(HostileInput, DeeplyNestedJsonIsRefusedEverywhere) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  const std::string deep_object = "{\"a\":" + deep + "}";
  const long long id = file_incident(botnet_report(now_of(school)));
  expect_refused(school.request("POST", "/api/v1/incidents", deep), "incident array");
  expect_refused(school.request("POST", "/api/v1/incidents", deep_object), "incident field");
  expect_refused(school.request("PUT", "/api/v1/incidents/" + std::to_string(id) + "/report", deep_object), "report");
  expect_refused(cert.request("POST", "/api/v1/warnings", deep), "warnings");
  expect_refused(import("stix", "{\"type\":\"bundle\",\"objects\":" + deep + "}"), "STIX");
  expect_refused(import("misp", "{\"Event\":" + deep + "}"), "MISP");
  // Just within the limit still parses (and is refused for what it says, not how it nests).
  const std::string nested_64 = std::string(63, '[') + std::string(63, ']');
  auto r = school.request("POST", "/api/v1/incidents", "{\"hosts\":" + nested_64 + "}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.json()["error"]["code"], "too_deep") << r.body;
  expect_alive();
}

TEST_F(HostileInput, StixPatternsAreReadWithoutRecursionOrCopies) {
  const int pid = server.pid();
  // One value of 100,000 characters: no address, refused, and the server lives.
  json bundle = {{"type", "bundle"},
                 {"id", "bundle--1"},
                 {"objects", {{{"type", "indicator"}, {"id", "indicator--1"}, {"pattern_type", "stix"},
                               {"pattern", "[ipv4-addr:value = '" + std::string(100'000, '1') + "']"}}}}};
  expect_refused(import("stix", bundle.dump()), "long value");
  expect_alive();

  // The same address 4,000 times in one pattern (152 KB): one warning, little memory.
  std::string pattern;
  for (int i = 0; i < 4000; ++i) pattern += (i ? " OR " : "") + std::string("[ipv4-addr:value = '198.51.100.7']");
  bundle["objects"][0]["pattern"] = pattern;
  const long before = peak_mib(pid);
  auto r = import("stix", bundle.dump());
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 300);
  EXPECT_EQ(r.json()["items"].size(), 1u);

  // 4,000 different addresses in one pattern: 4,000 warnings, each without a copy of the whole pattern.
  pattern.clear();
  for (int i = 0; i < 4000; ++i)
    pattern += (i ? " OR " : "") + std::string("[ipv4-addr:value = '203.0.") + std::to_string(i / 250) + "." +
               std::to_string(i % 250) + "']";
  bundle["objects"][0]["pattern"] = pattern;
  r = import("stix", bundle.dump());
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 300);
  EXPECT_EQ(r.json()["items"].size(), 4000u);
  const long after = peak_mib(pid);
  ASSERT_GT(before, 0);
  EXPECT_LT(after - before, 120) << "peak memory grew from " << before << " MiB to " << after << " MiB";
}

TEST_F(HostileInput, PeriodsAndDatesOutsideTheAcceptedRangeAreRefused) {
  for (const char* query : {"/api/v1/statistics/timeliness?to=9999-12-31T15:59:59Z",
                            "/api/v1/statistics/timeliness?from=0000-01-01T00:00:00Z",
                            "/api/v1/statistics/counts?to=2100-01-01T00:00:00Z",
                            "/api/v1/statistics/counts?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z",
                            "/api/v1/statistics/source-countries?from=1969-12-31T23:59:59Z",
                            "/api/v1/reports/monthly?month=9999-12", "/api/v1/reports/monthly?month=2026-13",
                            "/api/v1/incidents?from=0001-01-01T00:00:00Z", "/api/v1/incidents/export?to=9999-01-01T00:00:00Z"})
    expect_refused(cert.get(query), query);
  EXPECT_EQ(cert.get("/api/v1/statistics/timeliness?to=2099-12-31T15:59:59Z").status, 200);
  expect_alive();
}

TEST_F(HostileInput, AncientAwarenessIsRefusedAndTenYearOldTicketsDoNotPoisonTheSums) {
  for (const char* when : {"0000-01-01T00:00:00Z", "1999-12-31T23:59:59Z"}) {
    auto report = botnet_report(when);
    report["occurred_at"] = when;
    expect_refused(school.post("/api/v1/incidents", report), when);
  }
  // Ten years back and more is still a time (a late entry): its duration reaches the last bucket of
  // the kept sums, which must read back.
  for (const char* when : {"2016-06-01T00:00:00Z", "2000-01-01T00:00:00Z"}) {
    auto report = botnet_report(when);
    report["occurred_at"] = when;
    file_incident(report);
  }
  file_incident(botnet_report(now_of(school)));
  auto timeliness = county.get("/api/v1/statistics/timeliness");
  ASSERT_EQ(timeliness.status, 200) << timeliness.body;
  EXPECT_EQ(cert.get("/api/v1/statistics/timeliness?by=reviewer").status, 200);
  EXPECT_EQ(cert.get("/api/v1/statistics/counts").json()["incidents"]["total"], 3);
}

TEST_F(HostileInput, MillisecondsInAwarenessCannotLeaveANegativeSum) {
  // Aware 59.001 s before the report when read to the millisecond, 60 s when read to the second:
  // the two readings fall into different one-minute buckets of the kept sums.
  const auto now = *core::parse_iso8601(now_of(school));
  auto report = botnet_report(core::format_utc(now - 60'000).substr(0, 19) + ".999Z");
  report["occurred_at"] = report["aware_at"];
  const long long id = file_incident(report);
  const std::string path = "/api/v1/incidents/" + std::to_string(id);
  EXPECT_EQ(school.get(path).json()["report"]["aware_at"].get<std::string>().find('.'), std::string::npos)
      << "times are kept to the whole second";
  ASSERT_EQ(county.post(path + "/return", {{"reason", "請補充"}}).status, 200);
  ASSERT_EQ(cert.post("/api/v1/_test/clock", {{"advance_seconds", 120}}).status, 200);
  ASSERT_EQ(school.put(path + "/report", report).status, 200);
  ASSERT_EQ(school.post(path + "/submit", json::object()).status, 200);
  // The school files again and its centre reads its figures.
  file_incident(botnet_report(now_of(school)));
  auto timeliness = county.get("/api/v1/statistics/timeliness");
  ASSERT_EQ(timeliness.status, 200) << timeliness.body;
  long long incidents = 0;
  const auto items = timeliness.json()["items"];
  for (const auto& row : items) incidents += row["incidents"].get<long long>();
  EXPECT_EQ(incidents, 2) << timeliness.body;
}

TEST_F(HostileInput, WrongTypesAndBadBytesAreClientErrors) {
  const std::string objects_start = R"({"type":"bundle","id":"bundle--1","objects":[)";
  expect_refused(import("stix", objects_start + R"({"type":"indicator","id":5,"pattern":"[ipv4-addr:value = '198.51.100.7']"}]})"), "STIX id 5");
  expect_refused(import("stix", objects_start + R"({"type":"indicator","id":"indicator--1","pattern":5}]})"), "STIX pattern 5");
  expect_refused(import("stix", R"([{"type":"bundle"}])"), "STIX top-level array");
  expect_refused(import("stix", objects_start + R"({"type":"observed-data","id":"observed-data--1","object_refs":[5, null]}]})"), "STIX refs");
  expect_refused(import("misp", R"({"Event":{"info":"x","Attribute":[1,2]}})"), "MISP attributes");
  expect_refused(import("misp", R"([1,2])"), "MISP top-level array");
  expect_refused(import("misp", R"({"Event":{"info":5,"Attribute":[{"type":"ip-src","value":"198.51.100.7","timestamp":"9223372036854775807"}]}})"), "MISP timestamp");
  expect_refused(import("misp", R"({"Event":{"Attribute":[{"type":"ip-src","value":"198.51.100.7","timestamp":9223372036854775807}]}})"), "MISP numeric timestamp");

  auto csv = cert.request("POST", "/api/v1/units/import", "oid,code,name,kind,parent_oid,ip_ranges\n2.16.886.111.90000.77,X77,\xFF\xFE,school,2.16.886.111.90000.3,\n", {}, "text/csv");
  expect_refused(csv, "units CSV with bytes that are not UTF-8");
  expect_refused(import("csv", "ip,description\n198.51.100.7,\xC3\x28\n"), "warnings CSV with bytes that are not UTF-8");

  const long long id = file_incident(botnet_report(now_of(school)));
  auto upload = school.request("POST", "/api/v1/incidents/" + std::to_string(id) + "/attachments?name=%FF%FE.txt&kind=evidence",
                               "evidence", {}, "application/octet-stream");
  expect_refused(upload, "attachment name that is not UTF-8");

  auto report = botnet_report(now_of(school));
  std::string body = report.dump();
  body.replace(body.find("\"chosen_level\":2"), 16, "\"chosen_level\":1e400");
  expect_refused(school.request("POST", "/api/v1/incidents", body), "chosen_level 1e400");
  expect_alive();
}

TEST_F(HostileInput, TextsAndListsHaveLimits) {
  auto report = botnet_report(now_of(school));
  report["description"] = std::string(8 * 1024 * 1024, 'x');
  auto r = school.post("/api/v1/incidents", report);
  expect_refused(r, "8 MB description");
  EXPECT_EQ(r.json()["error"]["field"], "description");

  report = botnet_report(now_of(school));
  report["hosts"] = json::array();
  for (int i = 0; i < 10'000; ++i) report["hosts"].push_back({{"ip", "198.51.100.7"}, {"hostname", "pc"}});
  r = school.post("/api/v1/incidents", report);
  expect_refused(r, "10,000 hosts");
  EXPECT_EQ(r.json()["error"]["field"], "hosts");

  json warning = {{"addresses", {{{"ip", "198.51.100.7"}, {"role", "source"}}}}, {"observed_at", now_of(cert)},
                  {"subcategory", "suspicious_connection"}, {"description", std::string(30'000, 'x')}};
  expect_refused(cert.post("/api/v1/warnings", warning), "long warning description");
  EXPECT_EQ(school.get("/api/v1/incidents?mine=true").json()["total"], 0) << "nothing refused was stored";
}

TEST_F(HostileInput, RepliesTakeEachWarningOnce) {
  json warning = json::array({{{"addresses", {{{"ip", "198.51.100.7"}, {"role", "source"}}}}, {"observed_at", now_of(cert)},
                               {"subcategory", "suspicious_connection"}, {"description", "scanning"}}});
  auto issued = cert.post("/api/v1/warnings", warning);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto id = issued.json()["items"][0]["id"].get<long long>();
  auto reply = school.post("/api/v1/warnings/replies", {{"ids", {id, id, id}}, {"reply", "real_incident"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json()["items"].size(), 1u);
  const auto number = reply.json()["items"][0]["number"].get<std::string>();
  auto audit = cert.get("/api/v1/audit?entity=warning&entity_id=" + number).json()["items"];
  EXPECT_EQ(audit.size(), 1u);
  const auto incident_id = reply.json()["items"][0]["incident_id"].get<long long>();
  EXPECT_EQ(school.get("/api/v1/incidents/" + std::to_string(incident_id)).json()["report"]["hosts"].size(), 1u);
}
