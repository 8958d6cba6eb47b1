#include "core/ticket_labels.h"

#include <array>

#include "core/incident.h"
#include "core/warning.h"
#include "core/time_format.h"

namespace tongbao::core {
namespace {

struct Label {
  std::string_view code, zh_tw, en;
};

std::string_view pick(const Label& l, Language lang) { return lang == Language::en ? l.en : l.zh_tw; }

// The same names as the web application's (web/src/i18n).
constexpr std::array kTypes = {
    Label{"INT", "入侵攻擊（INT）", "Intrusion (INT)"},
    Label{"DEF", "網頁攻擊（DEF）", "Web attack (DEF)"},
};
constexpr std::array kStates = {
    Label{"draft", "草稿", "Draft"},
    Label{"reported", "已通報", "Reported"},
    Label{"responded", "已填應變", "Response filed"},
    Label{"centre_review", "審核中（區縣市網）", "In centre review"},
    Label{"cert_review", "審核中（TACERT）", "In CERT review"},
    Label{"closed", "已結案", "Closed"},
    Label{"returned", "已退回補正", "Returned for correction"},
    Label{"discarded", "已捨棄的草稿", "Discarded draft"},
};

constexpr std::array kReplies = {
    Label{"real_incident", "確有資安事件", "Real incident"},
    Label{"false_positive", "誤判", "False positive"},
    Label{"undetermined", "無法判斷", "Cannot determine"},
    Label{"unanswered", "未回覆", "Unanswered"},
};
constexpr std::array kImprovementStatuses = {
    Label{"planned", "待辦理", "Planned"},
    Label{"in_progress", "辦理中", "In progress"},
    Label{"done", "已完成待確認", "Done, to verify"},
    Label{"verified", "已確認完成", "Verified"},
    Label{"not_accepted", "未獲認可", "Not accepted"},
};

std::string_view label_of(const SubCategory* found, std::string_view code, Language lang) {
  if (!found) return code;
  return lang == Language::en ? found->label_en : found->label;
}

template <size_t N>
std::string_view find(const std::array<Label, N>& labels, std::string_view code, Language lang) {
  for (const auto& l : labels)
    if (l.code == code) return pick(l, lang);
  return code;
}

}  // namespace

std::string_view type_label(std::string_view type, Language lang) { return find(kTypes, type, lang); }

std::string_view subcategory_label(std::string_view type, std::string_view subcategory, Language lang) {
  const auto parsed = parse_incident_type(type);
  const SubCategory* found = parsed ? find_subcategory(*parsed, subcategory) : nullptr;
  if (!found) return subcategory;
  return lang == Language::en ? found->label_en : found->label;
}

std::string_view state_label(std::string_view state, Language lang) { return find(kStates, state, lang); }

std::string_view any_subcategory_label(std::string_view subcategory, Language lang) {
  for (const auto type : {IncidentType::INT, IncidentType::DEF})
    if (const auto* found = find_subcategory(type, subcategory)) return label_of(found, subcategory, lang);
  return subcategory;
}

std::string_view warning_subcategory_label(std::string_view subcategory, Language lang) {
  return label_of(find_warning_subcategory(subcategory), subcategory, lang);
}

std::string_view warning_reply_label(std::string_view reply, Language lang) { return find(kReplies, reply, lang); }

std::string_view improvement_status_label(std::string_view status, Language lang) {
  return find(kImprovementStatuses, status, lang);
}

std::string level_label(std::string_view level, Language lang) {
  if (level.size() != 1 || level[0] < '1' || level[0] > '4') return std::string(level);
  return lang == Language::en ? "Level " + std::string(level) : std::string(level) + " 級";
}

std::string format_taipei(TimeMs t) {
  auto iso = format_utc(t + 8LL * 3'600'000);  // 2026-12-01T06:03:05Z → shifted to Taipei
  iso[4] = '/';
  iso[7] = '/';
  iso[10] = ' ';
  iso.pop_back();  // the Z: it is no longer UTC
  return iso;
}

}  // namespace tongbao::core
