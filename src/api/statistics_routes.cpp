#include <algorithm>
#include <cstdio>

#include "api/caller.h"
#include "api/monthly_report_page.h"
#include "api/printable_page.h"
#include "api/responses.h"
#include "api/routes.h"
#include "api/unit_refs.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/period.h"
#include "core/time_format.h"
#include "statistics/monthly_report_document.h"
#include "statistics/monthly_report_pdf.h"

namespace tongbao::api {
namespace {

using nlohmann::json;

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

  // The monthly report in one language, as a page that prints well (A4, no navigation) or as a
  // PDF made here (cairo and Pango: statistics/monthly_report_pdf.h). Each page's one stylesheet
  // is allowed by its digest; nothing else inline, no script at all.
  const std::string policy_zh = printable_page_policy(monthly_report_style(core::Language::zh_tw));
  const std::string policy_en = printable_page_policy(monthly_report_style(core::Language::en));
  router.add("GET", "/api/v1/reports/monthly", [&ctx, policy_zh, policy_en](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto month = req.query_param("month");
    const auto period = core::parse_month(month);
    const auto lang_param = req.query_param("lang", "zh-TW");
    if (lang_param != "zh-TW" && lang_param != "en") throw core::invalid("lang", "lang must be zh-TW or en");
    const auto lang = lang_param == "en" ? core::Language::en : core::Language::zh_tw;
    const auto format = req.query_param("format", "html");
    if (format != "html" && format != "pdf") throw core::invalid("format", "format must be html or pdf");
    const auto root = req.query_param("root");

    statistics::MonthlyReportInput in;
    in.month = month;
    in.language = lang;
    in.made_at = ctx.clock.now();
    statistics::Query q;
    q.from = period.from;
    q.to = period.to;
    if (!root.empty()) q.root_oid = root;
    in.counts = ctx.statistics.counts(p, q);  // refuses a root the caller may not read
    in.timeliness = ctx.statistics.timeliness(p, q);
    in.blocks = ctx.blocks.figures(p, root.empty() ? std::nullopt : std::optional(root), *period.from, *period.to, std::nullopt);
    improvements::ListQuery iq;
    if (!root.empty()) iq.unit_oid = root;
    in.improvements = ctx.improvements.summary(p, iq);

    // Names, never OIDs: the scope, the units counted under it, and those of blocks and items.
    if (!root.empty()) in.scope_name = ctx.organisation.unit(p, root).name;
    else if (core::sees_everything(p) && p.unit_kind != core::UnitKind::cert)
      in.scope_name = lang == core::Language::en ? "All units" : "全部單位";
    else in.scope_name = ctx.organisation.unit(p, p.unit_oid).name;
    for (const auto& [oid, n] : in.counts.by_unit) {
      if (n == 0) continue;
      try {
        in.unit_names_by_oid[oid] = ctx.organisation.unit(p, oid).name;
      } catch (const core::Error&) {
        // Counted under the caller's scope, so visible; one that moved away meanwhile stays unnamed.
      }
    }
    UnitRefs units(ctx);
    auto name_unit = [&](long long id) {
      const auto ref = units(id);
      if (!ref.is_null()) in.unit_names_by_id[id] = ref.value("name", "");
    };
    for (size_t i = 0; i < in.blocks.units.size() && i < 50; ++i) name_unit(in.blocks.units[i].unit_id);
    for (const auto& [unit_id, n] : in.improvements.most_overdue_major) name_unit(unit_id);

    const auto doc = statistics::monthly_report_document(in);
    if (format == "pdf") {
      http::Response r;
      r.content_type = "application/pdf";
      r.body = statistics::monthly_report_pdf(doc);
      r.with_header("Content-Disposition", "attachment; filename=\"" + doc.file_name + ".pdf\"");
      return r;
    }
    return printable_page(monthly_report_html(doc), lang == core::Language::en ? policy_en : policy_zh);
  });
}

}  // namespace tongbao::api
