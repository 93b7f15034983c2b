#pragma once
// Hazard statistics kept by the projection (table hazard_stat, migration 0008), so that the
// five-knowns figures of any org node are read from a few hundred counter rows instead of being
// aggregated over its hazards (issue 7, item 6: a city with 100,000 hazards in ≤ 5 ms).
//
// Every hazard row contributes counters (key → weight) to each org node on its path (province,
// city, county, school) twice: once for all hazards and once for its campaign, if any. A counter
// row's id is "<node id>|<campaign id or empty>|<key>"; its value `n` is the sum of the
// contributions. Whenever an event inserts or updates hazard rows, Project() adds the difference
// between the rows' contributions before and after as hazard_stat ops, so the counters change in
// the same transaction as the hazards, and `verify` replays them like every other table. A counter
// that falls to zero is deleted, so that the table holds exactly the non-zero sums of the current
// hazard rows, which is what RebuildHazardStats (the backfill of migration 0008) computes.
//
// Keys (dates are China dates, YYYY-MM-DD):
//   voided | total, open | closed, risk:<rank>, open_risk:<rank>, cat:<category>, src:<source>,
//   plan (planned, rectifying or awaiting review), red_open, red_interim, red_five, extended,
//   rejections (weight: the hazard's rejection count), due:<deadline> (still with the school),
//   days:<found→closed days> (closed), and the trend keys ~f:<found day>, ~c:<closed day>, which
//   sort after every other key so that the figures and the trend are separate id ranges.
// Voided hazards contribute only `voided`.
//
// The self-inspection miss rate (SelfCheckMisses) is kept the same way. A submitted
// self-inspection row contributes `self_done` and `~s:<submitted China day>` to each node on its
// school's path. From a school's own `self_done`, `src:self` and `total` follow three derived
// counters that are added to every node on the school's path: `sc_clean` (the school submitted a
// self-inspection and found no hazard itself), `sc_missed` (… and outside inspections found some)
// and `sc_missed_h` (how many they found). Whenever a change moves a school's three counters,
// the difference of its derived counters goes to its path, so the counters stay exact sums too.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "domain/ports.hpp"
#include "domain/projection.hpp"

namespace anxiao::domain {

inline constexpr char kStatTable[] = "hazard_stat";

// The counters of one hazard row (columns of the hazard projection table), without the node.
std::map<std::string, std::int64_t> HazardStatKeys(const Row& hazard);
// The "<node>|<campaign>|" prefixes a hazard row contributes to.
std::vector<std::string> HazardStatPrefixes(const Row& hazard);
// Adds `sign` × the hazard row's contributions to `sums` (id → n).
void AddHazardStats(const Row& hazard, int sign, std::map<std::string, std::int64_t>* sums);

// The counters of one inspection row (only submitted self-inspections have any), without the node.
std::map<std::string, std::int64_t> InspectionStatKeys(const Row& inspection);
// Adds `sign` × the inspection row's contributions to `sums`.
void AddInspectionStats(const Row& inspection, int sign, std::map<std::string, std::int64_t>* sums);

// The derived self-check counters of one school (keys sc_clean, sc_missed, sc_missed_h) from its
// `self_done`, `src:self` and `total` counters.
std::map<std::string, std::int64_t> SelfCheckKeys(std::int64_t self_done, std::int64_t self_found, std::int64_t total);
// Recomputes every school's derived self-check counters in `sums` (which holds the direct counters
// of all hazards and inspections, no derived ones yet) and adds them to the schools' paths.
// `schools`: (school path, campaign id) pairs seen among the rows; each school also counts for all
// campaigns together (campaign id empty).
void AddSelfCheckStats(const std::set<std::pair<std::string, std::string>>& schools,
                       std::map<std::string, std::int64_t>* sums);

// The prefix of a node's counters ("<node id>|<campaign id>|").
std::string StatPrefix(const std::string& node_id, const std::string& campaign_id);
// The last id of an org path: "/a/b/c/" → "c".
std::string NodeOfPath(const std::string& path);

// Appends to `ops` the hazard_stat ops that the hazard- and inspection-table ops in `ops` imply.
Status AppendHazardStatOps(std::vector<RowOp>* ops, ProjectionReader& reader);

// The five-knowns aggregate from one node's figure counters (key → n, keys without the prefix).
// Exact when no hazard under the node was found after `as_of` (the caller checks the ~f: keys).
HazardAggregate AggregateFromStats(const std::map<std::string, std::int64_t>& counters, Date as_of, int due_days);

}  // namespace anxiao::domain
