#include "media/vips_codec.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <vector>
#include <vips/vips8>

#include "base/random.hpp"
#include "media/media.hpp"

namespace anxiao::media {
namespace {

using vips::VImage;

// The last libvips error text (for logs), cleared.
std::string VipsError() {
  std::string e = vips_error_buffer();
  vips_error_clear();
  while (!e.empty() && (e.back() == '\n' || e.back() == ' ')) e.pop_back();
  return e;
}

Error InvalidImage(const std::string& detail) {
  return Error(ErrorCode::kInvalidInput, "invalid_image", "the file is not a readable image", detail);
}

// Loads the header (pixels are decoded when first needed) with the one loader for `mime`.
Result<VImage> Load(std::string_view bytes, const std::string& mime) {
  VipsImage* out = nullptr;
  const void* buf = bytes.data();
  const std::size_t len = bytes.size();
  int rc = -1;
  if (mime == "image/jpeg")
    rc = vips_jpegload_buffer(const_cast<void*>(buf), len, &out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
  else if (mime == "image/png")
    rc = vips_pngload_buffer(const_cast<void*>(buf), len, &out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
  else if (mime == "image/webp")
    rc = vips_webpload_buffer(const_cast<void*>(buf), len, &out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
  if (rc != 0 || out == nullptr) return Fail(InvalidImage(VipsError()));
  return VImage(out);  // takes the reference
}

// 8-bit sRGB without alpha (flattened on white): what thumbnails and the hash are made from.
VImage Normalise(VImage im) {
  if (im.has_alpha()) im = im.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
  if (im.interpretation() != VIPS_INTERPRETATION_sRGB) im = im.colourspace(VIPS_INTERPRETATION_sRGB);
  if (im.format() != VIPS_FORMAT_UCHAR) im = im.cast(VIPS_FORMAT_UCHAR);
  return im;
}

std::string SaveJpeg(const VImage& im, int quality) {
  VipsBlob* blob = im.jpegsave_buffer(VImage::option()->set("Q", quality)->set("strip", true));
  std::size_t n = 0;
  const void* d = vips_blob_get(blob, &n);
  std::string out(static_cast<const char*>(d), n);
  vips_area_unref(VIPS_AREA(blob));
  return out;
}

std::uint64_t PhashOf(const VImage& im) {
  VImage small = im.colourspace(VIPS_INTERPRETATION_B_W)
                     .thumbnail_image(32, VImage::option()->set("height", 32)->set("size", VIPS_SIZE_FORCE))
                     .extract_band(0)
                     .cast(VIPS_FORMAT_UCHAR);
  std::size_t n = 0;
  void* mem = small.write_to_memory(&n);
  std::array<std::uint8_t, 32 * 32> grey{};
  if (n == grey.size()) std::copy_n(static_cast<const std::uint8_t*>(mem), grey.size(), grey.begin());
  g_free(mem);
  return DctPhash(grey);
}

}  // namespace

Result<std::unique_ptr<VipsCodec>> VipsCodec::Open() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    ok = VIPS_INIT("anxiao") == 0;
    if (ok) vips_cache_set_max(0);  // every upload is different: caching operations only holds memory
  });
  if (!ok) return Fail(Unavailable("libvips failed to initialise: " + VipsError()));
  return std::unique_ptr<VipsCodec>(new VipsCodec());
}

Result<domain::ImageFacts> VipsCodec::Inspect(std::string_view bytes) {
  auto mime = SniffImageType(bytes);
  if (!mime)
    return Fail(
        Error(ErrorCode::kInvalidInput, "unsupported_image_type", "only JPEG, PNG and WebP photos are accepted"));
  domain::ImageFacts f;
  f.mime = *mime;
  try {
    TRY_ASSIGN(VImage im, Load(bytes, *mime));
    f.width = im.width();
    f.height = im.height();
    if (f.width <= 0 || f.height <= 0) return Fail(InvalidImage("empty image"));
    if (f.width * f.height > kMaxPixels)
      return Fail(
          Error(ErrorCode::kInvalidInput, "image_too_large",
                "the image has too many pixels (at most " + std::to_string(kMaxPixels / 1'000'000) + " megapixels)",
                std::to_string(f.width) + "x" + std::to_string(f.height)));
    if (im.get_typeof(VIPS_META_EXIF_NAME) != 0) {
      std::size_t n = 0;
      const void* exif = im.get_blob(VIPS_META_EXIF_NAME, &n);
      auto facts = ReadExif(std::string_view(static_cast<const char*>(exif), n));
      f.taken_at = facts.taken_at;
      f.latitude = facts.latitude;
      f.longitude = facts.longitude;
    }
    // Decode every pixel once: a truncated or corrupt file fails here.
    (void)im.avg();

    // The thumbnail from the bytes again: libvips shrinks JPEG and WebP while decoding, and turns
    // the picture upright by its EXIF orientation.
    VipsImage* th = nullptr;
    if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &th, kThumbnailSize, "height",
                              kThumbnailSize, "size", VIPS_SIZE_DOWN, nullptr) != 0)
      return Fail(InvalidImage(VipsError()));
    // In memory (it is small): the JPEG and the hash both read it, and the loader behind the
    // thumbnail reads its source only once, front to back.
    VImage thumb = Normalise(VImage(th)).copy_memory();
    f.thumbnail_jpeg = SaveJpeg(thumb, 80);
    f.phash = PhashHex(PhashOf(thumb));
  } catch (const vips::VError& e) {
    vips_error_clear();
    return Fail(InvalidImage(e.what()));
  }
  return f;
}

Result<std::string> VipsCodec::RenderDemoPhoto(const domain::DemoPhotoSpec& spec) {
  // SplitMix64 over the seed: the same spec draws the same picture.
  SplitMix64 rng(spec.seed);
  auto below = [&](int n) { return rng.Below(n); };
  const int w = spec.width, h = spec.height;
  try {
    // Sky (a vertical gradient), ground, a building with windows, a door and a few objects,
    // painted straight into an RGB buffer: one libvips draw_rect costs a small pipeline of its
    // own (the ink is converted through an image), which made the demo's ~1,200 photos the
    // larger part of the demo load.
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 3);
    auto rect = [&](const std::array<double, 3>& ink, int x0, int y0, int rw, int rh) {
      const int x1 = std::min(w, x0 + rw), y1 = std::min(h, y0 + rh);
      x0 = std::max(0, x0);
      y0 = std::max(0, y0);
      for (int yy = y0; yy < y1; ++yy)
        for (int xx = x0; xx < x1; ++xx)
          for (int c = 0; c < 3; ++c)
            px[(static_cast<std::size_t>(yy) * w + xx) * 3 + c] =
                static_cast<unsigned char>(std::clamp(ink[c], 0.0, 255.0));
    };
    const double sky_top[3] = {90.0 + below(60), 140.0 + below(60), 200.0 + below(55)};
    const double sky_drop[3] = {60, 50, 30};
    for (int yy = 0; yy < h; ++yy) {
      const double t = static_cast<double>(yy) / h;
      rect({sky_top[0] - sky_drop[0] * t, sky_top[1] - sky_drop[1] * t, sky_top[2] - sky_drop[2] * t}, 0, yy, w, 1);
    }
    const int horizon = h / 2 + below(h / 6);
    const std::array<double, 3> ground{110.0 + below(60), 100.0 + below(50), 80.0 + below(40)};
    rect(ground, 0, horizon, w, h - horizon);
    const int bx = below(w / 4), bw = w / 2 + below(w / 4), bh = h / 3 + below(h / 6), by = horizon - bh;
    const std::array<double, 3> wall{170.0 + below(70), 160.0 + below(70), 140.0 + below(70)};
    rect(wall, bx, by, bw, bh);
    rect({70, 60, 55}, bx, by - 8, bw, 8);  // roof edge
    const std::array<double, 3> glass{60.0 + below(40), 90.0 + below(40), 120.0 + below(50)};
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 5; ++c)
        rect(glass, bx + 10 + c * (bw - 20) / 5, by + 12 + r * bh / 3, (bw - 20) / 5 - 10, bh / 5);
    rect({90, 60, 40}, bx + bw / 2 - 14, horizon - bh / 3, 28, bh / 3);
    for (int k = 0, n = 2 + below(4); k < n; ++k) {
      const std::array<double, 3> ink{static_cast<double>(below(256)), static_cast<double>(below(256)),
                                      static_cast<double>(below(256))};
      int ow = 20 + below(w / 5), oh = 15 + below(h / 6);
      rect(ink, below(w - ow), horizon + below(std::max(1, h - horizon - oh - 30)), ow, oh);
    }
    // Caption bar with the text, and the stamp top right.
    rect({25, 25, 25}, 0, h - 34, w, 34);
    // The buffer outlives every use of `im` below: the JPEG is written before it goes.
    VImage im = VImage::new_from_memory(px.data(), px.size(), w, h, 3, VIPS_FORMAT_UCHAR)
                    .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
    auto text = [&](const std::string& s, int size) {
      return VImage::text(s.c_str(), VImage::option()
                                         ->set("font", ("Noto Sans CJK SC " + std::to_string(size)).c_str())
                                         ->set("width", w - 16)
                                         ->set("dpi", 72)
                                         ->set("rgba", true));
    };
    im = im.bandjoin_const({255});
    if (!spec.caption.empty()) {
      VImage t = text(spec.caption, 18);
      im = im.composite2(t, VIPS_BLEND_MODE_OVER, VImage::option()->set("x", 8)->set("y", h - 30));
    }
    if (!spec.stamp.empty()) {
      VImage t = text(spec.stamp, 14);
      im = im.composite2(t, VIPS_BLEND_MODE_OVER,
                         VImage::option()->set("x", std::max(4, w - t.width() - 8))->set("y", 6));
    }
    im = im.extract_band(0, VImage::option()->set("n", 3)).cast(VIPS_FORMAT_UCHAR);
    return SaveJpeg(im, 82);
  } catch (const vips::VError& e) {
    vips_error_clear();
    return Fail(Internal(std::string("demo photo: ") + e.what()));
  }
}

}  // namespace anxiao::media
