#pragma once
// src/media: the image side of evidence photos. The pure pieces (magic-byte sniffing, the DCT
// perceptual hash, EXIF reading) are here for direct testing; VipsCodec (vips_codec.hpp) puts them
// together behind domain::ImageCodec.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace anxiao::media {

// The MIME type of JPEG, PNG or WebP content from its first bytes; nullopt for anything else
// (including text that merely claims to be an image by its name).
std::optional<std::string> SniffImageType(std::string_view bytes);

// 64-bit DCT perceptual hash of a 32×32 greyscale image (row-major, 0…255): the 8×8 lowest
// frequencies of its 2-D DCT-II except the first row and column (brightness and the coarsest
// gradients), one bit each: above their median or not. Images that look alike have hashes a
// small Hamming distance apart, whatever their encoding or size.
//
// Written here rather than taken from a library: Debian's libphash (pHash 0.9) is GPL-3 and brings
// CImg and ffmpeg along, for these forty lines over the 32×32 image libvips already makes.
std::uint64_t DctPhash(const std::array<std::uint8_t, 32 * 32>& grey);
std::string PhashHex(std::uint64_t h);  // 16 lower-case hex digits
int HammingDistance(std::uint64_t a, std::uint64_t b);

struct ExifFacts {
  std::string taken_at;             // DateTimeOriginal as YYYY-MM-DDTHH:MM:SS, or empty
  std::string latitude, longitude;  // decimal degrees, 6 decimals, or both empty
};
// Reads DateTimeOriginal and the GPS position from an EXIF block (with or without the leading
// "Exif\0\0"). Missing, malformed or out-of-range values are left empty, never guessed.
ExifFacts ReadExif(std::string_view exif_block);

}  // namespace anxiao::media
