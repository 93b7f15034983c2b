#pragma once
// JSON values and their canonical text form, used for journal payloads (docs/journal_format.md).
//
// Canonical JSON here is RFC 8785 (JCS) restricted to what Anxiao writes: objects with keys sorted
// by their UTF-8 bytes, no insignificant whitespace, strings in UTF-8 with only the mandatory escapes
// (\" \\ \b \f \n \r \t, other control characters as \u00xx), integers only (no floats), true,
// false and null. nlohmann::json's std::map-backed object type sorts keys bytewise and its compact
// dump() escapes exactly that way, so we use it rather than writing our own encoder.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace anxiao {

using Json = nlohmann::json;

// Canonical text of `v`. Floats are rejected by CanonicalChecked (the journal never stores them).
std::string Canonical(const Json& v);
Result<std::string> CanonicalChecked(const Json& v);

// Parses JSON text; errors are kInvalidInput "malformed_json" with the parser's position.
Result<Json> ParseJson(std::string_view text);

}  // namespace anxiao
