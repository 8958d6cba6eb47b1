// A cell that a spreadsheet would run as a formula leaves every export neutralised (a leading
// single quote), and the units import turns it back into what was stored.
#include <gtest/gtest.h>

#include "core/csv.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using tongbao::core::parse_csv;

namespace {

const std::string kFormula = "=cmd|' /C calc'!A0";

// The cell in the row whose column `key` holds `value`, in the column named `column`.
std::string cell(const std::string& csv, const std::string& key, const std::string& value, const std::string& column) {
  auto parsed = parse_csv(csv);
  EXPECT_TRUE(parsed.error.empty()) << parsed.error;
  if (parsed.records.empty()) return "<no header>";
  const auto& header = parsed.records[0];
  const auto k = std::find(header.begin(), header.end(), key) - header.begin();
  const auto c = std::find(header.begin(), header.end(), column) - header.begin();
  for (const auto& row : parsed.records)
    if (static_cast<size_t>(k) < row.size() && row[k] == value && static_cast<size_t>(c) < row.size()) return row[c];
  return "<no row>";
}

}  // namespace

TEST(CsvInjection, NeutralisedAndRestored) {
  using tongbao::core::neutralise_csv_cell;
  using tongbao::core::restore_csv_cell;
  for (const std::string risky : {"=1+1", "+1", "-1", "-", "@SUM(A1)", "\tx", "\rx", "'=1", "''+1"}) {
    SCOPED_TRACE(risky);
    const auto out = neutralise_csv_cell(risky);
    EXPECT_EQ(out, "'" + risky);
    EXPECT_EQ(restore_csv_cell(out), risky);
  }
  for (const std::string safe : {"", "a=b", "1-2", "'", "'quoted'", "''", "臺灣", " =x"}) {
    SCOPED_TRACE(safe);
    EXPECT_EQ(neutralise_csv_cell(safe), safe);
    EXPECT_EQ(restore_csv_cell(safe), safe);
  }
  std::string record;
  tongbao::core::append_csv_record(record, {"=A1", "-3", "ok"});
  EXPECT_EQ(record, "'=A1,'-3,ok\r\n");
}

TEST(CsvInjection, UnitExportIsNeutralisedAndReimportsUnchanged) {
  ServerProcess server;
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto created = cert.post("/api/v1/units", {{"oid", "2.16.886.111.90000.77"}, {"code", "X77"}, {"name", kFormula},
                                             {"kind", "school"}, {"parent_oid", demo::kCountyA}});
  ASSERT_EQ(created.status, 201) << created.body;

  auto exported = cert.get("/api/v1/units/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(cell(exported.body, "oid", "2.16.886.111.90000.77", "name"), "'" + kFormula) << exported.body;

  auto imported = cert.request("POST", "/api/v1/units/import", exported.body, {}, "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(imported.json()["created"], 0);
  EXPECT_EQ(imported.json()["updated"], 0) << imported.body;
  auto unit = cert.get("/api/v1/units/2.16.886.111.90000.77").json();
  EXPECT_EQ(unit["name"], kFormula);
}

TEST(CsvInjection, WarningExportIsNeutralised) {
  ServerProcess server;
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  ASSERT_EQ(cert.post("/api/v1/units", {{"oid", "2.16.886.111.90000.99"}, {"code", "SOC1"}, {"name", "資安監控中心"},
                                        {"kind", "soc"}, {"parent_oid", demo::kCert}}).status, 201);
  auto soc = server.client();
  soc.set_token(cert.post("/api/v1/units/2.16.886.111.90000.99/api-keys", {{"name", "feed"}}).json()["key"].get<std::string>());
  const std::string hyperlink = R"(=HYPERLINK("http://evil","x"))";
  auto w = soc.post("/api/v1/warnings", {{"addresses", {{{"ip", "198.51.100.7"}, {"role", "source"}}}},
                                         {"observed_at", "2026-11-22T23:30:00Z"}, {"subcategory", "suspicious_connection"},
                                         {"description", hyperlink}, {"rule_id", "@rule"}});
  ASSERT_EQ(w.status, 201) << w.body;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto exported = school.get("/api/v1/warnings/export?format=csv");
  ASSERT_EQ(exported.status, 200) << exported.body;
  const auto number = w.json()["number"].get<std::string>();
  EXPECT_EQ(cell(exported.body, "number", number, "description"), "'" + hyperlink) << exported.body;
  EXPECT_EQ(cell(exported.body, "number", number, "rule_id"), "'@rule");
}

TEST(CsvInjection, IncidentExportIsNeutralised) {
  ServerProcess server;
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  ASSERT_EQ(cert.patch(std::string("/api/v1/units/") + demo::kSchoolA1, {{"name", kFormula}}).status, 200);
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  auto filed = school.post("/api/v1/incidents", botnet_report(now));
  ASSERT_EQ(filed.status, 201) << filed.body;
  auto exported = cert.get("/api/v1/incidents/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(cell(exported.body, "number", filed.json()["number"].get<std::string>(), "unit_name"), "'" + kFormula)
      << exported.body;
}
