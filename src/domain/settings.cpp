#include "domain/settings.hpp"

namespace anxiao::domain {
namespace {
constexpr const char* kLevels[4] = {"red", "orange", "yellow", "blue"};  // RiskRank order
}

Result<HazardSettings> ParseHazardDeadlines(const Json& j) {
  if (!j.is_object())
    return Fail(InvalidInput("invalid_setting", "the deadline days must be an object {red, orange, yellow, blue}"));
  HazardSettings s;
  for (int i = 0; i < 4; ++i) {
    auto it = j.find(kLevels[i]);
    if (it == j.end()) return Fail(InvalidInput("missing_field", std::string(kLevels[i]) + " is required", kLevels[i]));
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > 365)
      return Fail(InvalidInput("invalid_setting",
                               std::string(kLevels[i]) + " must be a whole number of days from 1 to 365", kLevels[i]));
    s.deadline_days[static_cast<std::size_t>(i)] = static_cast<int>(it->get<std::int64_t>());
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* l : kLevels) known = known || it.key() == l;
    if (!known) return Fail(InvalidInput("unknown_field", "unknown field: " + it.key(), it.key()));
  }
  return s;
}

Json HazardDeadlinesJson(const HazardSettings& s) {
  Json j = Json::object();
  for (int i = 0; i < 4; ++i) j[kLevels[i]] = s.deadline_days[static_cast<std::size_t>(i)];
  return j;
}

}  // namespace anxiao::domain
