#pragma once
// Password hashing with argon2id (libsodium crypto_pwhash_str, which encodes algorithm, salt and
// cost in the returned string). Thread-safe.

#include <string>
#include <string_view>

namespace anxiao {

enum class PasswordCost { kInteractive, kTest };

// Throws std::runtime_error if memory cannot be allocated.
std::string HashPassword(std::string_view password, PasswordCost cost = PasswordCost::kInteractive);
bool CheckPassword(const std::string& encoded_hash, std::string_view password);

}  // namespace anxiao
