#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;

namespace {
std::set<std::string> visible_oids(HttpClient& c) {
  auto r = c.get("/api/v1/units?limit=1000");
  EXPECT_EQ(r.status, 200) << r.body;
  std::set<std::string> out;
  const auto body = r.json();
  for (auto& u : body["items"]) out.insert(u["oid"].get<std::string>());
  return out;
}
}  // namespace

class TreePermissions : public ::testing::Test {
 protected:
  ServerProcess server;
};

TEST_F(TreePermissions, SchoolOfOneCountyCannotReadOrChangeAnother) {
  auto school_b = server.client();
  school_b.set_token(sign_in(school_b, demo::kSchoolB1, "teacher"));
  const std::string other = std::string("/api/v1/units/") + demo::kSchoolA1;

  EXPECT_EQ(school_b.get(other).status, 404);
  EXPECT_EQ(school_b.get(other + "/contacts").status, 404);
  EXPECT_EQ(school_b.patch(other, {{"name", "taken over"}}).status, 404);
  EXPECT_EQ(school_b.put(other + "/contacts/3", {{"account", "intruder"}, {"name", "x"}, {"email", "x@y.tw"}}).status, 404);
  EXPECT_EQ(school_b.patch(other + "/contacts/1", {{"email", "intruder@evil.tw"}}).status, 404);
  EXPECT_EQ(school_b.get(std::string("/api/v1/units/") + demo::kCountyA).status, 404);
  EXPECT_EQ(visible_oids(school_b), std::set<std::string>{demo::kSchoolB1});

  // Nothing changed in county A.
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto unit = cert.get(other).json();
  EXPECT_NE(unit["name"], "taken over");
  auto contacts = cert.get(other + "/contacts").json()["items"];
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_NE(contacts[0]["email"], "intruder@evil.tw");
}

TEST_F(TreePermissions, CountyCentreReadsItsOwnSchoolsOnly) {
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  EXPECT_EQ(visible_oids(county), (std::set<std::string>{demo::kCountyA, demo::kSchoolA1, demo::kSchoolA2}));
  EXPECT_EQ(county.get(std::string("/api/v1/units/") + demo::kSchoolA1).status, 200);
  EXPECT_EQ(county.get(std::string("/api/v1/units/") + demo::kSchoolA1 + "/contacts").status, 200);
  EXPECT_EQ(county.get(std::string("/api/v1/units/") + demo::kSchoolB1).status, 404);
  // It may edit its school, not the neighbouring county's.
  EXPECT_EQ(county.patch(std::string("/api/v1/units/") + demo::kSchoolA1, {{"ip_ranges", {"198.51.100.0/28"}}}).status, 200);
  EXPECT_EQ(county.patch(std::string("/api/v1/units/") + demo::kSchoolB1, {{"name", "x"}}).status, 404);
  // And it may not move its school out of its subtree.
  auto moved = county.patch(std::string("/api/v1/units/") + demo::kSchoolA1, {{"parent_oid", demo::kCountyB}});
  EXPECT_EQ(moved.status, 400) << moved.body;
}

TEST_F(TreePermissions, CertReadsEverything) {
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  EXPECT_EQ(visible_oids(cert).size(), 8u);
  for (auto oid : {demo::kSchoolA1, demo::kSchoolB2, demo::kCountyB}) {
    EXPECT_EQ(cert.get(std::string("/api/v1/units/") + oid).status, 200);
    EXPECT_EQ(cert.get(std::string("/api/v1/units/") + oid + "/contacts").status, 200);
  }
}

TEST_F(TreePermissions, MinistryReadsEverythingAndChangesNothing) {
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto created = cert.post("/api/v1/units", {{"oid", "2.16.886.111.90000.9"}, {"code", "MOE"}, {"name", "教育部"},
                                             {"kind", "ministry"}, {"parent_oid", demo::kCert}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto opened = cert.put("/api/v1/units/2.16.886.111.90000.9/contacts/1",
                         {{"account", "moe"}, {"name", "部內窗口"}, {"email", "moe@example.gov.tw"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const auto otp = opened.json()["one_time_password"].get<std::string>();

  auto ministry = server.client();
  ministry.set_token(sign_in(ministry, "2.16.886.111.90000.9", "moe", otp));
  ASSERT_EQ(ministry.post("/api/v1/auth/password", {{"current_password", otp}, {"new_password", "ministry oversight lantern 1"}}).status, 200);
  EXPECT_EQ(visible_oids(ministry).size(), 9u);
  EXPECT_EQ(ministry.patch(std::string("/api/v1/units/") + demo::kSchoolA1, {{"name", "x"}}).status, 403);
  EXPECT_EQ(ministry.get("/api/v1/audit/verify").status, 200);
}

TEST_F(TreePermissions, ApiKeysActForTheirUnit) {
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto issued = cert.post(std::string("/api/v1/units/") + demo::kCountyA + "/api-keys", {{"name", "county SOC"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const auto key = issued.json()["key"].get<std::string>();
  EXPECT_EQ(key.rfind("tbk_", 0), 0u);

  auto machine = server.client();
  machine.set_token(key);
  EXPECT_EQ(visible_oids(machine).size(), 3u);
  EXPECT_EQ(machine.get(std::string("/api/v1/units/") + demo::kSchoolB1).status, 404);
  EXPECT_EQ(machine.patch(std::string("/api/v1/units/") + demo::kSchoolA1, {{"name", "x"}}).status, 403);

  auto id = issued.json()["id"].get<long long>();
  ASSERT_EQ(cert.del("/api/v1/api-keys/" + std::to_string(id)).status, 200);
  EXPECT_EQ(machine.get("/api/v1/units").status, 401);
}

// The search box finds units by a part of their name or code, or the start of their OID, within
// what the caller may see: never a unit of another branch, and % or _ typed are letters, not wildcards.
TEST_F(TreePermissions, UnitSearchFindsByNameCodeOrOidWithinTheCallersTree) {
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto oids = [&](const std::string& q) {
    auto r = county.get("/api/v1/units?q=" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> out;
    const auto body = r.json();
    for (auto& u : body["items"]) out.insert(u["oid"].get<std::string>());
    return out;
  };
  EXPECT_EQ(oids("%E6%97%97%E6%B4%A5"), std::set<std::string>{"2.16.886.111.90000.32"}) << "旗津, part of a name";
  EXPECT_EQ(oids("KHJH"), std::set<std::string>{demo::kSchoolA1}) << "part of a code";
  EXPECT_EQ(oids("2.16.886.111.90000.3"), (std::set<std::string>{demo::kCountyA, demo::kSchoolA1, demo::kSchoolA2}));
  EXPECT_TRUE(oids("%E5%B1%8F%E6%9D%B1").empty()) << "屏東's schools are another county's";
  EXPECT_TRUE(oids("%25").empty()) << "a typed % is a letter";
  EXPECT_TRUE(oids("_").empty()) << "a typed _ is a letter";
  EXPECT_EQ(county.get("/api/v1/units?q=" + std::string(101, 'x')).status, 400);
}
