#include "improvements/report_docx.h"

#include "office/xml_text.h"
#include "office/zip_archive.h"
#include "store/embedded.h"

namespace tongbao::improvements {
namespace {

using office::xml_escape;

// A4 portrait with the printable page's margins (25/20/20/25 mm), in twentieths of a point.
constexpr int kTextWidth = 11906 - 1417 - 1134;

// One run of text; line breaks inside it become Word's breaks.
std::string run(const std::string& text, bool bold = false) {
  std::string out = "<w:r>";
  if (bold) out += "<w:rPr><w:b/></w:rPr>";
  std::size_t from = 0;
  for (;;) {
    auto to = text.find('\n', from);
    auto line = text.substr(from, to == std::string::npos ? std::string::npos : to - from);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out += "<w:t xml:space=\"preserve\">" + xml_escape(line) + "</w:t>";
    if (to == std::string::npos) break;
    out += "<w:br/>";
    from = to + 1;
  }
  return out + "</w:r>";
}

std::string paragraph(const std::string& style, const std::string& text, bool bold = false) {
  return "<w:p><w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>" + run(text, bold) + "</w:p>";
}

// A section's text: one paragraph per line the unit wrote, so Word wraps and indents each.
std::string body(const std::string& text) {
  std::string out;
  std::size_t from = 0;
  do {
    auto to = text.find('\n', from);
    out += paragraph("BodyText", text.substr(from, to == std::string::npos ? std::string::npos : to - from));
    from = to == std::string::npos ? text.size() + 1 : to + 1;
  } while (from <= text.size());
  return out;
}

std::string cell(const std::string& text, int width, bool header = false, int span = 1) {
  std::string out = "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(width) + "\" w:type=\"dxa\"/>";
  if (span > 1) out += "<w:gridSpan w:val=\"" + std::to_string(span) + "\"/>";
  if (header) out += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEEEEE\"/>";
  return out + "</w:tcPr>" + paragraph("TableText", text, header) + "</w:tc>";
}

std::string table(const std::vector<int>& widths, const std::string& rows, bool borders = true) {
  std::string out = "<w:tbl><w:tblPr><w:tblStyle w:val=\"" + std::string(borders ? "TableGrid" : "TableNormal") +
                    "\"/><w:tblW w:w=\"" + std::to_string(kTextWidth) + "\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>";
  for (int w : widths) out += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
  return out + "</w:tblGrid>" + rows + "</w:tbl>";
}

std::string document_xml(const ReportDocument& doc) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
  xml += paragraph("Title", doc.title);

  // The facts of the ticket: a two-column table, its headings shaded.
  const int key_width = kTextWidth * 22 / 100;
  std::string facts;
  for (const auto& [k, v] : doc.facts)
    facts += "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + cell(k, key_width, true) + cell(v, kTextWidth - key_width) + "</w:tr>";
  xml += table({key_width, kTextWidth - key_width}, facts);

  auto section = [&](const ReportDocument::Section& s) { xml += paragraph("Heading2", s.heading) + body(s.body); };
  for (const auto& s : doc.before_measures) section(s);

  // The measures: the header row repeats on every page the table runs over.
  xml += paragraph("Heading2", doc.measures_heading);
  const std::vector<int> percent = {7, 13, 11, 27, 27, 15};
  std::vector<int> widths;
  int used = 0;
  for (std::size_t i = 0; i < doc.measure_columns.size(); ++i) {
    const int w = i + 1 == doc.measure_columns.size() ? kTextWidth - used : kTextWidth * (i < percent.size() ? percent[i] : 10) / 100;
    widths.push_back(w);
    used += w;
  }
  std::string rows = "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>";
  for (std::size_t i = 0; i < doc.measure_columns.size(); ++i) rows += cell(doc.measure_columns[i], widths[i], true);
  rows += "</w:tr>";
  for (const auto& m : doc.measures) {
    rows += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
    for (std::size_t i = 0; i < widths.size(); ++i) rows += cell(i < m.size() ? m[i] : "", widths[i]);
    rows += "</w:tr>";
  }
  if (doc.measures.empty())
    rows += "<w:tr>" + cell(doc.no_measures, kTextWidth, false, static_cast<int>(widths.size())) + "</w:tr>";
  xml += table(widths, rows);

  for (const auto& s : doc.after_measures) section(s);

  // The signature lines, side by side and without borders, as on the printed page.
  std::string signatures = "<w:tr>";
  const int n = static_cast<int>(doc.signatures.size());
  for (const auto& s : doc.signatures)
    signatures += "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(kTextWidth / n) + "\" w:type=\"dxa\"/></w:tcPr>" +
                  paragraph("Signature", s) + "</w:tc>";
  signatures += "</w:tr>";
  xml += table(std::vector<int>(static_cast<std::size_t>(n), kTextWidth / n), signatures, false);

  xml +=
      "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
      "<w:pgMar w:top=\"1417\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1417\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>"
      "</w:sectPr></w:body></w:document>";
  return xml;
}

std::string core_properties(const ReportDocument& doc) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>" +
         xml_escape(doc.title + " " + doc.ticket_number) + "</dc:title><dc:creator>Tongbao</dc:creator></cp:coreProperties>";
}

}  // namespace

std::string report_docx(const ReportDocument& doc) {
  std::vector<office::ZipEntry> parts;
  for (const auto& f : embedded::docx_template_files()) parts.push_back({std::string(f.name), std::string(f.text)});
  parts.push_back({"word/document.xml", document_xml(doc)});
  parts.push_back({"docProps/core.xml", core_properties(doc)});
  return office::write_zip(parts);
}

}  // namespace tongbao::improvements
