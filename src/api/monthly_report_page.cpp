#include "api/monthly_report_page.h"

#include "api/printable_page.h"

namespace tongbao::api {

std::string monthly_report_style(core::Language lang) {
  const std::string counter = lang == core::Language::en ? R"("Page " counter(page) " of " counter(pages))"
                                                         : R"("第 " counter(page) " 頁，共 " counter(pages) " 頁")";
  return R"(
@page { size: A4; margin: 18mm; @bottom-center { content: )" + counter + R"(; font-size: 9pt; } }
body { font-family: "Noto Sans CJK TC", sans-serif; color: #111; font-size: 11pt; line-height: 1.45; }
h1 { font-size: 18pt; text-align: center; margin: 0; } .period { text-align: center; font-size: 13pt; margin: 0.2em 0 1em; }
h2 { font-size: 13pt; margin-top: 1.4em; break-after: avoid; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.15em 1em; margin: 0.4em 0 0.8em; }
dt { font-weight: bold; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; }
caption { text-align: left; font-weight: bold; padding: 0.2em 0; break-after: avoid; }
tr { break-inside: avoid; } thead { display: table-header-group; }
th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; } td { text-align: right; } td.empty { text-align: left; }
)";
}

std::string monthly_report_html(const statistics::MonthlyReportDocument& doc) {
  const bool en = doc.language == core::Language::en;
  std::string html = "<!doctype html><html lang=\"" + std::string(en ? "en" : "zh-Hant") + "\"><head><meta charset=\"utf-8\"><title>" +
                     html_escape(doc.title + " " + doc.period) + "</title><style>" + monthly_report_style(doc.language) +
                     "</style></head><body><header><h1>" + html_escape(doc.title) + "</h1><p class=\"period\">" +
                     html_escape(doc.period) + "</p>";
  auto facts = [&](const std::vector<statistics::MonthlyReportDocument::Fact>& list) {
    if (list.empty()) return;
    html += "<dl>";
    for (const auto& f : list) html += "<dt>" + html_escape(f.label) + "</dt><dd>" + html_escape(f.value) + "</dd>";
    html += "</dl>";
  };
  facts(doc.facts);
  html += "</header><main>";
  int n = 0;
  for (const auto& s : doc.sections) {
    const auto id = "s" + std::to_string(++n);
    html += "<section aria-labelledby=\"" + id + "\"><h2 id=\"" + id + "\">" + html_escape(s.heading) + "</h2>";
    facts(s.facts);
    for (const auto& t : s.tables) {
      html += "<table><caption>" + html_escape(t.caption) + "</caption><thead><tr>";
      for (const auto& c : t.columns) html += "<th scope=\"col\">" + html_escape(c) + "</th>";
      html += "</tr></thead><tbody>";
      for (const auto& row : t.rows) {
        html += "<tr>";
        for (size_t i = 0; i < row.size(); ++i)
          html += i == 0 ? "<th scope=\"row\">" + html_escape(row[i]) + "</th>" : "<td>" + html_escape(row[i]) + "</td>";
        html += "</tr>";
      }
      if (t.rows.empty())
        html += "<tr><td class=\"empty\" colspan=\"" + std::to_string(t.columns.size()) + "\">" + html_escape(t.empty) + "</td></tr>";
      html += "</tbody></table>";
    }
    html += "</section>";
  }
  html += "</main></body></html>\n";
  return html;
}

}  // namespace tongbao::api
