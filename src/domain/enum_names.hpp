#pragma once
// Name tables for enums: each enum has a constexpr array of {value, wire name} pairs; these two
// helpers turn one into the other. The wire names are stable (journal payloads and the API).

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace anxiao::domain {

template <typename E, std::size_t N>
std::optional<E> LookupName(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [x, name] : table)
    if (x == e) return name;
  return "?";
}

}  // namespace anxiao::domain
