#include "notify/incident_messages.h"

#include <array>

#include <cstdio>
#include <ctime>

namespace tongbao::notify {

std::string taipei_time(core::TimeMs t) {
  std::time_t secs = static_cast<std::time_t>(t / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min);
  return buf;
}

namespace {

std::string due_line(const TicketFacts& f, bool zh) {
  if (!f.due_at) return "";
  return zh ? "下一個期限：" + f.due_label_zh + "，" + taipei_time(*f.due_at) + "（台北時間）前完成。\n"
            : "Next deadline: " + f.due_label_en + ", by " + taipei_time(*f.due_at) + " (Taipei time).\n";
}

std::string support_kinds_text(const std::vector<std::string>& kinds, bool zh) {
  static const std::vector<std::array<const char*, 3>> labels = {
      {"forensics", "數位鑑識", "forensics"}, {"onsite", "到場協助", "on-site help"}, {"analysis", "分析", "analysis"},
      {"recovery", "系統復原", "recovery"},   {"consultation", "諮詢", "consultation"}, {"other", "其他", "other"}};
  std::string out;
  for (const auto& k : kinds) {
    std::string label = k;
    for (const auto& l : labels)
      if (k == l[0]) label = zh ? l[1] : l[2];
    out += (out.empty() ? "" : (zh ? "、" : ", ")) + label;
  }
  return out;
}

}  // namespace

Text compose(const std::string& kind, const std::string& locale, const std::string& channel, const TicketFacts& f) {
  const bool zh = locale != "en";
  const std::string lvl = f.level_label.empty() ? std::to_string(f.level) : f.level_label;
  std::string headline, action;
  if (kind == "new_incident") {
    headline = zh ? "新資安事件通報：" + f.number + "（" + f.unit_name + "，" + f.subcategory_zh + "，" + lvl + " 級）"
                  : "New incident: " + f.number + " (" + f.unit_name + ", " + f.subcategory_en + ", level " + lvl + ")";
    action = zh ? "請儘速完成應變處理並填報應變內容。" : "Please respond and file the response as soon as possible.";
  } else if (kind == "reminder") {
    headline = zh ? "提醒：事件單 " + f.number + " 尚未完成通報應變" : "Reminder: ticket " + f.number + " is not complete";
    action = zh ? "請登入平台完成通報與應變內容。" : "Please sign in and complete the report and the response.";
  } else if (kind == "overdue") {
    headline = zh ? "逾期通知：事件單 " + f.number + " 已超過" + f.due_label_zh + "期限" + f.overdue_by_zh
                  : "Overdue: ticket " + f.number + " is past its " + f.due_label_en + " deadline by " + f.overdue_by_en;
    action = zh ? "請立即完成損害控制或復原並填報。需要支援嗎？請在事件單上提出支援需求，區縣市網或 TACERT 會接手協助。"
                : "Complete damage control or recovery now and file it. Do you need support? Ask for it on the ticket: "
                  "your centre or the CERT will take it on.";
  } else if (kind == "review_pending") {
    headline = zh ? "待審核：事件單 " + f.number + "（" + f.unit_name + "，" + lvl + " 級）"
                  : "Review pending: ticket " + f.number + " (" + f.unit_name + ", level " + lvl + ")";
    action = zh ? "請審核事件等級與處理內容。" : "Please review the level and the handling.";
  } else if (kind == "review_result") {
    headline = zh ? "審核結果：事件單 " + f.number + " 目前為 " + lvl + " 級" : "Review result: ticket " + f.number + " is now level " + lvl;
    action = f.reason.empty() ? "" : (zh ? "說明：" : "Reason: ") + f.reason;
  } else if (kind == "returned") {
    headline = zh ? "退回補正：事件單 " + f.number : "Returned for correction: ticket " + f.number;
    action = (zh ? "退回原因：" : "Reason: ") + f.reason;
  } else if (kind == "support_requested") {
    headline = zh ? "支援需求：" + f.unit_name + " 的事件單 " + f.number + " 請求支援"
                  : "Support requested: " + f.unit_name + " asks for support on ticket " + f.number;
    action = (zh ? "需要的支援：" : "Support needed: ") + support_kinds_text(f.support_kinds, zh) +
             (f.reason.empty() ? "" : (zh ? "。說明：" : ". ") + f.reason);
  } else if (kind == "support_taken") {
    headline = zh ? "已有人接手支援：事件單 " + f.number : "Your support request is taken on: ticket " + f.number;
    action = zh ? "接手單位：" + f.reason + "，將與您聯繫。" : "Taken on by " + f.reason + ", who will contact you.";
  } else if (kind == "draft_abandoned") {
    headline = zh ? "未送出的草稿：" + f.unit_name + " 的事件單 " + f.number + " 仍未通報"
                  : "Draft left behind: ticket " + f.number + " of " + f.unit_name + " was never filed";
    action = zh ? "此草稿已停止提醒，請與該單位確認是否仍需通報。"
                : "Reminders of this draft have stopped; please ask the unit whether it still needs to be filed.";
  } else if (kind == "coordinated_child") {
    headline = zh ? "協同處理事件 " + f.reason + "：貴單位是其中之一" + (f.number.empty() ? "，已為您開立事件單草稿" : "")
                  : "Coordinated incident " + f.reason + ": your unit is part of it" +
                        (f.number.empty() ? "; a draft ticket is open for you" : "");
    action = zh ? "上級單位已將此事件併入協同處理。請完成並送出事件單，清除受感染的設備，再申請解除封鎖。"
                : "Your centre coordinates this incident. Please complete and file the ticket, clean the infected "
                  "machines, then ask for the unblock.";
  } else if (kind == "comment") {
    headline = zh ? "事件單 " + f.number + " 有新留言：" + f.author + "（" + f.author_unit + "）"
                  : "New comment on ticket " + f.number + " from " + f.author + " (" + f.author_unit + ")";
    action = f.comment;
  } else if (kind == "closed") {
    headline = zh ? "已結案：事件單 " + f.number : "Closed: ticket " + f.number;
    action = zh ? "事件單已結案並移至歷史紀錄。" : "The ticket is closed and moved to history.";
  } else {
    headline = f.number;
  }
  // A drill must never read like a real incident: its subject and first line say so.
  const std::string drill_mark = f.drill ? (zh ? "【演練 DRILL】" : "[DRILL] ") : "";
  if (channel == "sms") return {"", "[通報 Tongbao] " + drill_mark + headline + " " + f.link};
  std::string body = f.drill ? (zh ? "【演練 DRILL】這是演練事件單，不是真實事件。\n" : "[DRILL] This is an exercise ticket, not a real incident.\n") : "";
  body += headline + "\n\n";
  if (!action.empty()) body += action + "\n";
  if (kind != "closed" && kind != "comment") body += due_line(f, zh);
  body += "\n" + f.link + "\n\n";
  body += zh ? "此信由通報平台自動寄出。" : "This message was sent by the incident reporting platform.";
  body += "\n";
  return {drill_mark + (f.number.empty() ? "" : "[" + f.number + "] ") + headline, body};
}

}  // namespace tongbao::notify
