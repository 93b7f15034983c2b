#pragma once
// The demo's hazards (PRODUCT.md §9): a few hundred findings across the demo city in every state
// of the closed loop — some overdue, some rejected once, some with extensions approved, denied or
// pending, some voided, red ones with the 五落实 and interim measures — journaled as plain events
// through the Hazards use cases, so `verify` replays them like any other data.
//
// Deterministic for a seed (ids come from Services::ids). Found dates lie up to two months before
// the China date of the clock, so which hazards are overdue depends on when the demo is loaded.
// Reviewers are never the people who rectified: it adds, per county-level unit other than 东阿县,
// a bureau officer `officer.<code>` (acts for the county's schools) and an inspector
// `inspector.<code>` (registers and reviews), plus `province.inspector`; the eight demo users keep
// their names and roles.

#include <cstdint>
#include <map>
#include <string>

#include "app/demo_city.hpp"
#include "app/services.hpp"
#include "base/random.hpp"

namespace anxiao::app {

inline constexpr int kDemoHazardCount = 400;

struct DemoHazardsSummary {
  std::int64_t hazards = 0;
};

// The extra users of the demo hazards (the crews above), created before the demo campaign, which
// they take part in; the hazards themselves continue the same seeded stream.
struct DemoCrews {
  std::int64_t users = 0;  // extra users created
  std::uint64_t seed = kDemoSeed;
  SplitMix64 rng{0};  // the stream after the crews' names
};

// Inside the LoadDemo transaction, after the city's orgs, schools and users. `ids` maps demo keys
// ("county:371524", "school:<code>", …) to record ids; `password_hash` is the argon2id hash of
// kDemoPassword given to the extra users.
Result<DemoCrews> LoadDemoCrews(Services& s, domain::WriteTx& tx, const DemoCity& city,
                                const std::map<std::string, std::string>& ids, const std::string& password_hash,
                                std::uint64_t seed = kDemoSeed);
// Then (in the same transaction) the hazards, by the crews.
Result<DemoHazardsSummary> LoadDemoHazards(Services& s, domain::WriteTx& tx, const DemoCity& city,
                                           const std::map<std::string, std::string>& ids, DemoCrews& crews);

}  // namespace anxiao::app
