#pragma once
// A ticket's improvement report as a Word file (.docx): the static parts of the package
// ([Content_Types].xml, the relationships, styles and settings) are the template shipped in
// src/improvements/docx_template/ and compiled into the binary; word/document.xml is written here
// from the report's content, every text escaped, and the whole zipped with libzip.
#include <string>

#include "improvements/report_document.h"

namespace tongbao::improvements {

std::string report_docx(const ReportDocument& document);

}  // namespace tongbao::improvements
