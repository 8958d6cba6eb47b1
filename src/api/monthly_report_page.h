#pragma once
// The monthly report as a page that prints well: A4, no navigation, tables with captions and
// headers, and the page numbers in the bottom margin where the browser prints @page margin boxes.
// Its one stylesheet is inline, so the page saves as one file, and allowed by its digest.
#include <string>

#include "core/ticket_labels.h"
#include "statistics/monthly_report_document.h"

namespace tongbao::api {

std::string monthly_report_style(core::Language lang);
std::string monthly_report_html(const statistics::MonthlyReportDocument& doc);

}  // namespace tongbao::api
