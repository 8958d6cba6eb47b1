// Bad input gets a 400 whose JSON body names the field, and changes nothing.
#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;

namespace {

struct Snapshot {
  std::string units;
  long long audit_entries;
  bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(HttpClient& cert) {
  auto units = cert.get("/api/v1/units?limit=1000");
  auto verify = cert.get("/api/v1/audit/verify").json();
  return {units.body, verify["entries"].get<long long>()};
}

void expect_field_error(const HttpResult& r, const std::string& code, const std::string& field) {
  EXPECT_EQ(r.status, 400) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["error"]["code"], code) << r.body;
  EXPECT_EQ(j["error"]["field"], field) << r.body;
  EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
}

}  // namespace

TEST(BadInput, MalformedUnknownOrMissingFieldsChangeNothing) {
  ServerProcess server;
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  const auto before = snapshot(cert);

  const nlohmann::json good = {{"oid", "2.16.886.111.90000.50"}, {"code", "NEW50"}, {"name", "新學校"},
                               {"kind", "school"}, {"parent_oid", demo::kCountyA}};

  expect_field_error(cert.request("POST", "/api/v1/units", R"({"oid": "2.16.886.111.90000.50", "code": )"),
                     "malformed_json", "body");
  auto unknown = good;
  unknown["colour"] = "red";
  expect_field_error(cert.post("/api/v1/units", unknown), "unknown_field", "colour");
  auto missing = good;
  missing.erase("name");
  expect_field_error(cert.post("/api/v1/units", missing), "missing_field", "name");
  auto wrong_type = good;
  wrong_type["ip_ranges"] = "198.51.100.0/24";
  expect_field_error(cert.post("/api/v1/units", wrong_type), "invalid_type", "ip_ranges");
  auto bad_value = good;
  bad_value["ip_ranges"] = {"198.51.100.1/24"};
  expect_field_error(cert.post("/api/v1/units", bad_value), "invalid_field", "ip_ranges");
  bad_value = good;
  bad_value["kind"] = "university";
  expect_field_error(cert.post("/api/v1/units", bad_value), "invalid_field", "kind");

  const std::string unit = std::string("/api/v1/units/") + demo::kSchoolA1;
  expect_field_error(cert.request("PATCH", unit, "{not json}"), "malformed_json", "body");
  expect_field_error(cert.patch(unit, {{"name", "x"}, {"oid", "1.2.3"}}), "unknown_field", "oid");
  expect_field_error(cert.put(unit + "/contacts/3", {{"account", "a3"}, {"name", "x"}}), "missing_field", "email");
  expect_field_error(cert.put(unit + "/contacts/3", {{"account", "a3"}, {"name", "x"}, {"email", "x@y.tw"}, {"pager", "1"}}),
                     "unknown_field", "pager");
  expect_field_error(cert.patch(unit + "/contacts/1", {{"email", "not an address"}}), "invalid_field", "email");
  expect_field_error(cert.post("/api/v1/auth/login", {{"oid", demo::kCert}, {"account", "cert"}}), "missing_field",
                     "password");

  EXPECT_EQ(snapshot(cert), before) << "a refused request changed something";

  // The same request without its faults goes through, so the refusals above were about the input.
  EXPECT_EQ(cert.post("/api/v1/units", good).status, 201);
  EXPECT_NE(snapshot(cert), before);
}
