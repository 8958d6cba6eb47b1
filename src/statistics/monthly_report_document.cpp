#include "statistics/monthly_report_document.h"

#include <algorithm>
#include <array>

#include "core/time_words.h"

namespace tongbao::statistics {
namespace {

using Doc = MonthlyReportDocument;
using core::Language;

class Words {
 public:
  explicit Words(Language lang) : en_(lang == Language::en) {}
  std::string operator()(const char* zh, const char* en) const { return en_ ? en : zh; }
  // 一、資安事件 or 1. Incidents
  std::string numbered(int n, const char* zh, const char* en) const {
    static constexpr std::array<const char*, 10> numerals = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    return en_ ? std::to_string(n) + ". " + en : std::string(numerals[(n - 1) % 10]) + "、" + zh;
  }

 private:
  bool en_;
};

// A count per name, most first (then by name), so a reader sees what weighs most at the top.
template <typename Label>
std::vector<std::vector<std::string>> count_rows(const std::map<std::string, long long>& counts, Label label) {
  std::vector<std::pair<std::string, long long>> named;
  for (const auto& [key, n] : counts)
    if (n != 0) named.emplace_back(label(key), n);
  std::stable_sort(named.begin(), named.end(),
                   [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  std::vector<std::vector<std::string>> rows;
  for (const auto& [name, n] : named) rows.push_back({name, std::to_string(n)});
  return rows;
}

}  // namespace

std::string page_footer(Language lang, int page, int pages) {
  if (lang == Language::en) return "Page " + std::to_string(page) + " of " + std::to_string(pages);
  return "第 " + std::to_string(page) + " 頁，共 " + std::to_string(pages) + " 頁";
}

MonthlyReportDocument monthly_report_document(const MonthlyReportInput& in) {
  const auto lang = in.language;
  const Words w(lang);
  const auto unknown_unit = w("（未知單位）", "(unknown unit)");
  auto unit_by_oid = [&](const std::string& oid) {
    const auto found = in.unit_names_by_oid.find(oid);
    return found == in.unit_names_by_oid.end() ? unknown_unit : found->second;
  };
  auto unit_by_id = [&](long long id) {
    const auto found = in.unit_names_by_id.find(id);
    return found == in.unit_names_by_id.end() ? unknown_unit : found->second;
  };
  const auto count = w("件數", "Count");
  const auto none_this_month = w("本月沒有資料。", "None this month.");
  const auto none_now = w("目前沒有。", "None at present.");
  const std::string dash = "–";

  Doc doc;
  doc.language = lang;
  doc.title = w("資安事件月報", "Monthly incident report");
  doc.period = core::month_in_words(in.month, lang);
  doc.file_name = "monthly-report-" + in.month;
  doc.facts = {{w("範圍", "Scope"), in.scope_name},
               {w("期間", "Period"), doc.period},
               {w("製表時間", "Made"), core::format_taipei(in.made_at) + w("（臺北時間）", " (Taipei time)")}};
  const auto& c = in.counts;

  Doc::Section incidents{w.numbered(1, "資安事件", "Incidents"), {{w("事件總數", "Incidents"), std::to_string(c.total)}}, {}};
  incidents.tables.push_back({w("依類型", "By type"), {w("類型", "Type"), count},
                              count_rows(c.by_type, [&](const std::string& k) { return std::string(core::type_label(k, lang)); }),
                              none_this_month});
  incidents.tables.push_back(
      {w("依細分類", "By sub-category"), {w("細分類", "Sub-category"), count},
       count_rows(c.by_subcategory, [&](const std::string& k) { return std::string(core::any_subcategory_label(k, lang)); }),
       none_this_month});
  incidents.tables.push_back({w("依等級", "By level"), {w("等級", "Level"), count},
                              count_rows(c.by_level, [&](const std::string& k) { return core::level_label(k, lang); }),
                              none_this_month});
  incidents.tables.push_back({w("依下轄單位（含其下單位）", "By unit below (with the units under it)"), {w("單位", "Unit"), count},
                              count_rows(c.by_unit, unit_by_oid), none_this_month});
  doc.sections.push_back(std::move(incidents));

  Doc::Section warnings{w.numbered(2, "資安預警", "Early warnings"), {{w("預警總數", "Early warnings"), std::to_string(c.warnings)}}, {}};
  warnings.tables.push_back(
      {w("依細分類", "By sub-category"), {w("細分類", "Sub-category"), count},
       count_rows(c.warnings_by_subcategory,
                  [&](const std::string& k) { return std::string(core::warning_subcategory_label(k, lang)); }),
       none_this_month});
  warnings.tables.push_back(
      {w("依回覆結果", "By reply"), {w("回覆結果", "Reply"), count},
       count_rows(c.warnings_by_reply, [&](const std::string& k) { return std::string(core::warning_reply_label(k, lang)); }),
       none_this_month});
  doc.sections.push_back(std::move(warnings));

  Doc::Section timeliness{w.numbered(3, "通報時效及等級", "Timeliness and levels"), {}, {}};
  Doc::Table units{w("各單位的時效，及等級低報、時間事後補登的次數", "Each unit's timeliness, levels reported too low and times entered late"),
                   {w("單位", "Unit"), w("事件數", "Incidents"), w("知悉到通報（中位數）", "Awareness to report (median)"),
                    w("逾時通報", "Reported late"), w("審核調高等級", "Level raised in review"), w("低報等級", "Level under-reported"),
                    w("審核接受低於核算等級", "Accepted below the computed level"), w("事後補登時間", "Times entered long after"),
                    w("請求支援", "Support requested")},
                   {},
                   none_this_month};
  for (const auto& t : in.timeliness)
    units.rows.push_back({t.unit_name, std::to_string(t.incidents),
                          t.awareness_to_report.median_hours ? core::hours_and_minutes(*t.awareness_to_report.median_hours, lang) : dash,
                          std::to_string(t.late_reports), std::to_string(t.raised_by_reviewer), std::to_string(t.under_reported),
                          std::to_string(t.accepted_below_computed), std::to_string(t.entered_long_after),
                          std::to_string(t.support_requested)});
  timeliness.tables.push_back(std::move(units));
  doc.sections.push_back(std::move(timeliness));

  // Blocked addresses: where the month ended, and the units with blocks older than the limit the
  // centre set.
  const auto& b = in.blocks;
  const auto limit = std::to_string(b.limit_days);
  const long long at_month_end = b.curve.empty() ? b.in_force_now : b.curve.back().in_force;
  Doc::Section blocks{w.numbered(4, "封鎖位址", "Blocked addresses"),
                      {{w("月底封鎖中", "In force at the month's end"), std::to_string(at_month_end)},
                       {w("本月封鎖", "Blocked this month"), std::to_string(b.blocked_in_period)},
                       {w("本月解除", "Unblocked this month"), std::to_string(b.unblocked_in_period)},
                       {w("封鎖至解除中位數", "Median time to unblock"),
                        b.median_to_unblock_ms ? core::hours_and_minutes(static_cast<double>(*b.median_to_unblock_ms) / 3'600'000.0, lang)
                                               : dash},
                       {lang == Language::en ? "Blocked longer than " + limit + " days now" : "目前封鎖超過 " + limit + " 天",
                        std::to_string(b.longer_than_limit)}},
                      {}};
  Doc::Table blocked{w("有封鎖位址的單位", "Units with blocked addresses"),
                     {w("單位", "Unit"), w("封鎖中", "In force"),
                      lang == Language::en ? "Over " + limit + " days" : "超過 " + limit + " 天"},
                     {},
                     none_now};
  for (size_t i = 0; i < b.units.size() && i < 50; ++i)
    blocked.rows.push_back({unit_by_id(b.units[i].unit_id), std::to_string(b.units[i].in_force),
                            std::to_string(b.units[i].longer_than_limit)});
  blocks.tables.push_back(std::move(blocked));
  doc.sections.push_back(std::move(blocks));

  // Improvement items: what stays open, what is overdue, and where main deficiencies wait longest.
  const auto& im = in.improvements;
  const auto verified = im.by_status.count("verified") ? im.by_status.at("verified") : 0;
  Doc::Section items{w.numbered(5, "改善事項", "Improvement items"),
                     {{w("未結", "Open"), std::to_string(im.open)},
                      {w("逾期", "Overdue"), std::to_string(im.overdue)},
                      {w("已確認完成", "Verified"), std::to_string(verified)}},
                     {}};
  items.tables.push_back(
      {w("依辦理狀態", "By status"), {w("辦理狀態", "Status"), count},
       count_rows(im.by_status, [&](const std::string& k) { return std::string(core::improvement_status_label(k, lang)); }),
       none_now});
  Doc::Table overdue{w("逾期主要缺失最多的單位", "Units with the most overdue main deficiencies"),
                     {w("單位", "Unit"), w("逾期主要缺失", "Overdue main deficiencies")},
                     {},
                     none_now};
  for (const auto& [unit_id, n] : im.most_overdue_major) overdue.rows.push_back({unit_by_id(unit_id), std::to_string(n)});
  items.tables.push_back(std::move(overdue));
  doc.sections.push_back(std::move(items));
  return doc;
}

}  // namespace tongbao::statistics
