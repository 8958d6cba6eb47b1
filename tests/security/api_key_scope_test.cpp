// API keys used from scripts: a key of scope read may only look, an expired key is an unknown
// one, the last use is shown (written at most once a minute), and a centre issues keys only
// within its subtree, with a valid scope and expiry, or nothing is stored.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/time_format.h"
#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr const char* kSoc = "2.16.886.111.90000.99";
const std::string kUnits = "/api/v1/units";

json warning(const std::string& ip) {
  return {{"addresses", {{{"ip", ip}, {"role", "source"}}}}, {"port", 445}, {"protocol", "tcp"},
          {"observed_at", "2026-11-22T23:30:00Z"}, {"subcategory", "suspicious_connection"},
          {"description", "SMB scanning"}, {"rule_id", "R-1"}};
}

class ApiKeyScope : public ::testing::Test {
 protected:
  void SetUp() override {
    cert.set_token(sign_in(cert, demo::kCert, "cert"));
    ASSERT_EQ(cert.post(kUnits, {{"oid", kSoc}, {"code", "SOC1"}, {"name", "資安監控中心"}, {"kind", "soc"},
                                 {"parent_oid", demo::kCert}}).status, 201);
  }

  // The server's time, moved `seconds` ahead (0: as it is), in the API's format.
  std::string now_plus(long long seconds) {
    const auto now = tongbao::core::parse_iso8601(cert.post("/api/v1/_test/clock", {{"advance_seconds", 0}}).json()["now"].get<std::string>());
    return tongbao::core::format_utc(*now + seconds * 1000);
  }
  void advance(long long seconds) { ASSERT_EQ(cert.post("/api/v1/_test/clock", {{"advance_seconds", seconds}}).status, 200); }

  json keys_of(const std::string& oid) { return cert.get(kUnits + "/" + oid + "/api-keys").json()["items"]; }
  json key_in_list(const std::string& oid, long long id) {
    const auto items = keys_of(oid);
    for (const auto& k : items)
      if (k["id"] == id) return k;
    return nullptr;
  }
  long long total_warnings() { return cert.get("/api/v1/warnings?limit=1").json()["total"].get<long long>(); }

  ServerProcess server;
  HttpClient cert = server.client(), machine = server.client();
};

}  // namespace

TEST_F(ApiKeyScope, AReadKeyLooksButChangesNothing) {
  auto issued = cert.post(kUnits + "/" + kSoc + "/api-keys", {{"name", "block list poller"}, {"scope", "read"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(issued.json()["scope"], "read");
  EXPECT_TRUE(issued.json()["expires_at"].is_null());
  machine.set_token(issued.json()["key"].get<std::string>());

  EXPECT_EQ(machine.get("/api/v1/warnings").status, 200);
  const auto before = total_warnings();
  auto refused = machine.post("/api/v1/warnings", warning("198.51.100.7"));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "key_scope");
  EXPECT_EQ(total_warnings(), before) << "a read key stored a warning";
  // Not the preview either, nor any other change.
  EXPECT_EQ(machine.post("/api/v1/warnings?dry_run=true", warning("198.51.100.7")).status, 403);
  EXPECT_EQ(machine.patch(kUnits + "/" + kSoc, {{"name", "renamed"}}).status, 403);
  EXPECT_EQ(cert.get(kUnits + "/" + kSoc).json()["name"], "資安監控中心");
  EXPECT_EQ(machine.del("/api/v1/api-keys/" + std::to_string(issued.json()["id"].get<long long>())).status, 403);
  EXPECT_TRUE(key_in_list(kSoc, issued.json()["id"].get<long long>())["revoked_at"].is_null());

  // A key given no scope does what its unit may, as keys always did.
  auto full = cert.post(kUnits + "/" + kSoc + "/api-keys", {{"name", "sensor feed"}});
  ASSERT_EQ(full.status, 201);
  EXPECT_EQ(full.json()["scope"], "read_write");
  machine.set_token(full.json()["key"].get<std::string>());
  EXPECT_EQ(machine.post("/api/v1/warnings", warning("198.51.100.7")).status, 201);
  EXPECT_EQ(total_warnings(), before + 1);
}

TEST_F(ApiKeyScope, AnExpiredKeyIsRefusedLikeAnUnknownOne) {
  auto issued = cert.post(kUnits + "/" + kSoc + "/api-keys",
                          {{"name", "short lived"}, {"scope", "read"}, {"expires_at", now_plus(86400)}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_FALSE(issued.json()["expires_at"].is_null());
  machine.set_token(issued.json()["key"].get<std::string>());
  EXPECT_EQ(machine.get("/api/v1/units").status, 200);

  advance(86400 - 60);
  EXPECT_EQ(machine.get("/api/v1/units").status, 200) << "still a minute to go";
  advance(120);
  auto expired = machine.get("/api/v1/units");
  auto unknown_client = server.client();
  unknown_client.set_token("tbk_" + std::string(43, 'A'));
  auto unknown = unknown_client.get("/api/v1/units");
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(unknown.status, 401);
  auto error_of = [](const HttpResult& r) {
    auto e = r.json()["error"];
    e.erase("request_id");  // each answer's own
    return e;
  };
  EXPECT_EQ(error_of(expired), error_of(unknown));
}

TEST_F(ApiKeyScope, LastUseIsShownAndWrittenAtMostOnceAMinute) {
  auto issued = cert.post(kUnits + "/" + demo::kCountyA + "/api-keys", {{"name", "firewall"}});
  ASSERT_EQ(issued.status, 201);
  const auto id = issued.json()["id"].get<long long>();
  EXPECT_TRUE(issued.json()["last_used_at"].is_null());
  EXPECT_TRUE(key_in_list(demo::kCountyA, id)["last_used_at"].is_null());
  machine.set_token(issued.json()["key"].get<std::string>());

  // The last use is queued, not waited for: it is written within moments of the request.
  const auto last_use_once_written = [&](const nlohmann::json& before) {
    auto seen = key_in_list(demo::kCountyA, id)["last_used_at"];
    for (int i = 0; i < 100 && seen == before; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      seen = key_in_list(demo::kCountyA, id)["last_used_at"];
    }
    return seen;
  };
  ASSERT_EQ(machine.get("/api/v1/units").status, 200);
  const auto first = last_use_once_written(nullptr);
  ASSERT_TRUE(first.is_string());
  advance(30);
  ASSERT_EQ(machine.get("/api/v1/units").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // time enough for a write, were one queued
  EXPECT_EQ(key_in_list(demo::kCountyA, id)["last_used_at"], first) << "written again within a minute";
  advance(31);
  ASSERT_EQ(machine.get("/api/v1/units").status, 200);
  const auto later = last_use_once_written(first);
  ASSERT_TRUE(later.is_string());
  EXPECT_GT(later.get<std::string>(), first.get<std::string>());
}

TEST_F(ApiKeyScope, BadScopeOrExpiryStoresNothing) {
  const auto before = keys_of(kSoc).size();
  struct Case {
    const char* what;
    json body;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"unknown scope", {{"name", "x"}, {"scope", "admin"}}, "scope"},
      {"scope of another type", {{"name", "x"}, {"scope", 1}}, "scope"},
      {"expiry in the past", {{"name", "x"}, {"expires_at", now_plus(-60)}}, "expires_at"},
      {"expiry now", {{"name", "x"}, {"expires_at", now_plus(0)}}, "expires_at"},
      {"expiry more than a year ahead", {{"name", "x"}, {"expires_at", now_plus(400LL * 86400)}}, "expires_at"},
      {"expiry not a time", {{"name", "x"}, {"expires_at", "next week"}}, "expires_at"},
  };
  for (const auto& c : cases) {
    auto r = cert.post(kUnits + "/" + kSoc + "/api-keys", c.body);
    EXPECT_EQ(r.status, 400) << c.what << ": " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << c.what;
  }
  EXPECT_EQ(keys_of(kSoc).size(), before) << "a refused key was stored";
  // A year ahead is allowed.
  EXPECT_EQ(cert.post(kUnits + "/" + kSoc + "/api-keys", {{"name", "x"}, {"expires_at", now_plus(365LL * 86400)}}).status, 201);
}

TEST_F(ApiKeyScope, ACentreIssuesKeysOnlyWithinItsSubtree) {
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  const auto above = keys_of(demo::kRegion).size(), beside = keys_of(demo::kCountyB).size();
  for (const char* oid : {demo::kRegion, demo::kCert, demo::kCountyB, demo::kSchoolB1}) {
    auto r = county.post(kUnits + "/" + oid + "/api-keys", {{"name", "stolen"}, {"scope", "read_write"}});
    EXPECT_TRUE(r.status == 403 || r.status == 404) << oid << ": " << r.status << " " << r.body;
  }
  EXPECT_EQ(keys_of(demo::kRegion).size(), above);
  EXPECT_EQ(keys_of(demo::kCountyB).size(), beside);
  EXPECT_TRUE(keys_of(demo::kSchoolB1).empty());
  // Below itself it may, with a read scope and an expiry.
  auto own = county.post(kUnits + "/" + std::string(demo::kSchoolA1) + "/api-keys",
                         {{"name", "school script"}, {"scope", "read"}, {"expires_at", now_plus(30LL * 86400)}});
  EXPECT_EQ(own.status, 201) << own.body;
}
