#include "api/ticket_csv.h"

#include "core/csv.h"
#include "core/error.h"
#include "core/time_format.h"

namespace tongbao::api {

std::optional<core::Language> csv_language(const http::Request& req) {
  const auto lang = req.query_param("lang");
  if (lang.empty()) return std::nullopt;
  if (lang == "zh-TW") return core::Language::zh_tw;
  if (lang == "en") return core::Language::en;
  throw core::invalid("lang", "lang must be zh-TW or en");
}

void append_ticket_csv_header(std::string& out, const std::optional<core::Language>& lang) {
  if (!lang) {
    core::append_csv_record(out, {"number", "unit_oid", "unit_code", "unit_name", "type", "subcategory", "state", "drill",
                                  "level", "chosen_level", "computed_level", "aware_at", "reported_at", "closed_at",
                                  "support_needed"});
  } else if (*lang == core::Language::en) {
    core::append_csv_record(out, {"Ticket number", "Unit", "Unit OID", "Unit code", "Type", "Type code", "Sub-category",
                                  "Sub-category code", "State", "State code", "Drill", "Level", "Level chosen by the unit",
                                  "Level from the answers", "Aware (Taipei time)", "Reported (Taipei time)",
                                  "Closed (Taipei time)", "Support requested"});
  } else {
    core::append_csv_record(out, {"單號", "單位名稱", "單位 OID", "單位代碼", "類型", "類型代碼", "事件子類別", "子類別代碼",
                                  "狀態", "狀態代碼", "演練", "等級", "單位自評等級", "依填答建議等級", "知悉時間（臺北）",
                                  "通報時間（臺北）", "結案時間（臺北）", "請求支援"});
  }
}

void append_ticket_csv_row(std::string& out, const store::incidents::Summary& s, const std::optional<core::Language>& lang) {
  if (!lang) {
    auto utc = [](const std::optional<core::TimeMs>& t) { return t ? core::format_utc(*t) : std::string(); };
    core::append_csv_record(out, {s.number, s.unit_oid, s.unit_code, s.unit_name, s.type, s.subcategory, s.state,
                                  s.drill ? "true" : "false", std::to_string(s.level), std::to_string(s.chosen_level),
                                  std::to_string(s.computed_level), utc(s.aware_at), utc(s.reported_at),
                                  utc(s.closed_at), s.support_needed ? "true" : "false"});
    return;
  }
  const auto l = *lang;
  auto taipei = [](const std::optional<core::TimeMs>& t) { return t ? core::format_taipei(*t) : std::string(); };
  const std::string yes = l == core::Language::en ? "Yes" : "是";
  const std::string no = l == core::Language::en ? "No" : "否";
  core::append_csv_record(out, {s.number, s.unit_name, s.unit_oid, s.unit_code, std::string(core::type_label(s.type, l)),
                                s.type, std::string(core::subcategory_label(s.type, s.subcategory, l)), s.subcategory,
                                std::string(core::state_label(s.state, l)), s.state, s.drill ? yes : no,
                                std::to_string(s.level), std::to_string(s.chosen_level), std::to_string(s.computed_level),
                                taipei(s.aware_at), taipei(s.reported_at), taipei(s.closed_at),
                                s.support_needed ? yes : no});
}

}  // namespace tongbao::api
