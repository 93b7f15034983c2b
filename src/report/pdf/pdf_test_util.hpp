#pragma once
// Test helpers: look at a PDF the way a reader would, through poppler-utils (pdftotext, pdftoppm)
// and zbar-tools (zbarimg) — all from scripts/install-deps.sh test. Test-only code.

#include <string>

namespace anxiao::report::testing {

// Writes `bytes` to a fresh file in a per-process temp directory and returns its path.
std::string WriteTemp(const std::string& name, const std::string& bytes);
// Runs a shell command and returns its standard output; `status` gets the exit status.
std::string Capture(const std::string& command, int* status = nullptr);
// The text of pages [first, last] (0 = to the end) as pdftotext extracts it (reading order, no layout).
std::string PdfText(const std::string& pdf_path, int first = 1, int last = 0);
// Number of pages, from pdfinfo.
int PdfPages(const std::string& pdf_path);
// Renders page `page` to PNG at `dpi` and returns the PNG's path.
std::string RenderPng(const std::string& pdf_path, int page, int dpi);
// The data of the QR codes zbarimg finds in the PNG, one per line, without a trailing newline.
std::string DecodeQr(const std::string& png_path);
// When ANXIAO_PDF_OUT is set, copies `path` there as `name` (to look at or to keep as a screenshot).
void Keep(const std::string& path, const std::string& name);

}  // namespace anxiao::report::testing
