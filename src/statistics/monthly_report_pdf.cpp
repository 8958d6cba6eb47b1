#include "statistics/monthly_report_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

namespace tongbao::statistics {
namespace {

using Doc = MonthlyReportDocument;

// A4 in PostScript points (cairo's PDF unit), and the margins of the printed page.
constexpr double kWidth = 595.276, kHeight = 841.890;
constexpr double kMargin = 51.0;   // 18 mm, as the printable page's @page rule
constexpr double kFooter = 28.0;   // kept free above the bottom margin for the page number
constexpr double kPad = 3.5;       // inside a table cell
constexpr double kBodySize = 10, kCellSize = 8.5;
constexpr const char* kFont = "Noto Sans CJK TC";

struct LayoutUnref {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutUnref>;

enum class Align { left, centre, right };

cairo_status_t append_to(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Lays the document out page by page. `pages` is the count found by an earlier pass (0 on the
// first), for the footer's "of M"; the footer sits outside the flow, so both passes break alike.
class Writer {
 public:
  Writer(cairo_t* cr, const Doc& doc, int pages) : cr_(cr), doc_(doc), pages_(pages) {}

  int write() {
    block(doc_.title, 18, true, Align::centre, 4);
    block(doc_.period, 13, false, Align::centre, 14);
    facts(doc_.facts);
    for (const auto& s : doc_.sections) {
      y_ += 10;
      Layout heading = text(s.heading, 13, true, content_width(), Align::left);
      ensure(height(heading) + 60);  // a heading never ends a page alone
      draw(heading, kMargin, y_);
      y_ += height(heading) + 6;
      facts(s.facts);
      for (const auto& t : s.tables) table(t);
    }
    footer();
    cairo_show_page(cr_);
    return page_;
  }

 private:
  static double content_width() { return kWidth - 2 * kMargin; }
  static double bottom() { return kHeight - kMargin - kFooter; }

  Layout text(const std::string& s, double size, bool bold, double width, Align align) {
    Layout l(pango_cairo_create_layout(cr_));
    PangoFontDescription* font = pango_font_description_from_string(kFont);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    if (bold) pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l.get(), align == Align::centre  ? PANGO_ALIGN_CENTER
                                        : align == Align::right ? PANGO_ALIGN_RIGHT
                                                                : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l.get(), s.c_str(), static_cast<int>(s.size()));
    return l;
  }

  static double height(const Layout& l) {
    int w = 0, h = 0;
    pango_layout_get_size(l.get(), &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void draw(const Layout& l, double x, double y) {
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, l.get());
  }

  void ensure(double h) {
    if (y_ + h > bottom() && y_ > kMargin) next_page();
  }

  void next_page() {
    footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }

  void footer() {
    Layout l = text(page_footer(doc_.language, page_, pages_ > 0 ? pages_ : page_), 8.5, false, content_width(), Align::centre);
    draw(l, kMargin, kHeight - kMargin - height(l));
  }

  void block(const std::string& s, double size, bool bold, Align align, double after) {
    Layout l = text(s, size, bold, content_width(), align);
    ensure(height(l));
    draw(l, kMargin, y_);
    y_ += height(l) + after;
  }

  void facts(const std::vector<Doc::Fact>& list) {
    const std::string colon = doc_.language == core::Language::en ? ": " : "：";
    for (const auto& f : list) block(f.label + colon + f.value, kBodySize, false, Align::left, 2);
    if (!list.empty()) y_ += 6;
  }

  // The share of the width each column takes: the first names the row and takes more.
  static std::vector<double> column_widths(size_t n) {
    std::vector<double> share;
    if (n == 1) share = {1.0};
    else if (n == 2) share = {0.7, 0.3};
    else if (n == 3) share = {0.5, 0.25, 0.25};
    else {
      share.assign(n, 0.8 / static_cast<double>(n - 1));
      share[0] = 0.2;
    }
    for (auto& s : share) s *= content_width();
    return share;
  }

  // One row of ruled cells at the current position; the first cell of a body row is its header.
  void row(const std::vector<std::string>& cells, const std::vector<double>& widths, bool header) {
    std::vector<Layout> layouts;
    double h = 0;
    for (size_t i = 0; i < cells.size(); ++i) {
      const Align align = i == 0 ? Align::left : header ? Align::centre : Align::right;
      const bool bold = header || (i == 0 && cells.size() > 1);  // the row's header, not a lone "none"
      layouts.push_back(text(cells[i], kCellSize, bold, widths[i] - 2 * kPad, align));
      h = std::max(h, height(layouts.back()));
    }
    h += 2 * kPad;
    double x = kMargin;
    for (size_t i = 0; i < cells.size(); ++i) {
      cairo_rectangle(cr_, x, y_, widths[i], h);
      if (header) {
        cairo_set_source_rgb(cr_, 0.91, 0.91, 0.91);
        cairo_fill_preserve(cr_);
      }
      cairo_set_source_rgb(cr_, 0.45, 0.45, 0.45);
      cairo_set_line_width(cr_, 0.6);
      cairo_stroke(cr_);
      draw(layouts[i], x + kPad, y_ + kPad);
      x += widths[i];
    }
    y_ += h;
  }

  double row_height(const std::vector<std::string>& cells, const std::vector<double>& widths, bool header) {
    double h = 0;
    for (size_t i = 0; i < cells.size(); ++i)
      h = std::max(h, height(text(cells[i], kCellSize, header || i == 0, widths[i] - 2 * kPad, Align::left)));
    return h + 2 * kPad;
  }

  void table(const Doc::Table& t) {
    const auto widths = column_widths(t.columns.size());
    Layout caption = text(t.caption, 10.5, true, content_width(), Align::left);
    const double head = row_height(t.columns, widths, true);
    const auto first = t.rows.empty() ? std::vector<std::string>{t.empty} : t.rows.front();
    const double first_h = t.rows.empty() ? head : row_height(first, widths, false);
    // The caption, the header row and the first row stay together.
    ensure(height(caption) + 3 + head + first_h);
    draw(caption, kMargin, y_);
    y_ += height(caption) + 3;
    row(t.columns, widths, true);
    if (t.rows.empty()) {
      row({t.empty}, {content_width()}, false);
    }
    for (const auto& r : t.rows) {
      if (y_ + row_height(r, widths, false) > bottom()) {
        next_page();
        row(t.columns, widths, true);  // the header row again on the new page
      }
      row(r, widths, false);
    }
    y_ += 10;
  }

  cairo_t* cr_;
  const Doc& doc_;
  int pages_;
  int page_ = 1;
  double y_ = kMargin;
};

// Draws the document on a PDF surface writing into `out`; returns the pages it took.
int render(const Doc& doc, int pages, std::string& out) {
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_to, &out, kWidth, kHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, (doc.title + " " + doc.period).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Tongbao");
  cairo_t* cr = cairo_create(surface);
  const int written = Writer(cr, doc, pages).write();
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const auto status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(status));
  return written;
}

}  // namespace

std::string monthly_report_pdf(const MonthlyReportDocument& doc) {
  // Twice: the first pass counts the pages, so the second can say "of M" in every footer.
  std::string counted;
  const int pages = render(doc, 0, counted);
  std::string pdf;
  render(doc, pages, pdf);
  return pdf;
}

}  // namespace tongbao::statistics
