#include <algorithm>
#include <cstdio>

#include "api/caller.h"
#include "api/printable_page.h"
#include "api/responses.h"
#include "api/routes.h"
#include "api/unit_refs.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/period.h"
#include "core/time_format.h"

namespace tongbao::api {
namespace {

using nlohmann::json;

// The monthly report's stylesheet, sent inline so the page is one file to save or print.
constexpr const char* kReportStyle = R"(
@page { size: A4; margin: 18mm; }
body { font-family: "Noto Sans CJK TC", sans-serif; color: #111; font-size: 11pt; }
h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 1.2em; break-after: avoid; }
table { border-collapse: collapse; width: 100%; break-inside: avoid; }
th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; } td { text-align: right; }
)";

statistics::Query query_of(const http::Request& req) {
  statistics::Query q;
  const auto period = core::parse_period(req.query_param("from"), req.query_param("to"));
  q.from = period.from;
  q.to = period.to;
  if (auto r = req.query_param("root"); !r.empty()) q.root_oid = r;
  auto d = req.query_param("drills");
  if (!d.empty() && d != "true" && d != "false") throw core::invalid("drills", "drills must be true or false");
  q.drills = d == "true";
  return q;
}

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json distribution_json(const statistics::Distribution& d) {
  return {{"n", d.n}, {"median_hours", number_or_null(d.median_hours)}, {"p90_hours", number_or_null(d.p90_hours)}};
}

json timeliness_json(const statistics::Timeliness& t) {
  return {{"unit", {{"oid", t.unit_oid}, {"code", t.unit_code}, {"name", t.unit_name}}},
          {"incidents", t.incidents},
          {"awareness_to_report", distribution_json(t.awareness_to_report)},
          {"report_to_review", distribution_json(t.report_to_review)},
          {"awareness_to_recovery", distribution_json(t.awareness_to_recovery)},
          {"late_reports", t.late_reports},
          {"late_share", t.late_share},
          {"mean_hours_late", number_or_null(t.mean_hours_late)},
          {"raised_by_reviewer", t.raised_by_reviewer},
          {"raised_share", t.raised_share},
          {"under_reported", t.under_reported},
          {"accepted_below_computed", t.accepted_below_computed},
          {"entered_long_after", t.entered_long_after},
          {"support_requested", t.support_requested},
          {"warnings", t.warnings},
          {"warnings_answered_in_time", t.warnings_answered_in_time},
          {"warnings_in_time_share", t.warnings_in_time_share},
          {"false_positive_share", t.false_positive_share}};
}

std::string fixed(const std::optional<double>& v) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", *v);
  return buf;
}

std::string timeliness_csv(const std::vector<statistics::Timeliness>& rows) {
  std::string out;
  core::append_csv_record(out, {"unit_oid", "unit_code", "unit_name", "incidents", "report_median_h", "report_p90_h",
                                "review_median_h", "review_p90_h", "recovery_median_h", "recovery_p90_h",
                                "late_reports", "late_share", "mean_hours_late", "raised_by_reviewer", "raised_share",
                                "under_reported", "accepted_below_computed", "entered_long_after",
                                "support_requested", "warnings", "warnings_in_time_share", "false_positive_share"});
  for (const auto& t : rows)
    core::append_csv_record(
        out, {t.unit_oid, t.unit_code, t.unit_name, std::to_string(t.incidents), fixed(t.awareness_to_report.median_hours),
              fixed(t.awareness_to_report.p90_hours), fixed(t.report_to_review.median_hours),
              fixed(t.report_to_review.p90_hours), fixed(t.awareness_to_recovery.median_hours),
              fixed(t.awareness_to_recovery.p90_hours), std::to_string(t.late_reports), fixed(t.late_share),
              fixed(t.mean_hours_late), std::to_string(t.raised_by_reviewer), fixed(t.raised_share),
              std::to_string(t.under_reported), std::to_string(t.accepted_below_computed),
              std::to_string(t.entered_long_after), std::to_string(t.support_requested), std::to_string(t.warnings),
              fixed(t.warnings_in_time_share), fixed(t.false_positive_share)});
  return out;
}

std::string table(const std::string& title, const std::map<std::string, long long>& rows) {
  std::string out = "<h2>" + html_escape(title) + "</h2><table><tbody>";
  for (const auto& [k, v] : rows) out += "<tr><th scope=\"row\">" + html_escape(k) + "</th><td>" + std::to_string(v) + "</td></tr>";
  return out + "</tbody></table>";
}

}  // namespace

void add_statistics_routes(http::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/statistics/counts", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    auto c = ctx.statistics.counts(p, query_of(req));
    if (req.query_param("format") == "csv") {
      std::string out;
      core::append_csv_record(out, {"dimension", "key", "count"});
      auto rows = [&](const char* dim, const std::map<std::string, long long>& m) {
        for (const auto& [k, v] : m) core::append_csv_record(out, {dim, k, std::to_string(v)});
      };
      rows("type", c.by_type);
      rows("subcategory", c.by_subcategory);
      rows("level", c.by_level);
      rows("month", c.by_month);
      rows("unit", c.by_unit);
      rows("warning_subcategory", c.warnings_by_subcategory);
      rows("warning_reply", c.warnings_by_reply);
      rows("warning_month", c.warnings_by_month);
      return csv_response(out, "counts-" + core::taipei_date(ctx.clock.now()) + ".csv");
    }
    return json_response(200, {{"incidents",
                                {{"total", c.total}, {"by_type", c.by_type}, {"by_subcategory", c.by_subcategory},
                                 {"by_level", c.by_level}, {"by_month", c.by_month}, {"by_unit", c.by_unit}}},
                               {"warnings",
                                {{"total", c.warnings}, {"by_subcategory", c.warnings_by_subcategory},
                                 {"by_reply", c.warnings_by_reply}, {"by_month", c.warnings_by_month}}}});
  });

  router.add("GET", "/api/v1/statistics/source-countries", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    auto countries = ctx.statistics.source_countries(p, query_of(req));
    std::vector<std::pair<std::string, long long>> sorted(countries.begin(), countries.end());
    std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    if (req.query_param("format") == "csv") {
      std::string out;
      core::append_csv_record(out, {"country", "addresses"});
      for (const auto& [c, n] : sorted) core::append_csv_record(out, {c, std::to_string(n)});
      return csv_response(out, "source-countries-" + core::taipei_date(ctx.clock.now()) + ".csv");
    }
    json items = json::array();
    for (const auto& [c, n] : sorted) items.push_back({{"country", c}, {"addresses", n}});
    return json_response(200, {{"items", items},
                               {"database", ctx.statistics.country_database()->description()},
                               {"credit", "IP to country data: ip-location-db (CC0) with data of the Number Resource "
                                          "Organization (NRO, nro.net), CC BY 4.0"}});
  });

  // Per reporting unit (?by=unit, default) or per reviewing centre (?by=reviewer).
  router.add("GET", "/api/v1/statistics/timeliness", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto by = req.query_param("by", "unit");
    if (by != "unit" && by != "reviewer") throw core::invalid("by", "by must be unit or reviewer");
    auto rows = ctx.statistics.timeliness(p, query_of(req), by == "reviewer");
    if (req.query_param("format") == "csv") return csv_response(timeliness_csv(rows), "timeliness-" + core::taipei_date(ctx.clock.now()) + ".csv");
    json items = json::array();
    for (const auto& t : rows) items.push_back(timeliness_json(t));
    return json_response(200, {{"items", items}});
  });

  // The monthly report as a page that prints well (A4, no navigation).
  // The page's one stylesheet is allowed by its digest; nothing else inline, no script at all.
  const std::string report_policy = printable_page_policy(kReportStyle);
  router.add("GET", "/api/v1/reports/monthly", [&ctx, report_policy](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto month = req.query_param("month");
    const auto period = core::parse_month(month);
    statistics::Query q;
    q.from = period.from;
    q.to = period.to;
    if (auto r = req.query_param("root"); !r.empty()) q.root_oid = r;
    auto c = ctx.statistics.counts(p, q);
    auto rows = ctx.statistics.timeliness(p, q);
    std::string html = R"(<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>資安事件月報 )" + month +
                       "</title><style>" + kReportStyle + R"(</style></head><body><h1>資安事件月報 Monthly incident report )" +
                       month + "</h1><p>事件總數 Incidents: " + std::to_string(c.total) + "；預警 Early warnings: " +
                       std::to_string(c.warnings) + "</p>";
    html += table("依類型 By type", c.by_type) + table("依細分類 By sub-category", c.by_subcategory) +
            table("依等級 By level", c.by_level) + table("依單位 By unit", c.by_unit) +
            table("預警回覆 Warning replies", c.warnings_by_reply);
    html += "<h2>時效 Timeliness</h2><table><thead><tr><th>單位 Unit</th><th>事件 Incidents</th><th>通報中位數(時) Report median h</th>"
            "<th>逾時通報 Late</th><th>審核調升 Raised</th><th>低報 Under-reported</th><th>審核接受低於核算等級 Accepted below computed</th>"
            "<th>事後補登 Entered long after</th><th>請求支援 Support</th></tr></thead><tbody>";
    for (const auto& t : rows)
      html += "<tr><th scope=\"row\">" + html_escape(t.unit_name) + "</th><td>" + std::to_string(t.incidents) + "</td><td>" +
              fixed(t.awareness_to_report.median_hours) + "</td><td>" + std::to_string(t.late_reports) + "</td><td>" +
              std::to_string(t.raised_by_reviewer) + "</td><td>" + std::to_string(t.under_reported) + "</td><td>" +
              std::to_string(t.accepted_below_computed) + "</td><td>" + std::to_string(t.entered_long_after) +
              "</td><td>" + std::to_string(t.support_requested) + "</td></tr>";
    html += "</tbody></table>";
    // Blocked addresses: where the month ended, and the units with blocks older than the limit
    // the centre set.
    const auto root = req.query_param("root");
    const auto blocks = ctx.blocks.figures(p, root.empty() ? std::nullopt : std::optional(root), *period.from, *period.to,
                                           std::nullopt);
    const auto limit = std::to_string(blocks.limit_days);
    const long long at_month_end = blocks.curve.empty() ? blocks.in_force_now : blocks.curve.back().in_force;
    html += "<h2>封鎖位址 Blocked addresses</h2><p>月底封鎖中 In force at the month's end: " + std::to_string(at_month_end) +
            "；本月封鎖 Blocked: " + std::to_string(blocks.blocked_in_period) + "；本月解除 Unblocked: " +
            std::to_string(blocks.unblocked_in_period) + "；封鎖至解除中位數(時) Median hours to unblock: " +
            (blocks.median_to_unblock_ms ? fixed(static_cast<double>(*blocks.median_to_unblock_ms) / 3'600'000.0) : "–") +
            "；目前封鎖超過 " + limit + " 天 Blocked longer than " + limit + " days now: " +
            std::to_string(blocks.longer_than_limit) + "</p>";
    if (!blocks.units.empty()) {
      html += "<table><thead><tr><th>單位 Unit</th><th>封鎖中 In force</th><th>超過 " + limit + " 天 Over " + limit +
              " days</th></tr></thead><tbody>";
      UnitRefs units(ctx);
      for (size_t i = 0; i < blocks.units.size() && i < 50; ++i) {
        const auto ref = units(blocks.units[i].unit_id);
        html += "<tr><th scope=\"row\">" + html_escape(ref.is_null() ? "" : ref["name"].get<std::string>()) + "</th><td>" +
                std::to_string(blocks.units[i].in_force) + "</td><td>" + std::to_string(blocks.units[i].longer_than_limit) +
                "</td></tr>";
      }
      html += "</tbody></table>";
    }
    // Improvement items: what stays open, what is overdue, and where main deficiencies wait longest.
    improvements::ListQuery iq;
    if (!root.empty()) iq.unit_oid = root;
    const auto items = ctx.improvements.summary(p, iq);
    html += "<h2>改善事項 Improvement items</h2><p>未結 Open: " + std::to_string(items.open) + "；逾期 Overdue: " +
            std::to_string(items.overdue) + "；已確認 Verified: " +
            std::to_string(items.by_status.count("verified") ? items.by_status.at("verified") : 0) + "</p>";
    if (!items.most_overdue_major.empty()) {
      html += "<table><thead><tr><th>單位 Unit</th><th>逾期主要缺失 Overdue main deficiencies</th></tr></thead><tbody>";
      UnitRefs units(ctx);
      for (const auto& [unit_id, n] : items.most_overdue_major) {
        const auto ref = units(unit_id);
        html += "<tr><th scope=\"row\">" + html_escape(ref.is_null() ? std::string() : ref.value("name", "")) + "</th><td>" +
                std::to_string(n) + "</td></tr>";
      }
      html += "</tbody></table>";
    }
    html += "</body></html>\n";
    return printable_page(std::move(html), report_policy);
  });
}

}  // namespace tongbao::api
