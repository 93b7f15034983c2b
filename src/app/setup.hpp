#pragma once
// Installation set-up: the root org of a new installation, and loading the demo city.

#include <string>

#include "app/demo_city.hpp"
#include "app/demo_clock.hpp"
#include "app/services.hpp"

namespace anxiao::app {

// True if the journal is empty.
Result<bool> IsEmpty(domain::Store& store);

// Creates the root (province) org if the journal is empty; returns the root's id either way.
Result<std::string> EnsureRoot(Services& s, const std::string& name, const std::string& code);

struct DemoSummary {
  std::int64_t orgs = 0, schools = 0, users = 0, hazards = 0;
  domain::JournalHead head;
};

// Journals the whole demo city in one transaction (system actor for the register, the demo users
// for its hazards: app/demo_hazards.hpp) and records a checkpoint. The
// store must be empty (kConflict otherwise). Uses s.ids for record ids: pass SeededIds for the
// same ids every time.
//
// `clock`, when given, must be the clock of `s` and of its store: the register (orgs, schools,
// users) is then dated 90 days back, the campaign's activity on the days it happened
// (app/demo_campaign.hpp), and the demo's own hazards and level reports now. Without it
// everything is dated now (so the level reports, frozen for a week ago, count no campaign work).
Result<DemoSummary> LoadDemo(Services& s, const DemoCity& city, DemoClock* clock = nullptr);

}  // namespace anxiao::app
