#pragma once
// The few drawing primitives the bureau documents share, over Cairo's PDF surface and Pango with
// the Noto CJK fonts: an A4 page with the margins of the official-document standard (GB/T 9704:
// 37 mm top, 28 mm left, a 156 mm text block), the red header (发文机关标志 in red over a red rule),
// text laid out by Pango, filled boxes and the QR code. Internal to src/report: the notice and the
// bulletin build on it. Not thread-safe per instance; instances are independent.

#include <memory>
#include <string>
#include <string_view>

#include "base/error.hpp"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;
typedef struct _PangoLayout PangoLayout;

namespace anxiao::report::pdf {

// A4 in PDF points (1 pt = 1/72 in) and the text block of GB/T 9704.
inline constexpr double kMm = 72.0 / 25.4;
inline constexpr double kPageWidth = 210 * kMm;
inline constexpr double kPageHeight = 297 * kMm;
inline constexpr double kLeft = 28 * kMm;
inline constexpr double kTextWidth = 156 * kMm;
inline constexpr double kTop = 37 * kMm;
inline constexpr double kBottom = kPageHeight - 35 * kMm;  // lowest baseline area; the folio sits below

struct Rgb {
  double r = 0, g = 0, b = 0;
};
inline constexpr Rgb kBlack{0, 0, 0};
inline constexpr Rgb kWhite{1, 1, 1};
inline constexpr Rgb kRed{0.85, 0.0, 0.07};  // the red of red-header documents

// Pango font descriptions. Serif stands in for 小标宋/仿宋 on machines without the official fonts;
// the SC/TC variants pick mainland or Taiwan glyph shapes.
enum class Script { kSimplified, kTraditional };
std::string SerifFont(Script s, bool bold, double size_pt);
std::string SansFont(Script s, bool bold, double size_pt);

enum class Align { kLeft, kCenter, kRight };

// A laid-out block of text (owns its PangoLayout).
class Text {
 public:
  Text() = default;
  double Width() const;   // points
  double Height() const;  // points
  PangoLayout* get() const { return layout_.get(); }

 private:
  friend class Document;
  struct Unref {
    void operator()(PangoLayout* p) const;
  };
  std::unique_ptr<PangoLayout, Unref> layout_;
};

// A PDF being written into memory. Pages are drawn top-down in points from the page's top-left.
class Document {
 public:
  // `title` goes into the PDF metadata. kInternal if Cairo cannot create the surface.
  static Result<std::unique_ptr<Document>> Create(const std::string& title);
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  cairo_t* cr() const { return cr_; }

  // Lays out `markup_or_text` (plain text unless `markup`) in `font`, wrapped to `width` points
  // (no wrapping when width <= 0). `max_lines` > 0 ellipsises what does not fit, so that one
  // pathological cell cannot outgrow a page.
  Text Layout(std::string_view text, const std::string& font, double width, Align align = Align::kLeft,
              int max_lines = 0, double line_spacing = 1.0, bool markup = false) const;
  void Draw(const Text& t, double x, double y, Rgb colour = kBlack) const;

  void FillRect(double x, double y, double w, double h, Rgb colour) const;
  void StrokeRect(double x, double y, double w, double h, double line_width, Rgb colour = kBlack) const;
  void Line(double x0, double y0, double x1, double y1, double line_width, Rgb colour = kBlack) const;

  // The red header: `issuer` in large red bold serif, centred, with an optional document number
  // centred below it, and the red rule under both. Returns the y below the rule.
  double RedHeader(std::string_view issuer, std::string_view doc_number, Script s) const;
  // The folio "— n —" centred at the foot of the page, with "第 n 页 共 m 页"-style text `extra`.
  void Folio(int page, std::string_view extra, Script s) const;

  // A QR code for `data` (libqrencode, error correction level M, 8-bit mode) of `size` points
  // square including the 4-module quiet zone, top-left at (x, y). kInvalidInput if the data does not
  // fit a QR code.
  Status QrCode(std::string_view data, double x, double y, double size) const;

  void NextPage();
  // Finishes the PDF and returns its bytes; the Document is unusable afterwards.
  Result<std::string> Finish();

 private:
  Document() = default;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  std::string bytes_;
};

// 2026年3月18日
std::string ChineseDate(int year, int month, int day);

}  // namespace anxiao::report::pdf
