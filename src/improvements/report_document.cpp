#include "improvements/report_document.h"

#include "core/improvement.h"
#include "core/time_format.h"

namespace tongbao::improvements {
namespace {

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

std::string severity_zh(const std::string& s) {
  if (s == "major") return "主要缺失";
  if (s == "minor") return "次要缺失";
  if (s == "observation") return "觀察事項";
  if (s == "recommendation") return "建議事項";
  return s;
}

}  // namespace

std::string roc_date(const std::string& iso) {
  if (!core::is_valid_date(iso)) return iso;
  const int y = std::stoi(iso.substr(0, 4)) - 1911;
  return std::to_string(y) + "年" + std::to_string(std::stoi(iso.substr(5, 2))) + "月" +
         std::to_string(std::stoi(iso.substr(8, 2))) + "日";
}

ReportDocument report_document(const ReportDetail& d) {
  const auto& r = d.report;
  const auto& t = d.ticket;
  static const char* numerals[] = {"一", "二", "三", "四", "五", "六"};
  auto category_label = [&](const std::string& key) {
    for (const auto& c : d.categories)
      if (c.key == key) return c.label_zh;
    return key;
  };
  ReportDocument doc;
  doc.title = "資通安全事件調查、處理及改善報告";
  doc.ticket_number = t.number;
  doc.facts = {{"填報單位", d.unit_name},
               {"事件單編號", t.number},
               {"審查單位", d.reviewer_name.empty() ? "—" : d.reviewer_name},
               {"事件等級", std::to_string(t.level) + " 級"},
               {"知悉時間", roc_time(t.report.aware_at ? std::optional(t.report.aware_at) : std::nullopt)},
               {"損害控制或復原完成", roc_time(t.response ? t.response->resolved_at : std::nullopt)},
               {"報告提報日期", roc_time(r.submitted_at)},
               {"辦理狀態", status_zh(r.status)}};
  const auto& sections = core::report_sections();
  std::size_t n = 0;
  auto section = [&](const core::ReportSection& s) {
    return ReportDocument::Section{std::string(numerals[n++]) + "、" + std::string(s.title_zh), r.section(s.key)};
  };
  for (std::size_t i = 0; i < 3; ++i) doc.before_measures.push_back(section(sections[i]));
  doc.measures_heading = std::string(numerals[n++]) + "、改善措施及預定完成日期";
  doc.measure_columns = {"項次", "內容分類", "缺失等級", "發現事項", "改善措施", "預定完成日期"};
  for (std::size_t i = 0; i < r.measures.size(); ++i) {
    const auto& m = r.measures[i];
    doc.measures.push_back({std::to_string(i + 1), category_label(m.category), severity_zh(m.severity), m.finding, m.measure,
                            roc_date(m.planned_on)});
  }
  doc.no_measures = "（尚未填寫）";
  doc.after_measures.push_back(section(sections[3]));
  doc.signatures = {"承辦人：", "單位主管：", "資通安全長："};
  return doc;
}

}  // namespace tongbao::improvements
