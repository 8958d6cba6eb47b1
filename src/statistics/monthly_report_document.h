#pragma once
// The monthly report a network centre or the CERT sends to those above it, as content in one
// language, whatever the file: the printable page (HTML) and the PDF render this same document,
// so the two never say different things. Names, never codes or OIDs; the month in the Republic of
// China's calendar in Chinese; durations in hours and minutes.
#include <map>
#include <string>
#include <vector>

#include "core/block_figures.h"
#include "core/clock.h"
#include "core/ticket_labels.h"
#include "statistics/statistics_service.h"
#include "store/improvement_store.h"

namespace tongbao::statistics {

struct MonthlyReportDocument {
  struct Fact {
    std::string label, value;  // 事件總數, 12
  };
  struct Table {
    std::string caption;                         // 依類型
    std::vector<std::string> columns;            // the first heads the rows' own headers
    std::vector<std::vector<std::string>> rows;  // the first cell of each names what the row counts
    std::string empty;                           // said instead of rows when there are none
  };
  struct Section {
    std::string heading;  // 一、資安事件
    std::vector<Fact> facts;
    std::vector<Table> tables;
  };
  core::Language language = core::Language::zh_tw;
  std::string title;   // 資安事件月報
  std::string period;  // 中華民國 115 年 11 月
  std::vector<Fact> facts;  // the scope, the period, when it was made
  std::vector<Section> sections;
  std::string file_name;  // monthly-report-2026-11, without the extension
};

// What the month's report is made of, read by the services for the caller.
struct MonthlyReportInput {
  std::string month;  // YYYY-MM
  core::Language language = core::Language::zh_tw;
  std::string scope_name;  // the unit whose subtree it covers
  core::TimeMs made_at = 0;
  Counts counts;
  std::vector<Timeliness> timeliness;
  core::BlockFigures blocks;
  store::improvements::Summary improvements;
  std::map<std::string, std::string> unit_names_by_oid;  // the units by_unit counts under
  std::map<long long, std::string> unit_names_by_id;     // the units of blocks and improvement items
};

MonthlyReportDocument monthly_report_document(const MonthlyReportInput& in);

// The footer of a printed page: "第 2 頁，共 5 頁" or "Page 2 of 5".
std::string page_footer(core::Language lang, int page, int pages);

}  // namespace tongbao::statistics
