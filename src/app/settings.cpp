#include "app/settings.hpp"

namespace anxiao::app {

Result<domain::HazardSettings> LoadHazardSettings(domain::ReadView& v, const domain::HazardSettings& fallback) {
  TRY_ASSIGN(auto stored, v.FindSetting(domain::kHazardDeadlinesKey));
  if (!stored) return fallback;
  TRY_ASSIGN(auto j, ParseJson(*stored));
  auto s = domain::ParseHazardDeadlines(j);
  if (!s)
    return Fail(
        Corrupt(std::string("stored setting ") + domain::kHazardDeadlinesKey + " is invalid: " + s.error().internal));
  return *s;
}

Result<domain::HazardSettings> Settings::HazardDeadlines() {
  return domain::ReadValue<domain::HazardSettings>(s_.store, [](domain::ReadView& v) { return LoadHazardSettings(v); });
}

Result<domain::HazardSettings> Settings::SetHazardDeadlines(const domain::Actor& a, const Json& value) {
  if (!a.IsSystem() && !domain::MayAdminister(a.role))
    return Fail(Forbidden("only administrators may change the default deadlines"));
  TRY_ASSIGN(auto parsed, domain::ParseHazardDeadlines(value));
  return domain::WriteValue<domain::HazardSettings>(
      s_.store, [&](domain::WriteTx& tx) -> Result<domain::HazardSettings> {
        TRY_STATUS(tx.Append(a.user_id, domain::Event{"setting.updated", domain::kHazardDeadlinesKey,
                                                      Json{{"key", domain::kHazardDeadlinesKey},
                                                           {"value", domain::HazardDeadlinesJson(parsed)}}}));
        return parsed;
      });
}

}  // namespace anxiao::app
