#pragma once
// domain::ImageCodec on libvips (vips-cpp 8.14): decoding with the loader that the magic bytes name,
// EXIF via libexif, thumbnails, the perceptual hash and the demo's synthetic photos.

#include "base/error.hpp"
#include "domain/ports.hpp"

namespace anxiao::media {

// Decompression bombs: a small file may declare a huge image. Nothing with more pixels than this
// (a 100-megapixel camera) is decoded; its header alone is read. Decoding holds the pixels in
// memory (3 bytes each), so this also bounds the memory of one upload.
inline constexpr std::int64_t kMaxPixels = 100'000'000;
inline constexpr int kThumbnailSize = 320;

class VipsCodec final : public domain::ImageCodec {
 public:
  // Initialises libvips once per process (later calls are no-ops). kUnavailable if it cannot.
  static Result<std::unique_ptr<VipsCodec>> Open();

  Result<domain::ImageFacts> Inspect(std::string_view bytes) override;
  Result<std::string> RenderDemoPhoto(const domain::DemoPhotoSpec& spec) override;

 private:
  VipsCodec() = default;
};

}  // namespace anxiao::media
