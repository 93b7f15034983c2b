#include "report/pdf/pdf_kit.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

namespace anxiao::report::pdf {

namespace {

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void SetColour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

std::string Family(Script s, const char* base) {
  return fmt::format("{} {}", base, s == Script::kTraditional ? "TC" : "SC");
}

}  // namespace

std::string SerifFont(Script s, bool bold, double size_pt) {
  return fmt::format("{}{} {}", Family(s, "Noto Serif CJK"), bold ? " Bold" : "", size_pt);
}
std::string SansFont(Script s, bool bold, double size_pt) {
  return fmt::format("{}{} {}", Family(s, "Noto Sans CJK"), bold ? " Bold" : "", size_pt);
}

void Text::Unref::operator()(PangoLayout* p) const { g_object_unref(p); }

double Text::Width() const {
  int w = 0, h = 0;
  pango_layout_get_size(layout_.get(), &w, &h);
  return static_cast<double>(w) / PANGO_SCALE;
}
double Text::Height() const {
  int w = 0, h = 0;
  pango_layout_get_size(layout_.get(), &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

Result<std::unique_ptr<Document>> Document::Create(const std::string& title) {
  std::unique_ptr<Document> d(new Document());
  d->surface_ = cairo_pdf_surface_create_for_stream(AppendBytes, &d->bytes_, kPageWidth, kPageHeight);
  if (cairo_surface_status(d->surface_) != CAIRO_STATUS_SUCCESS) {
    return Fail(
        Internal(fmt::format("cairo pdf surface: {}", cairo_status_to_string(cairo_surface_status(d->surface_)))));
  }
  cairo_pdf_surface_set_metadata(d->surface_, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(d->surface_, CAIRO_PDF_METADATA_CREATOR, "Anxiao");
  d->cr_ = cairo_create(d->surface_);
  return d;
}

Document::~Document() {
  if (cr_ != nullptr) cairo_destroy(cr_);
  if (surface_ != nullptr) cairo_surface_destroy(surface_);
}

Text Document::Layout(std::string_view text, const std::string& font, double width, Align align, int max_lines,
                      double line_spacing, bool markup) const {
  Text t;
  t.layout_.reset(pango_cairo_create_layout(cr_));
  PangoLayout* l = t.layout_.get();
  // Pango assumes 96 dpi by default; our unit is the PDF point, so font sizes must mean points.
  pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
  pango_layout_context_changed(l);
  PangoFontDescription* fd = pango_font_description_from_string(font.c_str());
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  if (width > 0) {
    pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
    // Chinese wraps between any two characters; WORD_CHAR keeps Latin words whole where it can.
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(l, align == Align::kCenter  ? PANGO_ALIGN_CENTER
                                : align == Align::kRight ? PANGO_ALIGN_RIGHT
                                                         : PANGO_ALIGN_LEFT);
  if (max_lines > 0) {
    pango_layout_set_height(l, -max_lines);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
  }
  if (line_spacing != 1.0) pango_layout_set_line_spacing(l, static_cast<float>(line_spacing));
  if (markup) {
    pango_layout_set_markup(l, text.data(), static_cast<int>(text.size()));
  } else {
    pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
  }
  return t;
}

void Document::Draw(const Text& t, double x, double y, Rgb colour) const {
  cairo_save(cr_);
  SetColour(cr_, colour);
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, t.get());
  cairo_restore(cr_);
}

void Document::FillRect(double x, double y, double w, double h, Rgb colour) const {
  SetColour(cr_, colour);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_fill(cr_);
}

void Document::StrokeRect(double x, double y, double w, double h, double line_width, Rgb colour) const {
  SetColour(cr_, colour);
  cairo_set_line_width(cr_, line_width);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_stroke(cr_);
}

void Document::Line(double x0, double y0, double x1, double y1, double line_width, Rgb colour) const {
  SetColour(cr_, colour);
  cairo_set_line_width(cr_, line_width);
  cairo_move_to(cr_, x0, y0);
  cairo_line_to(cr_, x1, y1);
  cairo_stroke(cr_);
}

double Document::RedHeader(std::string_view issuer, std::string_view doc_number, Script s) const {
  // GB/T 9704 puts the issuer's mark 35 mm below the top edge and the red rule 4 mm under the
  // document number; a 34 pt bold serif approximates the 小标宋 the standard asks for.
  double y = 25 * kMm;
  Text head = Layout(issuer, SerifFont(s, true, 34), kTextWidth, Align::kCenter);
  Draw(head, kLeft, y, kRed);
  y += head.Height() + 4 * kMm;
  if (!doc_number.empty()) {
    Text num = Layout(doc_number, SerifFont(s, false, 16), kTextWidth, Align::kCenter);
    Draw(num, kLeft, y);
    y += num.Height() + 2 * kMm;
  }
  Line(kLeft, y, kLeft + kTextWidth, y, 1.6, kRed);
  return y + 6 * kMm;
}

void Document::Folio(int page, std::string_view extra, Script s) const {
  std::string text = fmt::format("— {} —", page);
  if (!extra.empty()) text += fmt::format("    {}", extra);
  Text t = Layout(text, SerifFont(s, false, 12), kTextWidth, Align::kCenter);
  Draw(t, kLeft, kPageHeight - 22 * kMm);
}

Status Document::QrCode(std::string_view data, double x, double y, double size) const {
  std::string z(data);  // libqrencode wants a NUL-terminated string
  QRcode* q = QRcode_encodeString(z.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (q == nullptr) return Fail(InvalidInput("qr_too_long", "the verification URL does not fit a QR code"));
  const int quiet = 4;
  const double module = size / (q->width + 2 * quiet);
  FillRect(x, y, size, size, kWhite);
  SetColour(cr_, kBlack);
  for (int row = 0; row < q->width; ++row) {
    for (int col = 0; col < q->width; ++col) {
      // Bit 0 of each byte is the module's colour (1 = dark); the other bits describe its role.
      if ((q->data[row * q->width + col] & 1) != 0) {
        cairo_rectangle(cr_, x + (col + quiet) * module, y + (row + quiet) * module, module, module);
      }
    }
  }
  cairo_fill(cr_);
  QRcode_free(q);
  return {};
}

void Document::NextPage() { cairo_show_page(cr_); }

Result<std::string> Document::Finish() {
  cairo_show_page(cr_);
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  cairo_status_t st = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (st != CAIRO_STATUS_SUCCESS) return Fail(Internal(fmt::format("cairo pdf: {}", cairo_status_to_string(st))));
  return std::move(bytes_);
}

std::string ChineseDate(int year, int month, int day) { return fmt::format("{}年{}月{}日", year, month, day); }

}  // namespace anxiao::report::pdf
