#pragma once
// Ed25519 signatures (libsodium crypto_sign_*), for the signed level reports
// (docs/level-reports.md). Keys and signatures travel as lower-case hex. Thread-safe.

#include <string>
#include <string_view>

namespace anxiao {

struct Ed25519KeyPair {
  std::string public_key_hex;  // 32 bytes → 64 hex
  std::string secret_key_hex;  // libsodium's 64-byte secret key (seed ‖ public key) → 128 hex
};

// A fresh key pair from libsodium's generator.
Ed25519KeyPair NewEd25519KeyPair();
// The detached signature (64 bytes → 128 hex) of `message` with `secret_key_hex`; empty if the
// secret key is malformed.
std::string Ed25519Sign(std::string_view message, std::string_view secret_key_hex);
// Whether `signature_hex` is a valid signature of `message` under `public_key_hex`. Malformed hex or
// lengths answer false.
bool Ed25519Verify(std::string_view message, std::string_view signature_hex, std::string_view public_key_hex);

}  // namespace anxiao
