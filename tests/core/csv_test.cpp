#include "core/csv.h"

#include <gtest/gtest.h>

#include "core/unit_csv.h"

using namespace tongbao::core;

TEST(Csv, QuotedFieldsBomAndCrLf) {
  auto r = parse_csv("\xEF\xBB\xBF" "a,b\r\n\"x, \"\"y\"\"\",\"line\nbreak\"\r\n\r\nlast,\n");
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0], (CsvRecord{"a", "b"}));
  EXPECT_EQ(r.records[1], (CsvRecord{"x, \"y\"", "line\nbreak"}));
  EXPECT_EQ(r.records[2], (CsvRecord{"last", ""}));
  EXPECT_EQ(r.record_lines[2], 5);
}

TEST(Csv, UnclosedQuoteIsAnError) {
  auto r = parse_csv("a,b\n\"open,x\n");
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(r.error_line, 2);
}

TEST(Csv, RoundTrip) {
  std::string out;
  append_csv_record(out, {"臺北, 市", "say \"hi\"", "plain"});
  auto r = parse_csv(out);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0], (CsvRecord{"臺北, 市", "say \"hi\"", "plain"}));
}

TEST(UnitCsv, EveryBadRowIsNamedWithItsField) {
  const std::string text =
      "oid,code,name,kind,parent_oid,ip_ranges\n"
      "2.16.886.111.1,OK1,Good school,school,2.16.886.111.9,140.117.0.0/16\n"
      "not-an-oid,OK2,Bad oid,school,,\n"
      "2.16.886.111.3,ok3,Lower-case code,school,,\n"
      "2.16.886.111.4,OK4,Bad kind,university,,\n"
      "2.16.886.111.5,OK5,Bad range,school,,10.0.0.1/8\n"
      "2.16.886.111.1,OK6,Duplicate oid,school,,\n";
  try {
    parse_unit_csv(text);
    FAIL() << "expected errors";
  } catch (const Error& e) {
    ASSERT_EQ(e.row_errors.size(), 5u);
    EXPECT_EQ(e.row_errors[0].row, 3);
    EXPECT_EQ(e.row_errors[0].field, "oid");
    EXPECT_EQ(e.row_errors[1].row, 4);
    EXPECT_EQ(e.row_errors[1].field, "code");
    EXPECT_EQ(e.row_errors[2].row, 5);
    EXPECT_EQ(e.row_errors[2].field, "kind");
    EXPECT_EQ(e.row_errors[3].row, 6);
    EXPECT_EQ(e.row_errors[3].field, "ip_ranges");
    EXPECT_EQ(e.row_errors[4].row, 7);
    EXPECT_EQ(e.row_errors[4].field, "oid");
  }
}

TEST(UnitCsv, ExportThenParseGivesTheSameUnits) {
  Unit u;
  u.oid = "2.16.886.111.7";
  u.code = "S7";
  u.name = "國立, \"測試\" 高中";
  u.kind = UnitKind::school;
  u.parent_oid = "2.16.886.111.1";
  u.ip_ranges = parse_ip_ranges({"192.0.2.0/24", "2001:db8::/48"});
  auto rows = parse_unit_csv(units_to_csv({u}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].row, 2);
  EXPECT_EQ(rows[0].unit.name, u.name);
  EXPECT_EQ(rows[0].unit.parent_oid, u.parent_oid);
  EXPECT_EQ(rows[0].unit.ip_ranges, u.ip_ranges);
}

TEST(UnitCsv, UnknownAndMissingColumns) {
  try {
    parse_unit_csv("oid,name,colour\n1.2,x,red\n");
    FAIL();
  } catch (const Error& e) {
    ASSERT_GE(e.row_errors.size(), 2u);
    bool unknown = false, missing = false;
    for (auto& r : e.row_errors) {
      unknown |= r.field == "colour";
      missing |= r.field == "code";
    }
    EXPECT_TRUE(unknown);
    EXPECT_TRUE(missing);
  }
}
