#include "media/media.hpp"

#include <libexif/exif-data.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

namespace anxiao::media {

std::optional<std::string> SniffImageType(std::string_view b) {
  auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic;
  };
  if (starts(std::string_view("\xFF\xD8\xFF", 3))) return "image/jpeg";
  if (starts(std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  if (starts("RIFF") && starts("WEBP", 8) && b.size() >= 16 &&
      (starts("VP8 ", 12) || starts("VP8L", 12) || starts("VP8X", 12)))
    return "image/webp";
  return std::nullopt;
}

std::uint64_t DctPhash(const std::array<std::uint8_t, 32 * 32>& grey) {
  constexpr int N = 32, K = 9;  // frequencies 0…8; row and column 0 are dropped below
  static const auto kCos = [] {
    std::array<double, K * N> c{};
    for (int u = 0; u < K; ++u)
      for (int x = 0; x < N; ++x) c[u * N + x] = std::cos((2 * x + 1) * u * std::numbers::pi / (2.0 * N));
    return c;
  }();
  // Separable DCT: rows first (32 × 9), then columns (9 × 9).
  std::array<double, N * K> rows{};
  for (int y = 0; y < N; ++y)
    for (int u = 0; u < K; ++u) {
      double s = 0;
      for (int x = 0; x < N; ++x)
        s += grey[static_cast<std::size_t>(y * N + x)] * kCos[static_cast<std::size_t>(u * N + x)];
      rows[static_cast<std::size_t>(y * K + u)] = s;
    }
  std::array<double, 64> coef{};
  for (int v = 1; v < K; ++v)
    for (int u = 1; u < K; ++u) {
      double s = 0;
      for (int y = 0; y < N; ++y)
        s += kCos[static_cast<std::size_t>(v * N + y)] * rows[static_cast<std::size_t>(y * K + u)];
      coef[static_cast<std::size_t>((v - 1) * 8 + (u - 1))] = s;
    }
  std::array<double, 64> sorted = coef;
  std::nth_element(sorted.begin(), sorted.begin() + 32, sorted.end());
  const double median = sorted[32];
  std::uint64_t h = 0;
  for (std::size_t i = 0; i < 64; ++i)
    if (coef[i] > median) h |= std::uint64_t{1} << i;
  return h;
}

std::string PhashHex(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

int HammingDistance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

namespace {

std::string EntryAscii(ExifEntry* e) {
  if (e == nullptr || e->format != EXIF_FORMAT_ASCII || e->data == nullptr) return {};
  std::string s(reinterpret_cast<const char*>(e->data), e->size);
  auto nul = s.find('\0');
  if (nul != std::string::npos) s.resize(nul);
  return s;
}

// "YYYY:MM:DD HH:MM:SS" → "YYYY-MM-DDTHH:MM:SS"; empty if it is not a plausible time.
std::string ExifTime(const std::string& s) {
  if (s.size() < 19) return {};
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
    if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9') return {};
  if (s[4] != ':' || s[7] != ':' || s[10] != ' ' || s[13] != ':' || s[16] != ':') return {};
  auto num = [&](int at, int len) {
    return std::stoi(s.substr(static_cast<std::size_t>(at), static_cast<std::size_t>(len)));
  };
  if (num(0, 4) < 1900 || num(5, 2) < 1 || num(5, 2) > 12 || num(8, 2) < 1 || num(8, 2) > 31 || num(11, 2) > 23 ||
      num(14, 2) > 59 || num(17, 2) > 60)
    return {};
  std::string out = s.substr(0, 19);
  out[4] = '-';
  out[7] = '-';
  out[10] = 'T';
  return out;
}

// Degrees from three rationals (degrees, minutes, seconds); nullopt if malformed.
std::optional<double> Dms(ExifEntry* e, ExifByteOrder order) {
  if (e == nullptr || e->format != EXIF_FORMAT_RATIONAL || e->components != 3 || e->size < 24) return std::nullopt;
  double parts[3];
  for (int i = 0; i < 3; ++i) {
    ExifRational r = exif_get_rational(e->data + 8 * i, order);
    if (r.denominator == 0) return std::nullopt;
    parts[i] = static_cast<double>(r.numerator) / r.denominator;
  }
  if (parts[1] >= 60 || parts[2] >= 60) return std::nullopt;
  return parts[0] + parts[1] / 60 + parts[2] / 3600;
}

}  // namespace

ExifFacts ReadExif(std::string_view block) {
  ExifFacts out;
  if (block.empty()) return out;
  std::string data(block);
  if (data.rfind(std::string("Exif\0\0", 6), 0) != 0) data.insert(0, std::string("Exif\0\0", 6));
  ExifData* ed =
      exif_data_new_from_data(reinterpret_cast<const unsigned char*>(data.data()), static_cast<unsigned>(data.size()));
  if (ed == nullptr) return out;
  const ExifByteOrder order = exif_data_get_byte_order(ed);
  out.taken_at = ExifTime(EntryAscii(exif_content_get_entry(ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL)));
  ExifContent* gps = ed->ifd[EXIF_IFD_GPS];
  auto lat = Dms(exif_content_get_entry(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE)), order);
  auto lon = Dms(exif_content_get_entry(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE)), order);
  std::string lat_ref = EntryAscii(exif_content_get_entry(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF)));
  std::string lon_ref = EntryAscii(exif_content_get_entry(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF)));
  if (lat && lon && (lat_ref == "N" || lat_ref == "S") && (lon_ref == "E" || lon_ref == "W") && *lat <= 90 &&
      *lon <= 180) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", lat_ref == "S" ? -*lat : *lat);
    out.latitude = buf;
    std::snprintf(buf, sizeof buf, "%.6f", lon_ref == "W" ? -*lon : *lon);
    out.longitude = buf;
  }
  exif_data_unref(ed);
  return out;
}

}  // namespace anxiao::media
