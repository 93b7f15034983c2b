#include "base/random.hpp"

#include <sodium.h>

#include <stdexcept>

namespace anxiao {
namespace {
constexpr char kBase32[] = "abcdefghijklmnopqrstuvwxyz234567";
}

void InitCrypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
}

std::string RandomBytes(std::size_t n) {
  InitCrypto();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string RandomToken(std::size_t n) {
  InitCrypto();
  std::string out(n, 'a');
  for (auto& c : out) c = kBase32[randombytes_uniform(32)];
  return out;
}

std::string RandomIds::Next(const std::string& prefix) { return prefix + "_" + RandomToken(16); }

std::string SeededIds::Next(const std::string& prefix) {
  std::string out = prefix + "_";
  for (int part = 0; part < 2; ++part) {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    for (int i = 0; i < 8; ++i) out.push_back(kBase32[(z >> (5 * i)) & 31]);
  }
  return out;
}

}  // namespace anxiao
