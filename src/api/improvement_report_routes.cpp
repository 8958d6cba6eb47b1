// A ticket's investigation, handling and improvement report: read (as JSON, or as a printable
// document in the manner of a government report), draft, submit, and the reviewing centre's and
// the CERT's decision.
#include "api/caller.h"
#include "api/request_params.h"
#include "api/printable_page.h"
#include "api/responses.h"
#include "api/routes.h"
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
          {"print", "/api/v1/incidents/" + std::to_string(d.ticket.id) + "/improvement-report?format=html"}};
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

// A date in the Republic of China's calendar, as official documents write it: 2026-12-02 →
// 中華民國115年12月2日.
std::string roc_date(const std::string& iso) {
  if (!core::is_valid_date(iso)) return iso;
  const int y = std::stoi(iso.substr(0, 4)) - 1911;
  return std::to_string(y) + "年" + std::to_string(std::stoi(iso.substr(5, 2))) + "月" +
         std::to_string(std::stoi(iso.substr(8, 2))) + "日";
}
std::string roc_time(const std::optional<core::TimeMs>& t) { return t ? roc_date(core::taipei_date(*t)) : "—"; }

std::string status_zh(core::ReportStatus s) {
  switch (s) {
    case core::ReportStatus::draft: return "草稿";
    case core::ReportStatus::submitted: return "已提報，待審查";
    case core::ReportStatus::centre_accepted: return "審查單位已接受，待資安署（CERT）確認";
    case core::ReportStatus::accepted: return "已確認";
    case core::ReportStatus::returned: return "退回修正";
  }
  return "";
}

std::string document_html(const improvements::ReportDetail& d) {
  const auto& r = d.report;
  const auto& t = d.ticket;
  static const char* numerals[] = {"一", "二", "三", "四", "五", "六"};
  auto category_label = [&](const std::string& key) {
    for (const auto& c : d.categories)
      if (c.key == key) return c.label_zh;
    return key;
  };
  auto severity_label = [](const std::string& s) -> std::string {
    if (s == "major") return "主要缺失";
    if (s == "minor") return "次要缺失";
    if (s == "observation") return "觀察事項";
    if (s == "recommendation") return "建議事項";
    return s;
  };
  const std::string title = "資通安全事件調查、處理及改善報告";
  std::string html = R"(<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>)" + title + " " +
                     html_escape(t.number) + "</title><style>" + kDocumentStyle + "</style></head><body><h1>" + title +
                     "</h1>";
  html += "<table class=\"meta\"><tbody>";
  auto meta = [&](const std::string& k, const std::string& v) {
    html += "<tr><th scope=\"row\">" + html_escape(k) + "</th><td>" + html_escape(v) + "</td></tr>";
  };
  meta("填報單位", d.unit_name);
  meta("事件單編號", t.number);
  meta("審查單位", d.reviewer_name.empty() ? "—" : d.reviewer_name);
  meta("事件等級", std::to_string(t.level) + " 級");
  meta("知悉時間", roc_time(t.report.aware_at ? std::optional(t.report.aware_at) : std::nullopt));
  meta("損害控制或復原完成", roc_time(t.response ? t.response->resolved_at : std::nullopt));
  meta("報告提報日期", roc_time(r.submitted_at));
  meta("辦理狀態", status_zh(r.status));
  html += "</tbody></table>";
  const auto& sections = core::report_sections();
  size_t n = 0;
  auto section = [&](const core::ReportSection& s) {
    html += "<h2>" + std::string(numerals[n++]) + "、" + std::string(s.title_zh) + "</h2><div class=\"body\">" +
            html_escape(r.section(s.key)) + "</div>";
  };
  for (size_t i = 0; i < 3; ++i) section(sections[i]);
  html += "<h2>" + std::string(numerals[n++]) +
          "、改善措施及預定完成日期</h2><table><thead><tr><th>項次</th><th>內容分類</th><th>缺失等級</th><th>發現事項</th>"
          "<th>改善措施</th><th>預定完成日期</th></tr></thead><tbody>";
  for (size_t i = 0; i < r.measures.size(); ++i) {
    const auto& m = r.measures[i];
    html += "<tr><td>" + std::to_string(i + 1) + "</td><td>" + html_escape(category_label(m.category)) + "</td><td>" +
            html_escape(severity_label(m.severity)) + "</td><td>" + html_escape(m.finding) + "</td><td>" +
            html_escape(m.measure) + "</td><td>" + html_escape(roc_date(m.planned_on)) + "</td></tr>";
  }
  if (r.measures.empty()) html += "<tr><td colspan=\"6\">（尚未填寫）</td></tr>";
  html += "</tbody></table>";
  section(sections[3]);
  html += "<div class=\"signature\"><span>承辦人：</span><span>單位主管：</span><span>資通安全長：</span></div>";
  html += "</body></html>\n";
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
    if (!format.empty() && format != "json" && format != "html")
      throw core::invalid("format", "format must be json or html");
    const auto d = ctx.improvements.report(p, path_id(req));
    if (format != "html") return json_response(200, report_json(d));
    return printable_page(document_html(d), document_policy);
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
