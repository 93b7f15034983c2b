#pragma once
// Cryptographically secure randomness (libsodium) and opaque identifiers.

#include <cstdint>
#include <string>

namespace anxiao {

// Initialises libsodium; safe to call many times and from many threads. Throws on failure.
void InitCrypto();
std::string RandomBytes(std::size_t n);
// `n` random characters from the lower-case base32 alphabet (a-z, 2-7): 5 bits each.
std::string RandomToken(std::size_t n);

// Produces record ids. Live ids are "<prefix>_<16 random base32 chars>" (80 bits, not guessable, so
// ids do not reveal how many records exist). Tests and the demo use SeededIds so that the same seed
// gives the same ids.
class IdSource {
 public:
  virtual ~IdSource() = default;
  virtual std::string Next(const std::string& prefix) = 0;
};

class RandomIds final : public IdSource {
 public:
  std::string Next(const std::string& prefix) override;
};

// SplitMix64 (Steele, Lea & Flood, 2014): a portable deterministic stream for seeded ids and demo
// data. Nothing here uses <random>, whose distributions differ between standard libraries, because
// the same seed must give the same output everywhere. Not for secrets.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : x_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (x_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // [0, n) by modulo: the bias is irrelevant for ids and demo data.
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
  bool Percent(int p) { return Below(100) < p; }

 private:
  std::uint64_t x_;
};

// Deterministic: SplitMix64 over a seed. Not for secrets.
class SeededIds final : public IdSource {
 public:
  explicit SeededIds(std::uint64_t seed) : stream_(seed) {}
  std::string Next(const std::string& prefix) override;

 private:
  SplitMix64 stream_;
};

}  // namespace anxiao
