#pragma once
// Small string helpers.

#include <string>
#include <string_view>
#include <vector>

namespace anxiao {

std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string ToLowerAscii(std::string_view s);
std::string_view TrimAscii(std::string_view s);
bool IsValidUtf8(std::string_view s);
// Number of Unicode code points (s must be valid UTF-8).
std::size_t Utf8Length(std::string_view s);
// Replaces the password part of "scheme://user:password@host" URLs with "***" for logs.
std::string RedactUrl(std::string_view url);

}  // namespace anxiao
