// A ticket's investigation, handling and improvement report: read (as JSON, or as a printable
// document in the manner of a government report, or as the same document in a Word file), draft, submit, and the reviewing centre's and
// the CERT's decision.
#include "api/caller.h"
#include "api/request_params.h"
#include "api/printable_page.h"
#include "api/responses.h"
#include "api/routes.h"
#include "improvements/report_docx.h"
#include "improvements/report_document.h"
#include "core/error.h"
#include "core/json_input.h"
#include "core/time_format.h"

namespace tongbao::api {
namespace {

using core::JsonInput;
using nlohmann::json;

constexpr std::size_t kSlack = 4;  // characters are counted by the rules; bytes bounded here first

json time_or_null(const std::optional<core::TimeMs>& t) { return t ? json(core::format_utc(*t)) : json(nullptr); }

json report_json(const improvements::ReportDetail& d) {
  const auto& r = d.report;
  json measures = json::array();
  for (const auto& m : r.measures)
    measures.push_back({{"category", m.category}, {"severity", m.severity}, {"finding", m.finding},
                        {"measure", m.measure}, {"planned_on", m.planned_on},
                        {"item_id", m.item_id ? json(*m.item_id) : json(nullptr)}});
  json sections = json::object();
  for (const auto& s : core::report_sections()) sections[std::string(s.key)] = r.section(s.key);
  using A = core::ReportAction;
  auto may = [&](A action) {
    try {
      core::next_report_status(action, r.status, d.roles);
      return true;
    } catch (const core::Error&) {
      return false;
    }
  };
  json categories = json::array();
  for (const auto& c : d.categories) categories.push_back({{"key", c.key}, {"label_zh", c.label_zh}, {"label_en", c.label_en}});
  return {{"incident_id", d.ticket.id},
          {"ticket_number", d.ticket.number},
          {"exists", d.exists},
          {"status", core::to_string(r.status)},
          {"sections", sections},
          {"measures", measures},
          {"return_reason", r.return_reason},
          {"first_submitted_at", time_or_null(r.first_submitted_at)},
          {"submitted_at", time_or_null(r.submitted_at)},
          {"centre_accepted_by", r.centre_accepted_by},
          {"centre_accepted_at", time_or_null(r.centre_accepted_at)},
          {"accepted_by", r.accepted_by},
          {"accepted_at", time_or_null(r.accepted_at)},
          {"updated_by", r.updated_by},
          {"updated_at", d.exists ? json(core::format_utc(r.updated_at)) : json(nullptr)},
          {"categories", categories},
          {"may", {{"edit", may(A::save)}, {"decide", may(A::accept)}}},
          {"print", "/api/v1/incidents/" + std::to_string(d.ticket.id) + "/improvement-report?format=html"},
          {"docx", "/api/v1/incidents/" + std::to_string(d.ticket.id) + "/improvement-report?format=docx"}};
}

// The document's stylesheet, sent inline so the page is one file to save or print: A4 portrait,
// a serif Chinese face as official documents use, numbered headings and a bordered table.
constexpr const char* kDocumentStyle = R"(
@page { size: A4 portrait; margin: 25mm 20mm 20mm 25mm; }
body { font-family: "Noto Serif CJK TC", "標楷體", "DFKai-SB", serif; color: #000; font-size: 12pt; line-height: 1.6; }
h1 { font-size: 18pt; text-align: center; letter-spacing: 0.1em; margin: 0 0 0.6em; }
h2 { font-size: 14pt; margin: 1.2em 0 0.3em; break-after: avoid; }
table { border-collapse: collapse; width: 100%; break-inside: auto; }
tr { break-inside: avoid; }
th, td { border: 1px solid #000; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
table.meta th { width: 22%; }
.body { white-space: pre-wrap; margin-left: 2em; }
.signature { margin-top: 2.5em; display: flex; justify-content: space-between; }
)";

std::string document_html(const improvements::ReportDocument& doc) {
  std::string html = R"(<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>)" + doc.title + " " +
                     html_escape(doc.ticket_number) + "</title><style>" + kDocumentStyle + "</style></head><body><h1>" + doc.title +
                     "</h1>";
  html += "<table class=\"meta\"><tbody>";
  for (const auto& [k, v] : doc.facts)
    html += "<tr><th scope=\"row\">" + html_escape(k) + "</th><td>" + html_escape(v) + "</td></tr>";
  html += "</tbody></table>";
  auto section = [&](const improvements::ReportDocument::Section& s) {
    html += "<h2>" + html_escape(s.heading) + "</h2><div class=\"body\">" + html_escape(s.body) + "</div>";
  };
  for (const auto& s : doc.before_measures) section(s);
  html += "<h2>" + html_escape(doc.measures_heading) + "</h2><table><thead><tr>";
  for (const auto& c : doc.measure_columns) html += "<th>" + html_escape(c) + "</th>";
  html += "</tr></thead><tbody>";
  for (const auto& row : doc.measures) {
    html += "<tr>";
    for (const auto& cell : row) html += "<td>" + html_escape(cell) + "</td>";
    html += "</tr>";
  }
  if (doc.measures.empty())
    html += "<tr><td colspan=\"" + std::to_string(doc.measure_columns.size()) + "\">" + html_escape(doc.no_measures) + "</td></tr>";
  html += "</tbody></table>";
  for (const auto& s : doc.after_measures) section(s);
  html += "<div class=\"signature\">";
  for (const auto& s : doc.signatures) html += "<span>" + html_escape(s) + "</span>";
  html += "</div></body></html>\n";
  return html;
}

core::ImprovementReport draft_of(const http::Request& req) {
  JsonInput in(req.body, {"sections", "measures"});
  core::ImprovementReport r;
  if (auto s = in.optional_object("sections", {"course", "cause", "handling", "tracking"}))
    for (const auto& sec : core::report_sections())
      r.section(sec.key) = s->optional_string(std::string(sec.key), core::kMaxReportSection * kSlack).value_or("");
  for (const auto& m : in.object_list("measures", {"category", "severity", "finding", "measure", "planned_on", "item_id"},
                                      core::kMaxReportMeasures)) {
    core::ReportMeasure out;
    out.category = m.optional_string("category", 64).value_or("");
    out.severity = m.optional_string("severity", 32).value_or("");
    out.finding = m.optional_string("finding", core::kMaxImprovementText * kSlack).value_or("");
    out.measure = m.optional_string("measure", core::kMaxImprovementText * kSlack).value_or("");
    out.planned_on = m.optional_string("planned_on", 10).value_or("");
    out.item_id = m.optional_integer("item_id");
    r.measures.push_back(std::move(out));
  }
  return r;
}

}  // namespace

void add_improvement_report_routes(http::Router& router, ApiContext& ctx) {
  // The page's one stylesheet is allowed by its digest; nothing else inline, no script at all.
  const std::string document_policy = printable_page_policy(kDocumentStyle);
  router.add("GET", "/api/v1/incidents/{id}/improvement-report", [&ctx, document_policy](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto format = req.query_param("format");
    if (!format.empty() && format != "json" && format != "html" && format != "docx")
      throw core::invalid("format", "format must be json, html or docx");
    const auto d = ctx.improvements.report(p, path_id(req));
    if (format == "html") return printable_page(document_html(improvements::report_document(d)), document_policy);
    if (format == "docx") {
      http::Response r;
      r.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      r.body = improvements::report_docx(improvements::report_document(d));
      // Named for the ticket, as a file saved beside others: improvement-report-KHJH01-INT-202612-0001.docx.
      const auto name = d.ticket.number.empty() ? std::to_string(d.ticket.id) : d.ticket.number;
      r.with_header("Content-Disposition", "attachment; filename=\"improvement-report-" + name + ".docx\"");
      return r;
    }
    return json_response(200, report_json(d));
  });

  router.add("PUT", "/api/v1/incidents/{id}/improvement-report", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto draft = draft_of(req);
    return json_response(200, report_json(ctx.improvements.save_report(p, path_id(req), draft)));
  });

  router.add("POST", "/api/v1/incidents/{id}/improvement-report/submit", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_response(200, report_json(ctx.improvements.submit_report(p, path_id(req))));
  });

  router.add("POST", "/api/v1/incidents/{id}/improvement-report/decision", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"decision", "reason"});
    const auto decision = in.required_string("decision");
    if (decision != "accept" && decision != "return") throw core::invalid("decision", "decision must be accept or return");
    const auto reason = in.optional_string("reason", core::kMaxImprovementReason * kSlack).value_or("");
    return json_response(200, report_json(ctx.improvements.decide_report(p, path_id(req), decision == "accept", reason)));
  });
}

}  // namespace tongbao::api
