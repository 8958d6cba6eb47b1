#pragma once
// The monthly report as a PDF made on the server: A4 pages drawn by cairo, the text (Chinese
// included) laid out by Pango in Noto Sans CJK (Debian's fonts-noto-cjk), tables drawn as rows of
// ruled cells that break between rows and repeat their header row on the next page, and every
// page numbered in its footer ("第 1 頁，共 3 頁").
#include <string>

#include "statistics/monthly_report_document.h"

namespace tongbao::statistics {

std::string monthly_report_pdf(const MonthlyReportDocument& doc);

}  // namespace tongbao::statistics
