#pragma once
// The five knowns (五个心中有数, PRODUCT.md §5) of an org node: how many hazards, their risk levels,
// the measures, the deadlines and the progress, for the node and for each of its children (the
// league table). Every figure is a sum over hazards, so the children always add up to the parent;
// shares and the median are derived from the sums. Figures are aggregated in the database
// (ReadView::AggregateHazards), one query per kind of figure over the node and its children.
//
// `as_of` is the reference day: overdue and due-soon are judged at it, and hazards found after it
// are left out. The state of each hazard is its current one (the hazard table holds no history;
// level reports freeze figures for a date instead).

#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/ports.hpp"

namespace anxiao::app {

inline constexpr int kDueSoonDays = 3;

// An org node with its figures of one kind (the hazard aggregate, the self-inspection misses).
template <typename Figures>
struct OrgFigures {
  std::string org_id, name;
  domain::OrgKind kind = domain::OrgKind::kSchool;
  Figures figures;
};

// A node and each of its children with their figures (the league table). The node is read on its
// own, not summed from its children, so that the sum rule is a check on the data (every hazard lies
// under exactly one child) rather than true by construction.
template <typename Figures>
struct NodeAndChildren {
  OrgFigures<Figures> node;
  std::vector<OrgFigures<Figures>> children;  // in the org tree's order; empty for a school
};

struct FiveKnownsReport : NodeAndChildren<domain::HazardAggregate> {
  Date as_of;
  std::string campaign_id;  // empty: all hazards
  // Found vs closed per day over the trend window: the kTrendDays days up to as_of, or for a
  // campaign its period up to as_of (at most kMaxTrendDays days, the latest ones).
  std::vector<domain::TrendDay> trend;
  // With a campaign: its figures over the node (teams per level, schools inspected / in scope).
  std::optional<domain::CampaignFigures> campaign;
};

// The self-inspection miss rate of a node and its children (domain::SelfCheckMisses), read from the
// counters the projection keeps (domain/hazard_stat.hpp) like the five-knowns figures; as of a date
// before the latest finding or submission under a node it is computed from the rows instead.
struct SelfCheckReport : NodeAndChildren<domain::SelfCheckMisses> {
  Date as_of;
  std::string campaign_id;
};

inline constexpr int kTrendDays = 30;
inline constexpr int kMaxTrendDays = 120;

// Median of the histogram (value → count); nullopt when empty. The mean of the two middle values
// for an even count.
std::optional<double> HistogramMedian(const std::map<std::int64_t, std::int64_t>& h);

class FiveKnowns {
 public:
  explicit FiveKnowns(Services& s) : s_(s) {}
  // kNotFound when the org is missing or outside `a`'s scope (school roles: only their school);
  // kForbidden for inspectors and experts, who see their tasks, not org-wide figures. `as_of`
  // defaults to today in China Standard Time.
  // `campaign_id` non-empty: only that campaign's hazards (kNotFound for a campaign the caller
  // does not see, or that does not cover the node).
  Result<FiveKnownsReport> For(const domain::Actor& a, const std::string& org_id, std::optional<Date> as_of,
                               const std::string& campaign_id = "");
  // The self-inspection miss rate of the same node, with the same scope rules and errors.
  Result<SelfCheckReport> SelfCheck(const domain::Actor& a, const std::string& org_id, std::optional<Date> as_of,
                                    const std::string& campaign_id = "");

 private:
  Services& s_;
};

}  // namespace anxiao::app
