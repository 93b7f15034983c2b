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
  // One call for all the bytes (randombytes_uniform made a getrandom system call per character,
  // 16 per id, on the group commit's thread). The low 5 bits of a uniform byte are uniform: 256
  // is a multiple of 32, so there is no modulo bias.
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  for (auto& c : out) c = kBase32[static_cast<unsigned char>(c) & 31];
  return out;
}

std::string RandomIds::Next(const std::string& prefix) { return prefix + "_" + RandomToken(16); }

std::string SeededIds::Next(const std::string& prefix) {
  std::string out = prefix + "_";
  for (int part = 0; part < 2; ++part) {
    const std::uint64_t z = stream_.Next();
    for (int i = 0; i < 8; ++i) out.push_back(kBase32[(z >> (5 * i)) & 31]);
  }
  return out;
}

}  // namespace anxiao
