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

// Deterministic: SplitMix64 over a seed. Not for secrets.
class SeededIds final : public IdSource {
 public:
  explicit SeededIds(std::uint64_t seed) : state_(seed) {}
  std::string Next(const std::string& prefix) override;

 private:
  std::uint64_t state_;
};

}  // namespace anxiao
