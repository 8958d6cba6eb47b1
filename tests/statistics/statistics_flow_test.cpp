// Statistics against a fixture whose answers are known.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>

#include "core/statistics_rollup.h"
#include "core/ticket_number.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

std::string minus(const std::string& now, long long seconds) {
  return tongbao::core::format_utc(*tongbao::core::parse_iso8601(now) - seconds * 1000);
}

json report(const std::string& type, const std::string& sub, const std::string& aware, int chosen, json impact) {
  auto r = botnet_report(aware);
  r["type"] = type;
  r["subcategory"] = sub;
  r["chosen_level"] = chosen;
  r["impact"] = impact;
  return r;
}

class Statistics : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a1 = server.client(), b1 = server.client(), county = server.client(), cert = server.client();
    a1.set_token(sign_in(a1, demo::kSchoolA1, "teacher"));
    b1.set_token(sign_in(b1, demo::kSchoolB1, "teacher"));
    county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
    cert.set_token(sign_in(cert, demo::kCert, "cert"));
    now = a1.get("/api/v1/health").json()["time"].get<std::string>();
    // A1: under-reported botnet (chosen 2, computed 3), raised to 3 by the county; filed 30 min after awareness.
    auto t1 = a1.post("/api/v1/incidents", report("INT", "botnet", minus(now, 1800), 2, {{"availability", "core_late"}})).json();
    ASSERT_EQ(county.post("/api/v1/incidents/" + std::to_string(t1["id"].get<long long>()) + "/level",
                          {{"level", 3}, {"reason", "core service"}}).status, 200);
    // A1: defacement filed 3 hours after awareness (2 hours late), asking for support.
    auto def = report("DEF", "defacement", minus(now, 3 * 3600), 1, {{"availability", "non_core_in_time"}});
    def["support"] = {{"needed", true}, {"kinds", {"recovery"}}};
    ASSERT_EQ(a1.post("/api/v1/incidents", def).status, 201);
    // B1: spam filed 10 minutes after awareness.
    ASSERT_EQ(b1.post("/api/v1/incidents", report("INT", "spam", minus(now, 600), 1, {{"integrity", "non_core_slight"}})).status, 201);
    // B1: a drill.
    auto drill = report("INT", "botnet", now, 1, json::object());
    drill["drill"] = true;
    ASSERT_EQ(b1.post("/api/v1/incidents", drill).status, 201);
    // Two warnings to A1; one answered as a false positive.
    ASSERT_EQ(cert.post("/api/v1/warnings", json::array({
        {{"addresses", {{{"ip", "198.51.100.7"}, {"role", "source"}}}}, {"observed_at", now}, {"subcategory", "suspected_spam"}, {"description", "x"}, {"rule_id", "R"}},
        {{"addresses", {{{"ip", "198.51.100.8"}, {"role", "source"}}}}, {"observed_at", now}, {"subcategory", "suspicious_connection"}, {"description", "y"}, {"rule_id", "R"}}})).status, 201);
    auto warnings = a1.get("/api/v1/warnings").json()["items"];
    ASSERT_EQ(a1.post("/api/v1/warnings/replies", {{"ids", {warnings[0]["id"]}}, {"reply", "false_positive"}, {"reason", "our relay"}}).status, 200);
  }

  HttpClient cert_client() {
    auto c = server.client();
    c.set_token(sign_in(c, demo::kCert, "cert"));
    return c;
  }

  ServerProcess server;
  std::string now;  // the tickets above are aware 3 h, 30 min and 10 min before it (and the drill at it)
};

json row_of(const json& items, const std::string& oid) {
  for (const auto& i : items)
    if (i["unit"]["oid"] == oid) return i;
  return nullptr;
}

}  // namespace

TEST_F(Statistics, CountsByTypeLevelMonthAndSubtreeWithDrillsApart) {
  auto cert = cert_client();
  auto c = cert.get("/api/v1/statistics/counts").json();
  EXPECT_EQ(c["incidents"]["total"], 3);
  EXPECT_EQ(c["incidents"]["by_type"], (json{{"DEF", 1}, {"INT", 2}}));
  EXPECT_EQ(c["incidents"]["by_level"], (json{{"1", 2}, {"3", 1}}));
  EXPECT_EQ(c["incidents"]["by_subcategory"], (json{{"botnet", 1}, {"defacement", 1}, {"spam", 1}}));
  EXPECT_EQ(c["incidents"]["by_month"].size(), 1u);
  EXPECT_EQ(c["incidents"]["by_unit"], (json{{demo::kRegion, 3}}));
  EXPECT_EQ(c["warnings"]["total"], 2);
  EXPECT_EQ(c["warnings"]["by_reply"], (json{{"false_positive", 1}, {"unanswered", 1}}));

  auto region = cert.get(std::string("/api/v1/statistics/counts?root=") + demo::kRegion).json();
  EXPECT_EQ(region["incidents"]["by_unit"], (json{{demo::kCountyA, 2}, {demo::kCountyB, 1}}));
  auto drills = cert.get("/api/v1/statistics/counts?drills=true").json();
  EXPECT_EQ(drills["incidents"]["total"], 1);

  // A county reads its own subtree only.
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyB, "pingtung"));
  EXPECT_EQ(county.get("/api/v1/statistics/counts").json()["incidents"]["total"], 1);
  EXPECT_EQ(county.get(std::string("/api/v1/statistics/counts?root=") + demo::kCountyA).status, 404);
  // A period that excludes everything.
  EXPECT_EQ(cert.get("/api/v1/statistics/counts?to=2020-01-01T00:00:00Z").json()["incidents"]["total"], 0);
  EXPECT_EQ(cert.get("/api/v1/statistics/counts?from=yesterday").status, 400);
}

TEST_F(Statistics, TimelinessAndHonestyPerUnitAndCentre) {
  auto cert = cert_client();
  auto items = cert.get("/api/v1/statistics/timeliness").json()["items"];
  auto a1 = row_of(items, demo::kSchoolA1);
  ASSERT_FALSE(a1.is_null()) << items.dump();
  EXPECT_EQ(a1["incidents"], 2);
  EXPECT_NEAR(a1["awareness_to_report"]["median_hours"].get<double>(), 3.0, 0.02);
  EXPECT_NEAR(a1["awareness_to_report"]["p90_hours"].get<double>(), 3.0, 0.02);
  EXPECT_EQ(a1["late_reports"], 1);
  EXPECT_DOUBLE_EQ(a1["late_share"].get<double>(), 0.5);
  EXPECT_NEAR(a1["mean_hours_late"].get<double>(), 2.0, 0.02);
  EXPECT_EQ(a1["raised_by_reviewer"], 1);
  EXPECT_EQ(a1["under_reported"], 1);
  EXPECT_EQ(a1["support_requested"], 1);
  EXPECT_EQ(a1["warnings"], 2);
  EXPECT_DOUBLE_EQ(a1["false_positive_share"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(a1["warnings_in_time_share"].get<double>(), 0.5);
  auto b1 = row_of(items, demo::kSchoolB1);
  EXPECT_EQ(b1["incidents"], 1);
  EXPECT_EQ(b1["late_reports"], 0);
  EXPECT_NEAR(b1["awareness_to_report"]["median_hours"].get<double>(), 10.0 / 60, 0.01);

  auto centres = cert.get("/api/v1/statistics/timeliness?by=reviewer").json()["items"];
  auto county_a = row_of(centres, demo::kCountyA);
  EXPECT_EQ(county_a["incidents"], 2);
  EXPECT_EQ(county_a["report_to_review"]["n"], 1);

  auto csv = cert.get("/api/v1/statistics/timeliness?format=csv");
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF") << "Excel needs the BOM to read UTF-8";
  EXPECT_NE(csv.body.find("高雄市立港都國民中學"), std::string::npos);
}

TEST_F(Statistics, PartialMonthsReadFromTicketsAgreeWithTheKeptSums) {
  // Whole months come from sums kept in step with every change (the level raised, reviews); a
  // period that starts and ends inside a month is summed from the tickets themselves instead.
  auto cert = cert_client();
  const auto now = cert.get("/api/v1/health").json()["time"].get<std::string>();
  const auto period = "?from=" + minus(now, 4 * 3600) + "&to=" + minus(now, -60);
  auto encoded = [](std::string q) {
    for (size_t i; (i = q.find('+')) != std::string::npos;) q.replace(i, 1, "%2B");
    return q;
  };
  for (const char* what : {"counts", "timeliness", "timeliness?by=reviewer"}) {
    const std::string path = std::string("/api/v1/statistics/") + what;
    const auto sep = path.find('?') == std::string::npos ? encoded(period) : "&" + encoded(period).substr(1);
    auto kept = cert.get(path).json();
    auto partial = cert.get(path + sep).json();
    EXPECT_EQ(kept, partial) << what;
  }
}

TEST_F(Statistics, MostOfAMonthOrOfTenDaysIsTheWholeLessItsOtherTickets) {
  // A period covering more than half of a month (counts) or of a ten-day period (timeliness) is
  // read as the month's or ten days' sums less the tickets of the rest. Cut between the tickets
  // aware 30 and 10 minutes ago, and take the larger side of the cut within the month, then within
  // the ten days.
  using namespace tongbao::core;
  const TimeMs t = *parse_iso8601(now), cut = t - 20 * 60'000;
  const auto month = taipei_year_month(cut), dekad = taipei_dekad(cut);
  for (const auto& [start, end] : {std::pair{taipei_month_start(month), taipei_month_start(next_month(month))},
                                   std::pair{dekad_start(dekad), dekad_start(next_dekad(dekad))}}) {
    const bool first_part = cut - start > end - cut;
    const TimeMs from = first_part ? start : cut, to = first_part ? cut : end;
    std::map<std::string, int> expected;  // unit -> its tickets (not drills) aware within [from, to)
    for (const auto& [aware, unit] : std::vector<std::pair<TimeMs, std::string>>{
             {t - 3 * 3'600'000, demo::kSchoolA1}, {t - 1'800'000, demo::kSchoolA1}, {t - 600'000, demo::kSchoolB1}})
      if (aware >= from && aware < to) ++expected[unit];
    const auto period = "?from=" + format_utc(from) + "&to=" + format_utc(to);

    auto cert = cert_client();
    auto counts = cert.get("/api/v1/statistics/counts" + period).json();
    EXPECT_EQ(counts["incidents"]["total"], expected[demo::kSchoolA1] + expected[demo::kSchoolB1]) << period;
    auto items = cert.get("/api/v1/statistics/timeliness" + period).json()["items"];
    for (const char* unit : {demo::kSchoolA1, demo::kSchoolB1}) {
      const auto row = row_of(items, unit);
      EXPECT_EQ(row.is_null() ? 0 : row["incidents"].get<int>(), expected[unit]) << unit << period;
    }
  }
}

TEST_F(Statistics, AUnitThatMovesTakesItsFiguresWithIt) {
  auto cert = cert_client();
  ASSERT_EQ(cert.patch(std::string("/api/v1/units/") + demo::kSchoolA1,
                       {{"parent_oid", demo::kCountyB}, {"ip_ranges", json::array()}}).status, 200);
  auto region = cert.get(std::string("/api/v1/statistics/counts?root=") + demo::kRegion).json();
  EXPECT_EQ(region["incidents"]["by_unit"], (json{{demo::kCountyA, 0}, {demo::kCountyB, 3}}));
  EXPECT_EQ(region["incidents"]["total"], 3);
}

TEST_F(Statistics, PrintableMonthlyReport) {
  auto cert = cert_client();
  const auto month = cert.get("/api/v1/health").json()["time"].get<std::string>().substr(0, 7);
  auto r = cert.get("/api/v1/reports/monthly?month=" + month);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("@page"), std::string::npos);
  EXPECT_NE(r.body.find("高雄市立港都國民中學"), std::string::npos);
  EXPECT_EQ(cert.get("/api/v1/reports/monthly?month=November").status, 400);
}

// The month's report in Chinese, as a centre sends it upward: names, not codes; the year of the
// Republic; durations in hours and minutes; every table captioned and headed.
TEST_F(Statistics, MonthlyReportInChineseSaysNamesTheMinguoYearAndHoursAndMinutes) {
  auto cert = cert_client();
  const auto month = cert.get("/api/v1/health").json()["time"].get<std::string>().substr(0, 7);
  auto r = cert.get("/api/v1/reports/monthly?month=" + month);
  ASSERT_EQ(r.status, 200) << r.body;
  // The time the report was made may move to the next second between the two requests.
  const auto without_time_made = [](const std::string& html) {
    return std::regex_replace(html, std::regex(R"(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2})"), "(time made)");
  };
  EXPECT_EQ(without_time_made(r.body),
            without_time_made(cert.get("/api/v1/reports/monthly?lang=zh-TW&month=" + month).body))
      << "zh-TW is the default";
  const auto& html = r.body;
  EXPECT_NE(html.find("<html lang=\"zh-Hant\">"), std::string::npos);
  const int minguo = std::stoi(month.substr(0, 4)) - 1911;
  EXPECT_NE(html.find("中華民國 " + std::to_string(minguo) + " 年 " + std::to_string(std::stoi(month.substr(5, 2))) + " 月"),
            std::string::npos);
  for (const char* name : {"殭屍電腦(BOT)", "網頁置換", "垃圾郵件(SPAM)", "入侵攻擊（INT）", "可疑連線", "誤判", "3 級"})
    EXPECT_NE(html.find(name), std::string::npos) << name;
  for (const char* code : {"system_compromise", "botnet", "defacement", ">INT<", ">DEF<", "suspicious_connection",
                           "false_positive", "unanswered", demo::kSchoolA1, demo::kCountyA, demo::kRegion})
    EXPECT_EQ(html.find(code), std::string::npos) << code;
  // B1 filed its spam 10 minutes after knowing; A1 took 30 minutes and 3 hours.
  EXPECT_NE(html.find("<td>10 分</td>"), std::string::npos);
  EXPECT_TRUE(std::regex_search(html, std::regex("<td>[0-9]+ 小時( [0-9]+ 分)?</td>"))) << html;
  EXPECT_FALSE(std::regex_search(html, std::regex("<td>[0-9]+\\.[0-9]+</td>"))) << "no decimal hours";
  // Tables: each captioned, with column headers, units as row headers.
  const auto count = [&](const std::string& s) {
    size_t n = 0;
    for (auto at = html.find(s); at != std::string::npos; at = html.find(s, at + 1)) ++n;
    return n;
  };
  EXPECT_GE(count("<table>"), 8u);
  EXPECT_EQ(count("<table>"), count("<caption>"));
  EXPECT_EQ(count("<thead>"), count("<table>"));
  EXPECT_EQ(count("<th>"), 0u) << "every header says its scope";
  EXPECT_NE(html.find("<th scope=\"row\">高雄市立港都國民中學</th>"), std::string::npos);
}

TEST_F(Statistics, MonthlyReportInEnglishHasEnglishNamesAndNoChinese) {
  auto cert = cert_client();
  const auto month = cert.get("/api/v1/health").json()["time"].get<std::string>().substr(0, 7);
  auto r = cert.get("/api/v1/reports/monthly?lang=en&month=" + month);
  ASSERT_EQ(r.status, 200) << r.body;
  auto html = r.body;
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  static const char* months[] = {"January", "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December"};
  EXPECT_NE(html.find(std::string(months[std::stoi(month.substr(5, 2)) - 1]) + " " + month.substr(0, 4)), std::string::npos);
  for (const char* name : {"Monthly incident report", "Botnet member (BOT)", "Web page defaced", "Suspicious connection",
                           "False positive", "Level 3", "10 min"})
    EXPECT_NE(html.find(name), std::string::npos) << name;
  // The units' own names are the only Chinese left.
  auto units = cert.get("/api/v1/units?limit=1000").json();
  for (const auto& u : units["items"])
    for (auto at = html.find(u["name"].get<std::string>()); at != std::string::npos; at = html.find(u["name"].get<std::string>()))
      html.erase(at, u["name"].get<std::string>().size());
  for (size_t i = 0; i < html.size(); ++i) {
    const auto b = static_cast<unsigned char>(html[i]);
    ASSERT_FALSE(b >= 0xE3 && b <= 0xE9) << "Chinese left at " << i << ": " << html.substr(i > 40 ? i - 40 : 0, 100);
    ASSERT_FALSE(b == 0xEF && i + 1 < html.size() && static_cast<unsigned char>(html[i + 1]) == 0xBC) << "full-width punctuation";
  }
}

TEST_F(Statistics, MonthlyReportAsPdf) {
  auto cert = cert_client();
  const auto month = cert.get("/api/v1/health").json()["time"].get<std::string>().substr(0, 7);
  auto r = cert.get("/api/v1/reports/monthly?format=pdf&month=" + month);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.header("content-type"), "application/pdf");
  EXPECT_NE(r.header("content-disposition").find("monthly-report-" + month + ".pdf"), std::string::npos);
  ASSERT_EQ(r.body.substr(0, 4), "%PDF");
  // What a reader copies out of it: poppler's pdftotext.
  auto text_of = [](const std::string& pdf) {
    TempDir dir;
    { std::ofstream(dir.file("report.pdf"), std::ios::binary) << pdf; }
    const auto command = "pdftotext -enc UTF-8 " + dir.file("report.pdf") + " " + dir.file("report.txt");
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    std::ifstream in(dir.file("report.txt"));
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto text = text_of(r.body);
  for (const char* s : {"資安事件月報", "殭屍電腦(BOT)", "高雄市立港都國民中學", "第 1 頁，共"})
    EXPECT_NE(text.find(s), std::string::npos) << s << " in:\n" << text;
  EXPECT_EQ(text.find("botnet"), std::string::npos);
  auto en = cert.get("/api/v1/reports/monthly?format=pdf&lang=en&month=" + month);
  ASSERT_EQ(en.status, 200);
  const auto en_text = text_of(en.body);
  for (const char* s : {"Monthly incident report", "Botnet member (BOT)", "Page 1 of"})
    EXPECT_NE(en_text.find(s), std::string::npos) << s << " in:\n" << en_text;
}

TEST_F(Statistics, MonthlyReportOfAnotherBranchIsRefusedAsBefore) {
  const auto month = cert_client().get("/api/v1/health").json()["time"].get<std::string>().substr(0, 7);
  auto school = server.client(), county = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  for (const char* format : {"", "&format=pdf", "&format=html&lang=en"}) {
    for (auto [client, root] : {std::pair{&school, demo::kCountyA}, std::pair{&school, demo::kSchoolB1},
                                std::pair{&county, demo::kCountyB}, std::pair{&county, demo::kRegion}}) {
      auto r = client->get("/api/v1/reports/monthly?month=" + month + "&root=" + root + format);
      EXPECT_EQ(r.status, 404) << root << format;
      EXPECT_EQ(r.json()["error"]["code"], "not_found") << r.body;
      EXPECT_EQ(r.body.find("%PDF"), std::string::npos);
    }
  }
  // Their own branch they read, in either file.
  EXPECT_EQ(county.get("/api/v1/reports/monthly?month=" + month + "&root=" + demo::kSchoolA1).status, 200);
  EXPECT_EQ(school.get("/api/v1/reports/monthly?format=pdf&month=" + month).status, 200);
}

TEST_F(Statistics, MonthlyReportRefusesALanguageOrFileItDoesNotMake) {
  auto cert = cert_client();
  for (const char* query : {"month=2026-11&lang=fr", "month=2026-11&lang=zh-CN", "month=2026-11&format=docx",
                            "month=2026-11&format=PDF", "month=2026-13&format=pdf", "lang=en"}) {
    auto r = cert.get(std::string("/api/v1/reports/monthly?") + query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_TRUE(r.json()["error"].contains("code")) << r.body;
  }
  EXPECT_EQ(cert.get("/api/v1/reports/monthly?month=2026-11&lang=fr").json()["error"]["field"], "lang");
}

TEST(SourceCountries, ExternalAddressesOfWarningsByCountry) {
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--geoip-db", TONGBAO_GEOIP_DB}});
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  const auto now = cert.get("/api/v1/health").json()["time"].get<std::string>();
  auto w = [&](const std::string& school_ip, const std::string& peer) {
    return json{{"addresses", {{{"ip", school_ip}, {"role", "source"}}, {{"ip", peer}, {"role", "destination"}}}},
                {"observed_at", now}, {"subcategory", "suspicious_connection"}, {"description", "beacon"}, {"rule_id", "R"}};
  };
  ASSERT_EQ(cert.post("/api/v1/warnings", json::array({w("198.51.100.7", "8.8.8.8"), w("198.51.100.8", "8.8.4.4"),
                                                        w("198.51.100.9", "168.95.1.1"), w("198.51.100.10", "240.0.0.9")}))
                .status,
            201);
  auto r = cert.get("/api/v1/statistics/source-countries");
  ASSERT_EQ(r.status, 200) << r.body;
  std::map<std::string, long long> got;
  const auto body = r.json();
  for (const auto& i : body["items"]) got[i["country"].get<std::string>()] = i["addresses"].get<long long>();
  EXPECT_EQ(got, (std::map<std::string, long long>{{"US", 2}, {"TW", 1}, {"unknown", 1}}))
      << "our schools' own addresses are not counted; reserved addresses have no country";
  EXPECT_NE(r.json()["credit"].get<std::string>().find("CC BY 4.0"), std::string::npos);
  auto csv = cert.get("/api/v1/statistics/source-countries?format=csv");
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
}

// A unit's kind chooses its policy profile, and so whether the reports it filed were late: the
// sums follow a change of kind for the tickets filed before it, and back.
TEST(StatisticsOfAKind, AUnitsChangeOfKindRecountsItsReportsLateness) {
  ServerFlags flags;
  flags.extra = {"--policy-for", "other=gdpr"};  // GDPR's 72 hours instead of the hour of a level 1
  ServerProcess server(flags);
  auto a1 = server.client(), cert = server.client();
  a1.set_token(sign_in(a1, demo::kSchoolA1, "teacher"));
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  const auto now = a1.get("/api/v1/health").json()["time"].get<std::string>();
  ASSERT_EQ(a1.post("/api/v1/incidents", report("DEF", "defacement", minus(now, 3 * 3600), 1,
                                                 {{"availability", "non_core_in_time"}})).status, 201);
  auto late_reports = [&] {
    const auto row = row_of(cert.get("/api/v1/statistics/timeliness").json()["items"], demo::kSchoolA1);
    return row.is_null() ? -1 : row["late_reports"].get<int>();
  };
  ASSERT_EQ(late_reports(), 1) << "filed three hours after awareness: two hours late";
  const auto unit = std::string("/api/v1/units/") + demo::kSchoolA1;
  ASSERT_EQ(cert.patch(unit, {{"kind", "other"}}).status, 200);
  EXPECT_EQ(late_reports(), 0) << "within GDPR's 72 hours";
  ASSERT_EQ(cert.patch(unit, {{"kind", "school"}}).status, 200);
  EXPECT_EQ(late_reports(), 1) << "a school again";
}
