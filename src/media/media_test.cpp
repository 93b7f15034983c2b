// Magic-byte sniffing, EXIF extraction, the perceptual hash and VipsCodec::Inspect on real images
// made here with libvips and libexif.
#include "media/media.hpp"

#include <gtest/gtest.h>
#include <libexif/exif-data.h>

#include <cstdlib>
#include <cstring>
#include <vips/vips8>

#include "media/vips_codec.hpp"

namespace anxiao::media {
namespace {

using vips::VImage;

VipsCodec& Codec() {
  static auto c = VipsCodec::Open();
  return **c;
}

std::string Save(const VImage& im, const char* suffix) {
  void* buf = nullptr;
  std::size_t n = 0;
  im.write_to_buffer(suffix, &buf, &n);
  std::string out(static_cast<const char*>(buf), n);
  g_free(buf);
  return out;
}

// A photo-like test image: smooth gradients plus blocks, different per `variant`.
VImage Scene(int variant, int w = 640, int h = 480) {
  VImage xy = VImage::xyz(w, h);
  VImage r = (xy[0] * (255.0 / w)), g = (xy[1] * (255.0 / h)), b = ((xy[0] + xy[1]) * (127.0 / (w + h)) + 60);
  VImage im = r.bandjoin(g).bandjoin(b).cast(VIPS_FORMAT_UCHAR).copy_memory();
  for (int k = 0; k < 6; ++k) {
    int x = (variant * 97 + k * 131) % (w - 120), y = (variant * 53 + k * 71) % (h - 90);
    im.draw_rect({double((variant * 40 + k * 60) % 256), double((k * 90) % 256), double((variant * 25) % 256)}, x, y,
                 110, 80, VImage::option()->set("fill", true));
  }
  return im;
}

// An EXIF block made with libexif: DateTimeOriginal and a GPS position.
std::string ExifBlock(const char* when, double lat, double lon) {
  ExifData* ed = exif_data_new();
  exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
  auto add = [&](ExifIfd ifd, ExifTag tag, ExifFormat fmt, unsigned comps, const void* data, unsigned size) {
    ExifEntry* e = exif_entry_new();
    exif_content_add_entry(ed->ifd[ifd], e);
    e->tag = tag;
    e->format = fmt;
    e->components = comps;
    e->size = size;
    e->data = static_cast<unsigned char*>(std::malloc(size));
    std::memcpy(e->data, data, size);
    exif_entry_unref(e);
  };
  add(EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, EXIF_FORMAT_ASCII, 20, when, 20);
  auto dms = [&](ExifTag tag, double deg) {
    unsigned char raw[24];
    double d = std::abs(deg);
    int whole = static_cast<int>(d);
    int minutes = static_cast<int>((d - whole) * 60);
    double seconds = ((d - whole) * 60 - minutes) * 60;
    ExifRational parts[3] = {{static_cast<ExifLong>(whole), 1},
                             {static_cast<ExifLong>(minutes), 1},
                             {static_cast<ExifLong>(seconds * 1000 + 0.5), 1000}};
    for (int i = 0; i < 3; ++i) exif_set_rational(raw + 8 * i, EXIF_BYTE_ORDER_INTEL, parts[i]);
    add(EXIF_IFD_GPS, tag, EXIF_FORMAT_RATIONAL, 3, raw, 24);
  };
  add(EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF), EXIF_FORMAT_ASCII, 2, lat < 0 ? "S" : "N", 2);
  dms(static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE), lat);
  add(EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF), EXIF_FORMAT_ASCII, 2, lon < 0 ? "W" : "E", 2);
  dms(static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE), lon);
  unsigned char* buf = nullptr;
  unsigned int n = 0;
  exif_data_save_data(ed, &buf, &n);
  std::string out(reinterpret_cast<char*>(buf), n);
  std::free(buf);
  exif_data_unref(ed);
  return out;
}

TEST(Sniff, KnowsJpegPngWebpByTheirFirstBytes) {
  EXPECT_EQ(SniffImageType(Save(Scene(1, 64, 48), ".jpg")), "image/jpeg");
  EXPECT_EQ(SniffImageType(Save(Scene(1, 64, 48), ".png")), "image/png");
  EXPECT_EQ(SniffImageType(Save(Scene(1, 64, 48), ".webp")), "image/webp");
  EXPECT_EQ(SniffImageType("hello, this is a text file named photo.jpg"), std::nullopt);
  EXPECT_EQ(SniffImageType(std::string("\xFF\xD8", 2)), std::nullopt);  // too short to be JPEG
  EXPECT_EQ(SniffImageType("GIF89a......"), std::nullopt);
  EXPECT_EQ(SniffImageType("RIFF\x10\0\0\0WAVEfmt "), std::nullopt);  // RIFF but not WebP
  EXPECT_EQ(SniffImageType(""), std::nullopt);
}

TEST(Exif, ReadsTimeAndPlaceFromABlock) {
  auto f = ReadExif(ExifBlock("2025:04:18 09:30:15", 36.251234, 116.249876));
  EXPECT_EQ(f.taken_at, "2025-04-18T09:30:15");
  EXPECT_EQ(f.latitude, "36.251234");
  EXPECT_EQ(f.longitude, "116.249876");
  auto south_west = ReadExif(ExifBlock("2024:12:31 23:59:59", -33.5, -70.25));
  EXPECT_EQ(south_west.latitude, "-33.500000");
  EXPECT_EQ(south_west.longitude, "-70.250000");
  // Nonsense time: left empty, not guessed.
  EXPECT_EQ(ReadExif(ExifBlock("0000:00:00 00:00:00", 1, 1)).taken_at, "");
  EXPECT_EQ(ReadExif("not exif at all").taken_at, "");
}

TEST(Exif, SurvivesAJpegMadeByLibvips) {
  VImage im = Scene(2).copy();
  std::string block = ExifBlock("2025:04:18 09:30:15", 36.251234, 116.249876);
  vips_image_set_blob_copy(im.get_image(), VIPS_META_EXIF_NAME, block.data(), block.size());
  auto facts = Codec().Inspect(Save(im, ".jpg"));
  ASSERT_TRUE(facts) << facts.error().internal;
  EXPECT_EQ(facts->mime, "image/jpeg");
  EXPECT_EQ(facts->width, 640);
  EXPECT_EQ(facts->height, 480);
  EXPECT_EQ(facts->taken_at, "2025-04-18T09:30:15");
  EXPECT_EQ(facts->latitude, "36.251234");
  EXPECT_EQ(facts->longitude, "116.249876");
  // Without EXIF: empty.
  auto plain = Codec().Inspect(Save(Scene(2), ".jpg"));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->taken_at, "");
  EXPECT_EQ(plain->latitude, "");
}

TEST(Phash, StableUnderReencodingAndScalingDistinctAcrossImages) {
  auto hash = [](const std::string& bytes) {
    auto f = Codec().Inspect(bytes);
    EXPECT_TRUE(f) << (f ? "" : f.error().internal);
    return f ? std::stoull(f->phash, nullptr, 16) : 0;
  };
  const VImage a = Scene(3), b = Scene(11);
  const auto ha = hash(Save(a, ".png"));
  EXPECT_EQ(PhashHex(ha).size(), 16u);
  // The same picture as a low-quality JPEG, as WebP, and at half size: a few bits at most.
  EXPECT_LE(HammingDistance(ha, hash(Save(a, ".jpg[Q=40]"))), 6);
  EXPECT_LE(HammingDistance(ha, hash(Save(a, ".webp[Q=50]"))), 6);
  EXPECT_LE(HammingDistance(ha, hash(Save(a.resize(0.5), ".jpg"))), 6);
  // Different pictures: far apart.
  EXPECT_GE(HammingDistance(ha, hash(Save(b, ".png"))), 16);
  EXPECT_GE(HammingDistance(ha, hash(Save(a.flip(VIPS_DIRECTION_HORIZONTAL), ".png"))), 16);
}

TEST(Phash, DctSeesStructureAndHammingCounts) {
  std::array<std::uint8_t, 32 * 32> left{}, right{};
  for (int y = 0; y < 32; ++y)
    for (int x = 0; x < 32; ++x) {
      left[static_cast<std::size_t>(y * 32 + x)] = static_cast<std::uint8_t>(x * 8);
      right[static_cast<std::size_t>(y * 32 + x)] = static_cast<std::uint8_t>(255 - x * 8);
    }
  EXPECT_EQ(DctPhash(left), DctPhash(left));
  EXPECT_GE(HammingDistance(DctPhash(left), DctPhash(right)), 16);  // mirrored gradient: far apart
  EXPECT_EQ(HammingDistance(0, ~std::uint64_t{0}), 64);
  EXPECT_EQ(HammingDistance(0xF0, 0x0F), 8);
  EXPECT_EQ(PhashHex(0xABCDEF), "0000000000abcdef");
}

TEST(Inspect, AcceptsPngAndWebpAndMakesAThumbnail) {
  for (const char* suffix : {".png", ".webp", ".jpg"}) {
    auto f = Codec().Inspect(Save(Scene(4, 1000, 500), suffix));
    ASSERT_TRUE(f) << suffix << ": " << f.error().internal;
    EXPECT_EQ(f->width, 1000);
    auto t = Codec().Inspect(f->thumbnail_jpeg);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->mime, "image/jpeg");
    EXPECT_EQ(t->width, 320);
    EXPECT_EQ(t->height, 160);
  }
}

TEST(Inspect, RejectsTextTruncatedAndBombs) {
  auto text = Codec().Inspect("just text, named evidence.jpg by someone");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().slug, "unsupported_image_type");

  std::string jpeg = Save(Scene(5), ".jpg");
  auto cut = Codec().Inspect(jpeg.substr(0, jpeg.size() / 2));
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().slug, "invalid_image");
  auto garbage = Codec().Inspect(std::string("\xFF\xD8\xFF\xE0", 4) + std::string(200, 'x'));
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().slug, "invalid_image");

  // A PNG that declares 20000 × 20000 pixels in a few dozen bytes: refused from its header.
  auto crc = [](const std::string& s) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char ch : s) {
      c ^= ch;
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
  };
  auto be32 = [](std::uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
  };
  auto chunk = [&](const std::string& type, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc(type + data));
  };
  std::string ihdr = be32(20000) + be32(20000) + std::string("\x08\x00\x00\x00\x00", 5);
  std::string bomb = std::string("\x89PNG\r\n\x1A\n", 8) + chunk("IHDR", ihdr) +
                     chunk("IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8)) + chunk("IEND", "");
  auto big = Codec().Inspect(bomb);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().slug, "image_too_large");
}

TEST(DemoPhoto, DeterministicDistinctAndDecodable) {
  domain::DemoPhotoSpec a{42, "疏散通道堆放杂物 · 整改前", "2026-03-01", 480, 360};
  auto one = Codec().RenderDemoPhoto(a);
  ASSERT_TRUE(one) << one.error().internal;
  auto again = Codec().RenderDemoPhoto(a);
  ASSERT_TRUE(again);
  EXPECT_EQ(*one, *again);
  a.seed = 43;
  auto other = Codec().RenderDemoPhoto(a);
  ASSERT_TRUE(other);
  EXPECT_NE(*one, *other);
  auto f = Codec().Inspect(*one);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->width, 480);
  EXPECT_EQ(f->height, 360);
}

}  // namespace
}  // namespace anxiao::media
