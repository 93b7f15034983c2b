#include "base/ed25519.hpp"

#include <sodium.h>

#include "base/random.hpp"
#include "base/sha256.hpp"

namespace anxiao {

Ed25519KeyPair NewEd25519KeyPair() {
  InitCrypto();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  Ed25519KeyPair kp{ToHex(pk, sizeof pk), ToHex(sk, sizeof sk)};
  sodium_memzero(sk, sizeof sk);
  return kp;
}

std::string Ed25519Sign(std::string_view message, std::string_view secret_key_hex) {
  InitCrypto();
  std::string sk;
  if (!FromHex(secret_key_hex, &sk) || sk.size() != crypto_sign_SECRETKEYBYTES) return {};
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(sk.data()));
  sodium_memzero(sk.data(), sk.size());
  return ToHex(sig, sizeof sig);
}

bool Ed25519Verify(std::string_view message, std::string_view signature_hex, std::string_view public_key_hex) {
  InitCrypto();
  std::string sig, pk;
  if (!FromHex(signature_hex, &sig) || sig.size() != crypto_sign_BYTES) return false;
  if (!FromHex(public_key_hex, &pk) || pk.size() != crypto_sign_PUBLICKEYBYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     reinterpret_cast<const unsigned char*>(pk.data())) == 0;
}

}  // namespace anxiao
