#pragma once
// SHA-256 through OpenSSL EVP. The algorithm object is fetched once per process (EVP_MD_fetch);
// measured 4.5x faster than libsodium's portable SHA-256 here because OpenSSL uses the CPU's SHA
// instructions. Thread-safe: each Sha256 instance is single-threaded, instances are independent.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace anxiao {

using Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  Digest Finish();  // resets the state for reuse

 private:
  void* ctx_;  // EVP_MD_CTX*
};

Digest Sha256Of(std::string_view bytes);
std::string Sha256Hex(std::string_view bytes);
std::string ToHex(const std::uint8_t* data, std::size_t n);
inline std::string ToHex(const Digest& d) { return ToHex(d.data(), d.size()); }
// Decodes lower- or upper-case hex; returns false on odd length or a non-hex character.
bool FromHex(std::string_view hex, std::string* out);

}  // namespace anxiao
