#pragma once
// Typed access to journal payload fields for the projection rules. A missing or mistyped field
// means the journal cannot be replayed: the errors are kCorrupt and name the field.

#include <cstdint>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/time.hpp"

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

// A date YYYY-MM-DD, kept as its text.
inline Result<std::string> PayloadDate(const Json& p, const char* key) {
  TRY_ASSIGN(auto s, PayloadStr(p, key));
  if (!ParseDate(s)) return Fail(Corrupt(std::string("event payload field is not a date: ") + key));
  return s;
}

// A date or "" (optional dates).
inline Result<std::string> PayloadOptDate(const Json& p, const char* key) {
  TRY_ASSIGN(auto s, PayloadStr(p, key));
  if (!s.empty() && !ParseDate(s)) return Fail(Corrupt(std::string("event payload field is not a date: ") + key));
  return s;
}

// The name of an enum value that `parse` (a domain Parse* function) accepts, kept as its text.
template <typename Parse>
Result<std::string> PayloadEnum(const Json& p, const char* key, Parse parse) {
  TRY_ASSIGN(auto s, PayloadStr(p, key));
  if (!parse(s)) return Fail(Corrupt(std::string("event payload field has an unknown value: ") + key + "=" + s));
  return s;
}

// A list of ids as a JSON array.
inline Json IdsJson(const std::vector<std::string>& ids) {
  Json a = Json::array();
  for (const auto& i : ids) a.push_back(i);
  return a;
}

}  // namespace anxiao::domain
