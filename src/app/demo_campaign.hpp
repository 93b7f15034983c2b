#pragma once
// The demo's campaign (issue #5 item 10): the Liaocheng 校园安全隐患大排查大整治集中行动 of the source
// article, journaled through the ordinary use cases inside the demo's transaction:
//
//   * 841 teams dispatched by the city and the counties: 11 city supervision teams covering 44
//     schools, 3 city-direct teams covering the 21 city-direct schools (private ones included), 4
//     resident groups with 6 external fire-brigade and CDC experts covering 30 schools in two
//     rounds, 11 county cross-inspection teams in rotation — each inspecting 12 schools of another
//     county, at least 6 of them rural or urban-rural fringe, drawn with the anxiao-draw/1
//     algorithm through the draw use case (app/draws.hpp: journaled registers, commitment, execution
//     with a fixed demo seed and public value) — and 812 county census teams covering
//     every county school;
//   * the fire-safety self-inspection (消防安全自查表) assigned to all 3,043 schools, most of them
//     done by the school's safety officer (one account per school), some in progress;
//   * the provincial inspection (省级督导) of 20 schools in two rounds with 86 hazards, all closed;
//   * part of the teams' visits carried out through the inspection use cases (check-in, every item
//     answered, feedback, signatures, submit), so the bulletin has a paragraph per team mode: 3 of
//     the 4 schools of each city supervision team, 5 of the 7 of each city-direct team, the resident
//     groups' first round (fire safety) at all 30 schools by the group's expert, and 8 of the 12
//     schools of each cross-inspection team (a 3-day window, yesterday to tomorrow) by the
//     inspecting county's bureau officer. Failed items carry concrete findings; the hazards they
//     become, and the self-inspection's, go round the closed loop to a seeded state (the school
//     side rectifies, the city's expert or the county's inspector reviews). One census team in
//     three has visited its first school (the county's bureau officer checks in, its inspector
//     reviews the rectification), at most one finding each.
//
// Dated (with `clock`, which must be the clock of `s` and of its store): the campaign is launched
// and its teams dispatched on its first day, 80 days ago; every visit, self-inspection and
// provincial inspection is journaled on its day (the self-inspections from the campaign's fifth
// day to four days ago, the ones in progress begun in the last week, the census visits
// one to ten weeks ago, the cross-inspection's draw four days ago), and the rectification of each
// finding follows over the next two weeks at most, never later than ten minutes before the load.
// The steps run in time order (the journal's times never go back). Without a clock the same work
// is journaled, all of it now.
//
// The visits still to come stay planned; the unannounced ones (city supervision, cross-inspection)
// stay hidden from the inspected.

#include <cstdint>
#include <map>
#include <string>

#include "app/demo_city.hpp"
#include "app/demo_clock.hpp"
#include "app/services.hpp"

namespace anxiao::app {

// The public value the demo's cross-inspection draw is executed with (a lottery-style number typed
// in at execution).
inline constexpr const char* kDemoDrawPublicValue = "聊城市教体局 公开抽签 福彩3D 037";

struct DemoCampaignSummary {
  std::string campaign_id;
  std::string draw_id;  // the journaled cross-inspection draw
  std::int64_t teams = 0, users = 0, inspections = 0, self_assigned = 0, self_submitted = 0, hazards = 0;
  std::int64_t visits = 0;  // team inspections carried out and submitted
};

// `ids`: demo key → org id ("school:<code>" for schools), as LoadDemo builds it. `password_hash`
// is the one argon2id hash of kDemoPassword shared by the extra demo users.
Result<DemoCampaignSummary> LoadDemoCampaign(Services& s, domain::WriteTx& tx, const DemoCity& city,
                                             const std::map<std::string, std::string>& ids,
                                             const std::string& password_hash, DemoClock* clock = nullptr,
                                             std::uint64_t seed = kDemoSeed);

}  // namespace anxiao::app
