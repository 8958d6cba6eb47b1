#include <gtest/gtest.h>

#include <fstream>

#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao::test_support;

namespace {
HttpResult import_csv(HttpClient& c, const std::string& csv, bool dry_run = false) {
  return c.request("POST", std::string("/api/v1/units/import") + (dry_run ? "?dry_run=true" : ""), csv, {}, "text/csv");
}
}  // namespace

TEST(UnitCsv, ImportWithErrorsNamesRowsAndChangesNothing) {
  ServerProcess server;
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  const auto before = cert.get("/api/v1/units/export").body;

  const std::string csv =
      "oid,code,name,kind,parent_oid,ip_ranges\n"
      "2.16.886.111.90000.60,NEW60,新設國小,school,2.16.886.111.90000.3,198.51.100.64/28\n"
      "2.16.886.111.90000.61,NEW61,錯誤學校,college,2.16.886.111.90000.3,\n"
      "2.16.886.111.90000.62,NEW62,孤兒學校,school,2.16.886.111.99999,\n"
      "2.16.886.111.90000.63,KHJH01,重複代碼,school,2.16.886.111.90000.3,\n";
  auto r = import_csv(cert, csv);
  ASSERT_EQ(r.status, 400) << r.body;
  auto rows = r.json()["error"]["rows"];
  ASSERT_EQ(rows.size(), 1u) << r.body;  // format errors come first, all at once
  EXPECT_EQ(rows[0]["row"], 3);
  EXPECT_EQ(rows[0]["field"], "kind");

  // With the kind fixed, the remaining errors are about the tree.
  std::string fixed = csv;
  fixed.replace(fixed.find("college"), 7, "school");
  r = import_csv(cert, fixed);
  ASSERT_EQ(r.status, 400) << r.body;
  rows = r.json()["error"]["rows"];
  ASSERT_EQ(rows.size(), 2u) << r.body;
  EXPECT_EQ(rows[0]["row"], 4);
  EXPECT_EQ(rows[0]["field"], "parent_oid");
  EXPECT_EQ(rows[1]["row"], 5);
  EXPECT_EQ(rows[1]["field"], "code");
  EXPECT_EQ(cert.get("/api/v1/units/export").body, before) << "a failed import changed the tree";
}

TEST(UnitCsv, ImportCreatesUpdatesAndExportsRoundTrip) {
  ServerProcess server;
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  // Children listed before their parent still import.
  const std::string csv =
      "oid,code,name,kind,parent_oid,ip_ranges\n"
      "2.16.886.111.90000.71,NEW71,\"新港國小, 分校\",school,2.16.886.111.90000.70,203.0.113.96/28 3fff:0:103::/48\n"
      "2.16.886.111.90000.70,NEW70,新港區網,county_centre,2.16.886.111.90000.1,203.0.113.0/24 3fff:0:100::/40\n"
      "2.16.886.111.90000.31,KHJH01,高雄市立港都國民中學(改名),school,2.16.886.111.90000.3,198.51.100.0/27\n";
  auto dry = import_csv(cert, csv, true);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json()["created"], 2);
  EXPECT_EQ(cert.get("/api/v1/units/2.16.886.111.90000.70").status, 404) << "a dry run changes nothing";

  auto r = import_csv(cert, csv);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["created"], 2);
  EXPECT_EQ(r.json()["updated"], 1);
  auto school = cert.get("/api/v1/units/2.16.886.111.90000.71").json();
  EXPECT_EQ(school["name"], "新港國小, 分校");
  EXPECT_EQ(school["parent_oid"], "2.16.886.111.90000.70");
  EXPECT_EQ(school["ip_ranges"].size(), 2u);

  // Export, then import the export: nothing changes.
  auto exported = cert.get("/api/v1/units/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.body.substr(0, 3), "\xEF\xBB\xBF");
  r = import_csv(cert, exported.body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["unchanged"], 10);
  EXPECT_EQ(r.json()["created"], 0);
}

TEST(UnitCsv, CountyCentreImportsOnlyIntoItsSubtree) {
  ServerProcess server;
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto r = import_csv(county,
                      "oid,code,name,kind,parent_oid,ip_ranges\n"
                      "2.16.886.111.90000.80,NEW80,自家學校,school,2.16.886.111.90000.3,\n"
                      "2.16.886.111.90000.81,NEW81,別家學校,school,2.16.886.111.90000.4,\n");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["rows"][0]["row"], 3);
  auto exported = county.get("/api/v1/units/export").body;
  EXPECT_EQ(exported.find("NEW80"), std::string::npos);
}

TEST(UnitCsv, CommandLineImportAndExport) {
  ServerProcess server;
  server.stop();
  const auto file = server.data_dir() + "/units.csv";
  std::ofstream(file) << "oid,code,name,kind,parent_oid,ip_ranges\n"
                         "2.16.886.111.90000.90,NEW90,命令列學校,school,2.16.886.111.90000.4,\n"
                         "2.16.886.111.90000.91,bad code,壞的,school,2.16.886.111.90000.4,\n";
  auto bad = run_tongbao({"units", "import", file}, server);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("row 3, code"), std::string::npos) << bad.output;

  std::ofstream(file) << "oid,code,name,kind,parent_oid,ip_ranges\n"
                         "2.16.886.111.90000.90,NEW90,命令列學校,school,2.16.886.111.90000.4,\n";
  auto good = run_tongbao({"units", "import", file}, server);
  EXPECT_EQ(good.exit_code, 0) << good.output;
  auto out = run_tongbao({"units", "export", "--root", demo::kCountyB}, server);
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_NE(out.output.find("NEW90"), std::string::npos);
  EXPECT_EQ(out.output.find("KHJH01"), std::string::npos) << "export is limited to the subtree";
}
