#pragma once
// Installation settings an administrator may change (PRODUCT.md §3: the default deadlines per risk
// level are an admin setting). Each setting is a journaled `setting.updated` event
// {"key": …, "value": <JSON>} projected into the `setting` table, so `verify` covers it too.

#include <string>

#include "base/canonical_json.hpp"
#include "base/error.hpp"
#include "domain/hazard.hpp"

namespace anxiao::domain {

inline constexpr const char* kHazardDeadlinesKey = "hazard.deadline_days";

// {"red": 30, "orange": 15, "yellow": 7, "blue": 3}: days from the found date to the default
// deadline, all four required, each an integer from 1 to 365; no other keys. kInvalidInput
// "invalid_setting" naming the field otherwise.
Result<HazardSettings> ParseHazardDeadlines(const Json& j);
Json HazardDeadlinesJson(const HazardSettings& s);

}  // namespace anxiao::domain
