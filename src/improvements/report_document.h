#pragma once
// What a ticket's investigation, handling and improvement report shows as a government document,
// whatever the file: the printable page (HTML) and the Word file (DOCX) render this same content,
// so the two never say different things.
#include <string>
#include <utility>
#include <vector>

#include "improvements/improvement_service.h"

namespace tongbao::improvements {

struct ReportDocument {
  struct Section {
    std::string heading;  // "一、事件發生經過"
    std::string body;     // as the unit wrote it, line breaks kept
  };
  std::string title;                                       // 資通安全事件調查、處理及改善報告
  std::string ticket_number;                               // in the file's title and name
  std::vector<std::pair<std::string, std::string>> facts;  // 填報單位 … 辦理狀態, dates in the ROC calendar
  std::vector<Section> before_measures;                    // 一 to 三
  std::string measures_heading;                            // 四、改善措施及預定完成日期
  std::vector<std::string> measure_columns;                // 項次 … 預定完成日期
  std::vector<std::vector<std::string>> measures;          // one row a measure, labels and ROC dates
  std::string no_measures;                                 // what the empty table says
  std::vector<Section> after_measures;                     // 五
  std::vector<std::string> signatures;                     // 承辦人： 單位主管： 資通安全長：
};

ReportDocument report_document(const ReportDetail& detail);

// A date in the Republic of China's calendar, as official documents write it: 2026-12-02 →
// 115年12月2日 (anything not a date is given back as it is).
std::string roc_date(const std::string& iso_date);

}  // namespace tongbao::improvements
