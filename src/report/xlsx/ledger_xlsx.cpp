#include "report/xlsx/ledger_xlsx.hpp"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace anxiao::report {
namespace {

// Column widths in characters (a CJK character counts about two).
constexpr std::array<double, kLedgerColumns> kWidths = {6, 24, 40, 12, 9, 12, 12, 36, 10, 12, 18, 12, 10, 12, 12, 30};

lxw_color_t RiskFill(domain::RiskLevel r) {
  switch (r) {
    case domain::RiskLevel::kRed: return 0xFF0000;
    case domain::RiskLevel::kOrange: return 0xFFA500;
    case domain::RiskLevel::kYellow: return 0xFFFF00;
    case domain::RiskLevel::kBlue: return 0x5B9BD5;
  }
  return LXW_COLOR_WHITE;
}

// Removes the file when it goes out of scope.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  }
};

}  // namespace

Result<std::string> LedgerXlsx(LedgerKind k, const std::vector<LedgerRow>& rows) {
  TempFile tmp;
  {
    std::error_code ec;
    auto dir = std::filesystem::temp_directory_path(ec);
    if (ec) return Fail(Internal("no temp directory: " + ec.message()));
    std::string pattern = (dir / "anxiao_ledger_XXXXXX.xlsx").string();
    int fd = ::mkstemps(pattern.data(), 5);
    if (fd < 0) return Fail(Internal("cannot create a temp file under " + dir.string()));
    ::close(fd);
    tmp.path = pattern;
  }

  lxw_workbook* wb = workbook_new(tmp.path.c_str());
  if (!wb) return Fail(Internal("libxlsxwriter: cannot create workbook " + tmp.path));
  const std::string sheet_name(LedgerTitle(k));
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.c_str());

  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xD9E1F2);
  format_set_border(header, LXW_BORDER_THIN);
  format_set_align(header, LXW_ALIGN_CENTER);
  format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(header);

  lxw_format* body = workbook_add_format(wb);
  format_set_border(body, LXW_BORDER_THIN);
  format_set_align(body, LXW_ALIGN_VERTICAL_TOP);
  format_set_text_wrap(body);

  std::array<lxw_format*, 4> risk{};
  for (int i = 0; i < 4; ++i) {
    auto r = static_cast<domain::RiskLevel>(i);
    risk[i] = workbook_add_format(wb);
    format_set_border(risk[i], LXW_BORDER_THIN);
    format_set_align(risk[i], LXW_ALIGN_CENTER);
    format_set_align(risk[i], LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(risk[i], RiskFill(r));
    if (r == domain::RiskLevel::kRed || r == domain::RiskLevel::kBlue) format_set_font_color(risk[i], LXW_COLOR_WHITE);
  }

  const auto& head = LedgerHeader();
  for (lxw_col_t c = 0; c < kLedgerColumns; ++c) {
    worksheet_set_column(ws, c, c, kWidths[c], nullptr);
    worksheet_write_string(ws, 0, c, std::string(head[c]).c_str(), header);
  }
  worksheet_set_row(ws, 0, 20, nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  if (!rows.empty()) worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows.size()), kLedgerColumns - 1);

  lxw_row_t row = 1;
  for (const auto& r : rows) {
    worksheet_write_number(ws, row, 0, std::stod(r.cells[0]), body);
    for (lxw_col_t c = 1; c < kLedgerColumns; ++c) {
      lxw_format* f = c == 4 ? risk[static_cast<int>(domain::RiskRank(r.risk))] : body;
      worksheet_write_string(ws, row, c, r.cells[c].c_str(), f);
    }
    ++row;
  }

  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return Fail(Internal(std::string("libxlsxwriter: ") + lxw_strerror(err)));

  std::ifstream in(tmp.path, std::ios::binary);
  if (!in) return Fail(Internal("cannot read back " + tmp.path));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in.good() && !in.eof()) return Fail(Internal("cannot read back " + tmp.path));
  return ss.str();
}

}  // namespace anxiao::report
