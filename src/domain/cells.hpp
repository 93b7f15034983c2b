#pragma once
// Typed reads of projection values, shared by the projections and the SQL store: a text cell or "",
// an integer cell or 0. Numeric text reads as its number, because SQLite may hand back numeric text
// for TEXT-affinity comparisons; anything else that is not an integer reads as 0.

#include <charconv>
#include <cstdint>
#include <string>
#include <variant>

#include "domain/projection.hpp"

namespace anxiao::domain::cells {

inline const std::string& S(const Value& v) {
  static const std::string kEmpty;
  auto* s = std::get_if<std::string>(&v);
  return s ? *s : kEmpty;
}

inline std::int64_t I(const Value& v) {
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  std::int64_t out = 0;
  if (auto* s = std::get_if<std::string>(&v)) std::from_chars(s->data(), s->data() + s->size(), out);
  return out;
}

inline const std::string& S(const Row& r, const char* col) {
  static const std::string kEmpty;
  auto it = r.find(col);
  return it == r.end() ? kEmpty : S(it->second);
}

inline std::int64_t I(const Row& r, const char* col) {
  auto it = r.find(col);
  return it == r.end() ? 0 : I(it->second);
}

}  // namespace anxiao::domain::cells
