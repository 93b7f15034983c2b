#include "report/pdf/pdf_test_util.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace anxiao::report::testing {

namespace {

std::filesystem::path TempDir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / fmt::format("anxiao-pdf-test-{}", ::getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

}  // namespace

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  auto path = TempDir() / name;
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
  return path.string();
}

std::string Capture(const std::string& command, int* status) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("popen failed: " + command);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = ::pclose(p);
  if (status != nullptr) *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

std::string PdfText(const std::string& pdf_path, int first, int last) {
  int st = 0;
  std::string range = fmt::format("-f {}", first) + (last > 0 ? fmt::format(" -l {}", last) : "");
  std::string text = Capture(fmt::format("pdftotext -enc UTF-8 {} '{}' - 2>&1", range, pdf_path), &st);
  if (st != 0) throw std::runtime_error("pdftotext failed: " + text);
  return text;
}

int PdfPages(const std::string& pdf_path) {
  int st = 0;
  std::string info = Capture(fmt::format("pdfinfo '{}' 2>&1", pdf_path), &st);
  if (st != 0) throw std::runtime_error("pdfinfo failed: " + info);
  auto at = info.find("Pages:");
  if (at == std::string::npos) throw std::runtime_error("pdfinfo: no page count");
  return std::atoi(info.c_str() + at + 6);
}

std::string RenderPng(const std::string& pdf_path, int page, int dpi) {
  std::string prefix = fmt::format("{}-p{}-{}", pdf_path, page, dpi);
  int st = 0;
  std::string err = Capture(
      fmt::format("pdftoppm -png -r {} -f {} -l {} -singlefile '{}' '{}' 2>&1", dpi, page, page, pdf_path, prefix),
      &st);
  if (st != 0) throw std::runtime_error("pdftoppm failed: " + err);
  return prefix + ".png";
}

std::string DecodeQr(const std::string& png_path) {
  int st = 0;
  // stderr is dropped: zbarimg chats there about D-Bus, which containers do not have.
  std::string out =
      Capture(fmt::format("zbarimg --quiet --raw -Sdisable -Sqrcode.enable '{}' 2>/dev/null", png_path), &st);
  if (st == 127) {
    throw std::runtime_error("zbarimg is missing: run scripts/install-deps.sh test (zbar-tools)");
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

void Keep(const std::string& path, const std::string& name) {
  const char* dir = std::getenv("ANXIAO_PDF_OUT");
  if (dir == nullptr || *dir == '\0') return;
  std::filesystem::copy_file(path, std::filesystem::path(dir) / name,
                             std::filesystem::copy_options::overwrite_existing);
}

}  // namespace anxiao::report::testing
