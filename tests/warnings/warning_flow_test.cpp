// Early warnings over HTTP: routing by address, triage, merging repeats, replies and feedback.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

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

json warning(const std::string& ip, const std::string& subcategory = "suspicious_connection", const std::string& rule = "R-100") {
  return {{"addresses", {{{"ip", ip}, {"role", "source"}}, {{"ip", "203.0.113.250"}, {"role", "destination"}}}},
          {"port", 445}, {"protocol", "tcp"}, {"observed_at", "2026-11-22T23:30:00Z"},
          {"subcategory", subcategory}, {"description", "SMB scanning towards the Internet"},
          {"evidence", "flow records"}, {"rule_id", rule}};
}

}  // namespace

TEST(WarningFlow, RoutesByLongestPrefixForNestedRangesAndIPv6) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  json batch = json::array({warning("198.51.100.7"), warning("198.51.100.70"), warning("198.51.100.170"),
                            warning("2001:db8:101::5"), warning("2001:db8:1ff::1"), warning("2001:db8:ffff::1"),
                            warning("203.0.113.5")});
  auto r = soc.machine.post("/api/v1/warnings", batch);
  ASSERT_EQ(r.status, 201) << r.body;
  auto items = r.json()["items"];
  ASSERT_EQ(items.size(), 7u);
  EXPECT_EQ(items[0]["unit_oid"], demo::kSchoolA1);  // /27 inside /25 inside /24
  EXPECT_EQ(items[1]["unit_oid"], demo::kCountyA);   // only the county's /25 holds it
  EXPECT_EQ(items[2]["unit_oid"], demo::kSchoolB2);
  EXPECT_EQ(items[3]["unit_oid"], demo::kSchoolA1);  // IPv6 /48
  EXPECT_EQ(items[4]["unit_oid"], demo::kCountyA);   // IPv6 /40
  EXPECT_EQ(items[5]["unit_oid"], demo::kRegion);    // IPv6 /32
  EXPECT_TRUE(items[6]["unit_oid"].is_null());       // nobody owns it: triage
  EXPECT_TRUE(std::regex_match(items[0]["number"].get<std::string>(), std::regex("SOC1-EWA-\\d{6}-0001")));
  // Each answered id is the stored warning of that number, host and place.
  for (size_t i = 0; i < items.size(); ++i) {
    const auto stored = soc.cert.get("/api/v1/warnings/" + std::to_string(items[i]["id"].get<long long>()));
    ASSERT_EQ(stored.status, 200) << stored.body;
    EXPECT_EQ(stored.json()["number"], items[i]["number"]);
    EXPECT_EQ(stored.json()["host"], batch[i]["addresses"][0]["ip"]);
    EXPECT_EQ(stored.json()["unit_oid"], items[i]["unit_oid"]);
  }

  // The unknown address waits in the CERT's triage queue until routed.
  auto triage = soc.cert.get("/api/v1/warnings?triage=true").json();
  ASSERT_EQ(triage["total"], 1);
  const auto triaged = triage["items"][0]["id"].get<long long>();
  auto assigned = soc.cert.post("/api/v1/warnings/" + std::to_string(triaged) + "/assign", {{"unit_oid", demo::kSchoolB1}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(soc.cert.get("/api/v1/warnings?triage=true").json()["total"], 0);
  // Seen again, it repeats the warning where the CERT put it, though no address routes it there.
  auto again = soc.machine.post("/api/v1/warnings", json::array({warning("203.0.113.5")}));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["items"][0]["id"], triaged);
  EXPECT_EQ(again.json()["items"][0]["merged"], true);
  EXPECT_EQ(again.json()["items"][0]["unit_oid"], demo::kSchoolB1);

  // Each school sees its own; the county its subtree; the other county nothing of A's.
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  EXPECT_EQ(school.get("/api/v1/warnings").json()["total"], 2);
  EXPECT_EQ(school.get("/api/v1/warnings/summary").json()["unanswered"], 2);
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyB, "pingtung"));
  EXPECT_EQ(county.get("/api/v1/warnings").json()["total"], 2);  // school B2's and the triaged one for B1
  EXPECT_EQ(county.get("/api/v1/warnings/" + std::to_string(items[0]["id"].get<long long>())).status, 404);

  // A new warning is mailed to the unit's contacts (e-mail only).
  auto outbox = soc.cert.get("/api/v1/outbox?limit=100").json()["items"];
  int warning_mails = 0;
  for (const auto& m : outbox) {
    if (m["kind"] == "new_warning") {
      ++warning_mails;
      EXPECT_EQ(m["channel"], "email");
    }
  }
  EXPECT_EQ(warning_mails, 7);
}

// The owners of addresses are kept in memory between batches: a unit added with a range, and a
// unit's ranges changed, route the very next batch.
TEST(WarningFlow, ANewUnitOrChangedRangesRouteTheNextBatch) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto issue = [&](const std::string& ip, const std::string& rule) {
    auto r = soc.machine.post("/api/v1/warnings", json::array({warning(ip, "suspicious_connection", rule)}));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["items"][0]["unit_oid"];
  };
  EXPECT_EQ(issue("198.51.100.200", "R-1"), demo::kCountyB);  // only the county's /25 holds it

  const std::string added = "2.16.886.111.90000.47";
  ASSERT_EQ(soc.cert.post("/api/v1/units", {{"oid", added}, {"code", "NEW1"}, {"name", "新設國小"}, {"kind", "school"},
                                            {"parent_oid", demo::kCountyB}, {"ip_ranges", {"198.51.100.192/28"}}}).status,
            201);
  EXPECT_EQ(issue("198.51.100.201", "R-2"), added);

  // Its range moves to an existing school; the new unit keeps nothing.
  ASSERT_EQ(soc.cert.patch("/api/v1/units/" + added, {{"ip_ranges", json::array()}}).status, 200);
  ASSERT_EQ(soc.cert.patch(std::string("/api/v1/units/") + demo::kSchoolB1, {{"ip_ranges", {"198.51.100.128/27", "198.51.100.192/28"}}}).status,
            200);
  EXPECT_EQ(issue("198.51.100.202", "R-3"), demo::kSchoolB1);
}

// The search box finds warnings by a part of their number or the start of their address, among
// those the caller may see only.
TEST(WarningFlow, SearchFindsByNumberOrAddressWithinTheCallersTree) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto r = soc.machine.post("/api/v1/warnings", json::array({warning("198.51.100.7"), warning("198.51.100.170")}));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto first = r.json()["items"][0]["number"].get<std::string>();
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto found = county.get("/api/v1/warnings?q=198.51.100.").json();
  ASSERT_EQ(found["total"], 1) << "the other county's 198.51.100.170 is not for Kaohsiung: " << found.dump();
  EXPECT_EQ(found["items"][0]["number"], first);
  EXPECT_EQ(county.get("/api/v1/warnings?q=" + first.substr(first.size() - 4)).json()["total"], 1) << "the end of a number";
  EXPECT_EQ(county.get("/api/v1/warnings?q=51.100.7").json()["total"], 0) << "an address matches from its start";
  EXPECT_EQ(soc.cert.get("/api/v1/warnings?q=198.51.100.1").json()["total"], 1) << "the CERT sees both; only .170 starts so";
  EXPECT_EQ(county.get("/api/v1/warnings?q=" + std::string(101, '1')).status, 400);
}

TEST(WarningFlow, RepeatsMergeWhileOpen) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto first = soc.machine.post("/api/v1/warnings", warning("198.51.100.7")).json();
  auto again = warning("198.51.100.7");
  again["observed_at"] = "2026-11-23T01:00:00Z";
  auto second = soc.machine.post("/api/v1/warnings", again).json();
  EXPECT_TRUE(second["merged"].get<bool>());
  EXPECT_EQ(second["number"], first["number"]);
  auto w = soc.cert.get("/api/v1/warnings/" + std::to_string(first["id"].get<long long>())).json();
  EXPECT_EQ(w["count"], 2);
  EXPECT_EQ(w["first_seen"], "2026-11-22T23:30:00Z");
  EXPECT_EQ(w["last_seen"], "2026-11-23T01:00:00Z");
  // Another sub-category on the same host is a warning of its own.
  EXPECT_FALSE(soc.machine.post("/api/v1/warnings", warning("198.51.100.7", "suspicious_program")).json()["merged"].get<bool>());
}

// Repeats inside one batch merge as they would have, one request each: into the first of them,
// which alone takes a number; the numbers the batch starts follow its items without a gap.
TEST(WarningFlow, RepeatsInsideABatchMergeLikeSeparateRequests) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto later = warning("198.51.100.7");
  later["observed_at"] = "2026-11-23T01:00:00Z";
  auto earlier = warning("198.51.100.7");
  earlier["observed_at"] = "2026-11-22T20:00:00Z";
  auto other_port = warning("198.51.100.7");
  other_port["port"] = 139;
  auto r = soc.machine.post("/api/v1/warnings",
                            json::array({warning("198.51.100.7"), later, warning("198.51.100.8"), earlier,
                                         warning("198.51.100.7", "suspicious_program"), warning("198.51.100.7", "suspicious_connection", "R-200"),
                                         other_port, warning("203.0.113.5"), warning("203.0.113.5")}));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto items = r.json()["items"];
  ASSERT_EQ(items.size(), 9u);
  const std::vector<bool> merged = {false, true, false, true, false, false, false, false, true};
  for (size_t i = 0; i < items.size(); ++i) EXPECT_EQ(items[i]["merged"].get<bool>(), merged[i]) << i;
  EXPECT_EQ(items[1]["id"], items[0]["id"]);
  EXPECT_EQ(items[1]["number"], items[0]["number"]);
  EXPECT_EQ(items[3]["number"], items[0]["number"]);
  EXPECT_EQ(items[1]["unit_oid"], demo::kSchoolA1);
  EXPECT_EQ(items[8]["number"], items[7]["number"]);  // in triage, merged all the same
  EXPECT_TRUE(items[8]["unit_oid"].is_null());
  // Six new warnings, numbered 1 to 6 in the order of their first items.
  const std::vector<size_t> starts = {0, 2, 4, 5, 6, 7};
  for (size_t k = 0; k < starts.size(); ++k)
    EXPECT_TRUE(items[starts[k]]["number"].get<std::string>().ends_with("-000" + std::to_string(k + 1)))
        << items[starts[k]]["number"];
  auto w = soc.cert.get("/api/v1/warnings/" + std::to_string(items[0]["id"].get<long long>())).json();
  EXPECT_EQ(w["count"], 3);
  EXPECT_EQ(w["first_seen"], "2026-11-22T20:00:00Z");
  EXPECT_EQ(w["last_seen"], "2026-11-23T01:00:00Z");
  EXPECT_EQ(soc.cert.get("/api/v1/warnings?limit=100").json()["total"], 6);

  // A later batch merges into what the first stored, and starts number 7.
  auto again = soc.machine.post("/api/v1/warnings", json::array({warning("198.51.100.9"), warning("198.51.100.7")}));
  ASSERT_EQ(again.status, 201) << again.body;
  const auto second = again.json()["items"];
  EXPECT_FALSE(second[0]["merged"].get<bool>());
  EXPECT_TRUE(second[0]["number"].get<std::string>().ends_with("-0007"));
  EXPECT_TRUE(second[1]["merged"].get<bool>());
  EXPECT_EQ(second[1]["number"], items[0]["number"]);
  EXPECT_EQ(second[1]["unit_oid"], demo::kSchoolA1);
  EXPECT_EQ(soc.cert.get("/api/v1/warnings/" + std::to_string(items[0]["id"].get<long long>())).json()["count"], 4);

  // One mail per new warning routed to a unit (the school's contacts), none for the repeats.
  const auto outbox = soc.cert.get("/api/v1/outbox?limit=100").json()["items"];
  std::set<std::string> mailed;
  for (const auto& m : outbox)
    if (m["kind"] == "new_warning") mailed.insert(m["subject"].get<std::string>().substr(1, m["subject"].get<std::string>().find(']') - 1));
  EXPECT_EQ(mailed.size(), 6u);  // the five routed of the first batch and the one of the second
  EXPECT_FALSE(mailed.count(items[7]["number"].get<std::string>()));

  // The batch's one audit entry says what it did, and the trail still verifies.
  const auto audit = soc.cert.get("/api/v1/audit?entity=warning_batch").json()["items"];
  ASSERT_EQ(audit.size(), 2u);
  bool found = false;
  for (const auto& e : audit) {
    if (e["after"]["count"] != 9) continue;
    found = true;
    EXPECT_EQ(e["action"], "warning.issue");
    EXPECT_EQ(e["after"]["stored"], 6);
    EXPECT_EQ(e["after"]["merged"], 3);
    EXPECT_EQ(e["after"]["triage"], 1);
    EXPECT_EQ(e["after"]["numbers"], json::array({items[0]["number"], items[7]["number"]}));
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(soc.cert.get("/api/v1/audit/verify").json()["ok"].get<bool>());
}

// Two batches at once: each one's numbers are its own run, and together they leave no gap.
TEST(WarningFlow, ConcurrentBatchesNumberWithoutGaps) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  const auto key = soc.cert.post("/api/v1/units/2.16.886.111.90000.99/api-keys", {{"name", "second feed"}}).json()["key"].get<std::string>();
  constexpr int kBatches = 4, kPerBatch = 150;
  std::vector<std::vector<std::string>> numbers(2);
  std::vector<std::thread> senders;
  for (int s = 0; s < 2; ++s)
    senders.emplace_back([&, s] {
      auto client = server.client();
      client.set_token(key);
      for (int b = 0; b < kBatches; ++b) {
        json batch = json::array();
        for (int i = 0; i < kPerBatch; ++i)
          batch.push_back(warning("2001:db8:101::" + std::to_string(s + 1) + ":" + std::to_string(b) + ":" + std::to_string(i)));
        auto r = client.post("/api/v1/warnings", batch);
        ASSERT_EQ(r.status, 201) << r.body;
        const auto items = r.json()["items"];
        for (const auto& it : items) numbers[static_cast<size_t>(s)].push_back(it["number"].get<std::string>());
      }
    });
  for (auto& t : senders) t.join();
  std::vector<int> serials;
  for (const auto& mine : numbers) {
    ASSERT_EQ(mine.size(), static_cast<size_t>(kBatches * kPerBatch));
    // Within a batch, in the order of its items, one after another.
    for (size_t i = 0; i < mine.size(); ++i) {
      serials.push_back(std::stoi(mine[i].substr(mine[i].rfind('-') + 1)));
      if (i % kPerBatch) {
        EXPECT_EQ(serials.back(), serials[serials.size() - 2] + 1) << mine[i];
      }
    }
  }
  std::sort(serials.begin(), serials.end());
  for (size_t i = 0; i < serials.size(); ++i) ASSERT_EQ(serials[i], static_cast<int>(i) + 1);
}

TEST(WarningFlow, RepliesRealIncidentFalsePositiveAndFeedback) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto a = soc.machine.post("/api/v1/warnings", warning("198.51.100.7", "suspicious_connection", "R-1")).json();
  auto b = soc.machine.post("/api/v1/warnings", warning("198.51.100.8", "suspicious_connection", "R-1")).json();
  auto c = soc.machine.post("/api/v1/warnings", warning("198.51.100.9", "suspected_spam", "R-2")).json();
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  // The school sees who warned it, though the issuer is outside its subtree.
  auto seen = school.get("/api/v1/warnings/" + std::to_string(a["id"].get<long long>())).json();
  EXPECT_EQ(seen["issuer"], (json{{"oid", "2.16.886.111.90000.99"}, {"code", "SOC1"}, {"name", "學術網路資安監控中心"}}));
  EXPECT_EQ(seen["unit"]["oid"], demo::kSchoolA1);
  EXPECT_EQ(seen["unit_oid"], demo::kSchoolA1);

  // A false positive needs a reason, and nothing changes without one.
  auto refused = school.post("/api/v1/warnings/replies", {{"ids", {c["id"]}}, {"reply", "false_positive"}});
  ASSERT_EQ(refused.status, 400);
  EXPECT_EQ(refused.json()["error"]["field"], "reason");
  EXPECT_NE(refused.json()["error"]["message"].get<std::string>().find("reason"), std::string::npos);
  EXPECT_EQ(school.get("/api/v1/warnings/summary").json()["unanswered"], 3);
  ASSERT_EQ(school.post("/api/v1/warnings/replies", {{"ids", {c["id"]}}, {"reply", "false_positive"},
                                                      {"reason", "the mail relay is ours and legitimate"}}).status, 200);

  // Two warnings with one cause answered at once as a real incident: one INT ticket, linked to both.
  auto real = school.post("/api/v1/warnings/replies", {{"ids", {a["id"], b["id"]}}, {"reply", "real_incident"}});
  ASSERT_EQ(real.status, 200) << real.body;
  auto answered = real.json()["items"];
  ASSERT_EQ(answered.size(), 2u);
  const auto incident_id = answered[0]["incident_id"].get<long long>();
  EXPECT_EQ(answered[1]["incident_id"], incident_id);
  auto ticket = school.get("/api/v1/incidents/" + std::to_string(incident_id)).json();
  EXPECT_EQ(ticket["type"], "INT");
  EXPECT_EQ(ticket["state"], "draft");
  EXPECT_EQ(ticket["report"]["hosts"].size(), 2u);
  EXPECT_NE(ticket["report"]["description"].get<std::string>().find(a["number"].get<std::string>()), std::string::npos);
  EXPECT_EQ(school.get("/api/v1/warnings/summary").json()["unanswered"], 0);
  EXPECT_EQ(school.post("/api/v1/warnings/replies", {{"ids", {a["id"]}}, {"reply", "undetermined"}, {"reason", "x"}}).status, 409);

  // The issuer sees, per rule, how its warnings fared.
  auto feedback = soc.machine.get("/api/v1/warnings/feedback").json()["items"];
  ASSERT_EQ(feedback.size(), 2u);
  EXPECT_EQ(feedback[0]["rule_id"], "R-1");
  EXPECT_EQ(feedback[0]["real_incidents"], 2);
  EXPECT_EQ(feedback[0]["false_positive_rate"], 0.0);
  EXPECT_EQ(feedback[1]["rule_id"], "R-2");
  EXPECT_EQ(feedback[1]["false_positive_rate"], 1.0);
}

TEST(WarningFlow, BadBulkInputNamesTheItemAndStoresNothing) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto bad = warning("999.1.1.1");
  auto r = soc.machine.post("/api/v1/warnings", json::array({warning("198.51.100.7"), bad}));
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "[1].addresses[0].ip");
  auto unknown = warning("198.51.100.7");
  unknown["severity"] = "high";
  EXPECT_EQ(soc.machine.post("/api/v1/warnings", unknown).json()["error"]["field"], "severity");
  EXPECT_EQ(soc.cert.get("/api/v1/warnings").json()["total"], 0);
  // Schools do not issue warnings.
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  EXPECT_EQ(school.post("/api/v1/warnings", warning("198.51.100.7")).status, 403);
}

TEST(WarningFlow, StixBundleAndMispEventImport) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  const json bundle = {
      {"type", "bundle"},
      {"id", "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"},
      {"objects",
       {{{"type", "indicator"}, {"spec_version", "2.1"}, {"id", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"},
         {"created", "2026-11-20T08:00:00.000Z"}, {"modified", "2026-11-20T08:00:00.000Z"}, {"name", "C2 beacon"},
         {"pattern", "[ipv4-addr:value = '198.51.100.7'] OR [ipv6-addr:value = '2001:db8:201::9']"},
         {"pattern_type", "stix"}, {"valid_from", "2026-11-20T08:00:00Z"}},
        {{"type", "sighting"}, {"spec_version", "2.1"}, {"id", "sighting--ee20065d-2555-424f-ad9e-0f8113ac2ca0"},
         {"created", "2026-11-21T08:00:00Z"}, {"modified", "2026-11-21T08:00:00Z"},
         {"sighting_of_ref", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}, {"last_seen", "2026-11-22T10:00:00Z"}},
        {{"type", "ipv4-addr"}, {"spec_version", "2.1"}, {"id", "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd"},
         {"value", "198.51.100.170"}},
        {{"type", "observed-data"}, {"spec_version", "2.1"}, {"id", "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf"},
         {"created", "2026-11-22T09:00:00Z"}, {"modified", "2026-11-22T09:00:00Z"},
         {"first_observed", "2026-11-22T08:00:00Z"}, {"last_observed", "2026-11-22T09:00:00Z"}, {"number_observed", 3},
         {"object_refs", {"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd"}}}}}};
  auto r = soc.machine.request("POST", "/api/v1/warnings/import?format=stix&subcategory=suspicious_connection", bundle.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  auto items = r.json()["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["unit_oid"], demo::kSchoolA1);
  EXPECT_EQ(items[1]["unit_oid"], demo::kSchoolB1);  // the IPv6 address of the pattern
  EXPECT_EQ(items[2]["unit_oid"], demo::kSchoolB2);  // the observed data's address
  auto first = soc.cert.get("/api/v1/warnings/" + std::to_string(items[0]["id"].get<long long>())).json();
  EXPECT_EQ(first["observed_at"], "2026-11-22T10:00:00Z") << "the sighting's time";
  EXPECT_EQ(first["rule_id"], "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");

  const json misp = {{"Event",
                      {{"uuid", "5e6f8d44-4b0c-4d3e-9a51-2b5f0a8e1c11"}, {"info", "Phishing kit hosting"},
                       {"date", "2026-11-21"},
                       {"Attribute",
                        {{{"type", "ip-dst"}, {"value", "198.51.100.40"}, {"timestamp", "1795312800"}, {"comment", "kit host"}},
                         {{"type", "domain"}, {"value", "example.test"}}}},
                       {"Object", {{{"name", "ip-port"}, {"Attribute", {{{"type", "ip-src|port"}, {"value", "198.51.100.140|8443"}}}}}}}}}};
  r = soc.machine.request("POST", "/api/v1/warnings/import?format=misp&subcategory=suspected_leak", misp.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  items = r.json()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["unit_oid"], demo::kSchoolA2);
  EXPECT_EQ(items[1]["unit_oid"], demo::kSchoolB1);
  auto second = soc.cert.get("/api/v1/warnings/" + std::to_string(items[1]["id"].get<long long>())).json();
  EXPECT_EQ(second["port"], 8443);
  EXPECT_EQ(second["rule_id"], "misp:5e6f8d44-4b0c-4d3e-9a51-2b5f0a8e1c11");
  EXPECT_EQ(second["addresses"][0]["role"], "source");

  // Bad files are refused with a clear error and store nothing more.
  EXPECT_EQ(soc.machine.request("POST", "/api/v1/warnings/import?format=stix", R"({"type":"report"})").status, 400);
  EXPECT_EQ(soc.machine.request("POST", "/api/v1/warnings/import?format=xml", "<x/>").json()["error"]["field"], "format");
  EXPECT_EQ(soc.cert.get("/api/v1/warnings").json()["total"], 5);

  // Out again: CSV for Excel, and a STIX bundle.
  auto csv = soc.cert.get("/api/v1/warnings/export?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("198.51.100.140"), std::string::npos);
  auto stix = soc.cert.get("/api/v1/warnings/export?format=stix");
  ASSERT_EQ(stix.status, 200);
  auto out = json::parse(stix.body);
  EXPECT_EQ(out["type"], "bundle");
  int indicators = 0, sightings = 0;
  for (const auto& o : out["objects"]) indicators += o["type"] == "indicator", sightings += o["type"] == "sighting";
  EXPECT_EQ(indicators, 5);  // an indicator and a sighting per warning
  EXPECT_EQ(sightings, 5);
}

TEST(WarningFlow, CsvImport) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  const std::string csv =
      "ip,role,port,protocol,observed_at,subcategory,description,rule_id\n"
      "198.51.100.7,source,25,tcp,2026-11-22T10:00:00Z,suspected_spam,outbound SMTP burst,R-SPAM\n"
      "2001:db8:202::1,source,,udp,2026-11-22T11:00:00+08:00,suspicious_connection,DNS tunnel,R-DNS\n";
  auto r = soc.machine.request("POST", "/api/v1/warnings/import?format=csv", csv, {}, "text/csv");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["items"][1]["unit_oid"], demo::kSchoolB2);
  auto bad = soc.machine.request("POST", "/api/v1/warnings/import?format=csv",
                                 "ip,observed_at,description\n198.51.100.7,yesterday,x\n", {}, "text/csv");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "row 2.observed_at");
}

TEST(WarningFlow, UnansweredAfterAWeekIsOverdueAndReminded) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto w = soc.machine.post("/api/v1/warnings", warning("198.51.100.7")).json();
  const std::string path = "/api/v1/warnings/" + std::to_string(w["id"].get<long long>());
  auto count_overdue_mails = [&] {
    int n = 0;
    const auto items = soc.cert.get("/api/v1/outbox?limit=500").json()["items"];
    for (const auto& m : items) n += m["kind"] == "overdue_warning";
    return n;
  };
  EXPECT_FALSE(soc.cert.get(path).json()["overdue"].get<bool>());
  soc.cert.post("/api/v1/_test/clock", {{"advance_seconds", 7 * 86400 + 60}});
  soc.cert.set_token(sign_in(soc.cert, demo::kCert, "cert"));
  for (int i = 0; i < 50 && count_overdue_mails() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(count_overdue_mails(), 1);
  EXPECT_TRUE(soc.cert.get(path).json()["overdue"].get<bool>());
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  EXPECT_EQ(county.get("/api/v1/warnings?overdue=true").json()["total"], 1);

  // Answered: the reminders stop.
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(school.post("/api/v1/warnings/replies", {{"ids", {w["id"]}}, {"reply", "undetermined"}, {"reason", "no logs kept"}}).status, 200);
  soc.cert.post("/api/v1/_test/clock", {{"advance_seconds", 13 * 3600}});
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  soc.cert.set_token(sign_in(soc.cert, demo::kCert, "cert"));  // sessions last 12 hours
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  EXPECT_EQ(count_overdue_mails(), 1);
  EXPECT_EQ(county.get("/api/v1/warnings?overdue=true").json()["total"], 0);
}

// JSON can carry U+0000; PostgreSQL's text cannot, and would keep only what comes before it. The
// same input must get the same answer on both backends: refused, nothing stored.
TEST(WarningFlow, TextWithANulCharacterIsRefusedAndNothingStored) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  auto bad = warning("198.51.100.7");
  bad["description"] = std::string("SMB scanning") + '\0' + " and the rest";
  auto r = soc.machine.post("/api/v1/warnings", bad);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "invalid_field") << r.body;
  EXPECT_EQ(soc.machine.get("/api/v1/warnings?issued=true").json()["total"], 0);
}

// The CSV export holds every warning, however many, and the list reaches each: both page by id, each
// page below the last.
TEST(WarningFlow, EveryWarningPageAfterPageInTheListAndItsExports) {
  ServerProcess server;
  auto soc = set_up_soc(server);
  constexpr int kWarnings = 2'345;  // two full pages of 1,000 and a part
  for (int from = 0; from < kWarnings; from += 1000) {
    json batch = json::array();
    for (int i = from; i < std::min(kWarnings, from + 1000); ++i)
      batch.push_back(warning("10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250)));
    ASSERT_EQ(soc.machine.post("/api/v1/warnings", batch).status, 201);
  }
  const auto list = soc.cert.get("/api/v1/warnings?limit=1").json();
  EXPECT_EQ(list["total"], kWarnings);
  EXPECT_FALSE(list["total_capped"].get<bool>());
  const auto csv = soc.cert.get("/api/v1/warnings/export?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("transfer-encoding"), "chunked");
  std::vector<std::string> numbers;
  std::istringstream lines(csv.body);
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line))
    if (!line.empty()) numbers.push_back(line.substr(0, line.find(',')));
  ASSERT_EQ(numbers.size(), static_cast<size_t>(kWarnings));
  EXPECT_EQ(std::set<std::string>(numbers.begin(), numbers.end()).size(), numbers.size()) << "each once";
  EXPECT_GT(numbers.front(), numbers.back()) << "newest first";

  // The STIX bundle, written a page at a time: every warning's indicator once, newest first; the
  // issuer once; an object written twice (an address shared across pages) the same each time; each
  // reference to an object in the bundle; and the same id for the same bundle.
  const auto stix = soc.cert.get("/api/v1/warnings/export?format=stix");
  ASSERT_EQ(stix.status, 200);
  EXPECT_EQ(stix.header("transfer-encoding"), "chunked") << "sent page by page, never built whole";
  const auto bundle = json::parse(stix.body);
  EXPECT_EQ(bundle["type"], "bundle");
  std::vector<std::string> indicated;
  std::map<std::string, json> by_id;
  std::map<std::string, int> of_type;
  for (const auto& o : bundle["objects"]) {
    const std::string id = o["id"], type = o["type"];
    if (type == "indicator") indicated.push_back(o["name"]);
    auto [kept, fresh] = by_id.emplace(id, o);
    if (fresh) ++of_type[type];
    else EXPECT_EQ(kept->second, o) << id << " written twice, differently";
  }
  EXPECT_EQ(indicated, numbers);
  EXPECT_EQ(of_type["sighting"], kWarnings);
  EXPECT_EQ(of_type["identity"], 1);
  for (const auto& o : bundle["objects"]) {
    if (o.contains("sighting_of_ref")) EXPECT_TRUE(by_id.count(o["sighting_of_ref"].get<std::string>()));
    for (const auto& ref : o.value("object_refs", json::array())) EXPECT_TRUE(by_id.count(ref.get<std::string>())) << ref;
    if (o.contains("created_by_ref")) EXPECT_TRUE(by_id.count(o["created_by_ref"].get<std::string>()));
  }
  EXPECT_EQ(json::parse(soc.cert.get("/api/v1/warnings/export?format=stix").body)["id"], bundle["id"]);

  // The list, page after page by where each ended: the same warnings in the same order.
  std::vector<std::string> paged;
  std::string target = "/api/v1/warnings?limit=1000";
  for (int pages = 0; pages < 10; ++pages) {
    const auto page = soc.cert.get(target).json();
    for (const auto& w : page["items"]) paged.push_back(w["number"].get<std::string>());
    if (page["next_before"].is_null()) break;
    target = "/api/v1/warnings?limit=1000&before=" + std::to_string(page["next_before"].get<long long>());
  }
  EXPECT_EQ(paged, numbers);
  // An offset reaches no further than totals are counted; a `before` is an id.
  const auto deep = soc.cert.get("/api/v1/warnings?offset=10001");
  EXPECT_EQ(deep.status, 400);
  EXPECT_EQ(deep.json()["error"]["field"], "offset");
  EXPECT_EQ(soc.cert.get("/api/v1/warnings?before=0").json()["error"]["field"], "before");
}
