#pragma once
// Typed access to journal payload fields for the projection rules. A missing or mistyped field
// means the journal cannot be replayed: the errors are kCorrupt and name the field.

#include <cstdint>
#include <string>

#include "base/error.hpp"
#include "base/canonical_json.hpp"

namespace anxiao::domain {

inline Result<std::string> PayloadStr(const Json& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end() || !it->is_string()) return Fail(Corrupt(std::string("event payload lacks string field ") + key));
  return it->get<std::string>();
}

// Integers; booleans read as 0/1.
inline Result<std::int64_t> PayloadInt(const Json& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end()) return Fail(Corrupt(std::string("event payload lacks field ") + key));
  if (it->is_boolean()) return it->get<bool>() ? 1 : 0;
  if (!it->is_number_integer()) return Fail(Corrupt(std::string("event payload field is not an integer: ") + key));
  return it->get<std::int64_t>();
}

}  // namespace anxiao::domain
