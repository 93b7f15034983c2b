#pragma once
// Admin settings use cases (domain/settings.hpp): the default deadline days per risk level.
// Everyone signed in may read them (forms show the deadline a hazard will get); only
// administrators change them, as a journaled `setting.updated` event. A change applies to hazards
// registered afterwards; existing deadlines stay as they are. Thread-safe.

#include "app/services.hpp"
#include "domain/settings.hpp"

namespace anxiao::app {

// The deadline days in force inside `v`: the stored setting, else `fallback` (the built-in 30/15/7/3).
Result<domain::HazardSettings> LoadHazardSettings(domain::ReadView& v, const domain::HazardSettings& fallback = {});

class Settings {
 public:
  explicit Settings(Services& s) : s_(s) {}
  Result<domain::HazardSettings> HazardDeadlines();
  // kForbidden for non-administrators; kInvalidInput for bad values (nothing changes).
  Result<domain::HazardSettings> SetHazardDeadlines(const domain::Actor& a, const Json& value);

 private:
  Services& s_;
};

}  // namespace anxiao::app
