#include "app/five_knowns.hpp"

#include <algorithm>

#include "domain/campaign.hpp"

namespace anxiao::app {

std::optional<double> HistogramMedian(const std::map<std::int64_t, std::int64_t>& h) {
  std::int64_t n = 0;
  for (const auto& [v, c] : h) n += c;
  if (n == 0) return std::nullopt;
  // The values at 0-based ranks (n-1)/2 and n/2: the same one when n is odd.
  const std::int64_t lo_rank = (n - 1) / 2, hi_rank = n / 2;
  std::optional<std::int64_t> lo, hi;
  std::int64_t seen = 0;
  for (const auto& [v, c] : h) {
    if (!lo && lo_rank < seen + c) lo = v;
    if (!hi && hi_rank < seen + c) {
      hi = v;
      break;
    }
    seen += c;
  }
  return (static_cast<double>(*lo) + static_cast<double>(*hi)) / 2.0;
}

namespace {

// The node and, with `campaign_id`, the campaign a caller may see figures of (the scope rules of
// FiveKnowns::For).
Status CheckFiguresCaller(const domain::Actor& a) {
  if (a.role == domain::Role::kInspector || a.role == domain::Role::kExpert) {
    return Fail(Forbidden("inspectors and experts see their assigned tasks, not org-wide figures"));
  }
  return {};
}

Result<std::pair<domain::Org, std::optional<domain::Campaign>>> FiguresNode(domain::ReadView& v, const domain::Actor& a,
                                                                            const std::string& org_id,
                                                                            const std::string& campaign_id) {
  TRY_ASSIGN(auto org, v.FindOrg(org_id));
  if (!org || !domain::IsUnder(org->path, a.scope_path)) return Fail(NotFound("org " + org_id));
  if (!domain::MayBrowseRegister(a.role) && org->id != a.scope_org_id) return Fail(NotFound("org " + org_id));
  std::optional<domain::Campaign> campaign;
  if (!campaign_id.empty()) {
    TRY_ASSIGN(campaign, v.FindCampaign(campaign_id));
    // A campaign covers its scope: a node beside it, or one the caller may not see it from, has
    // no figures of it.
    if (!campaign || !domain::CampaignVisibleTo(*campaign, a) ||
        !(domain::IsUnder(org->path, campaign->scope_path) || domain::IsUnder(campaign->scope_path, org->path)))
      return Fail(NotFound("campaign " + campaign_id));
  }
  return std::make_pair(std::move(*org), std::move(campaign));
}

}  // namespace

Result<FiveKnownsReport> FiveKnowns::For(const domain::Actor& a, const std::string& org_id, std::optional<Date> as_of,
                                         const std::string& campaign_id) {
  TRY_STATUS(CheckFiguresCaller(a));
  FiveKnownsReport rep;
  rep.as_of = as_of ? *as_of : ChinaDateOf(s_.clock.Now());
  rep.campaign_id = campaign_id;
  TRY_STATUS(s_.store.Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto found, FiguresNode(v, a, org_id, campaign_id));
    const domain::Org* org = &found.first;
    const std::optional<domain::Campaign>& campaign = found.second;
    TRY_ASSIGN(auto kids, v.OrgChildren(org->id));
    // The node is aggregated on its own, not as the sum of its children, so that the sum rule is
    // a check on the data (every hazard lies under exactly one child) rather than true by construction.
    std::vector<std::string> prefixes{org->path};
    for (const auto& k : kids) prefixes.push_back(k.path);
    TRY_ASSIGN(auto aggs, v.AggregateHazards(prefixes, rep.as_of, kDueSoonDays, campaign_id));
    rep.node = FiveKnownsNode{org->id, org->name, org->kind, std::move(aggs[0])};
    for (std::size_t i = 0; i < kids.size(); ++i) {
      rep.children.push_back(FiveKnownsNode{kids[i].id, kids[i].name, kids[i].kind, std::move(aggs[i + 1])});
    }
    const std::int64_t to = DaysFromCivil(rep.as_of);
    std::int64_t from = to - (kTrendDays - 1);
    if (campaign) {
      from = std::max(DaysFromCivil(campaign->start_date), to - (kMaxTrendDays - 1));
      const std::int64_t end = std::min(to, DaysFromCivil(campaign->end_date));
      TRY_ASSIGN(rep.trend,
                 v.HazardTrend(org->path, CivilFromDays(std::min(from, end)), CivilFromDays(end), campaign_id));
      // The node's part of the campaign: the narrower of the two subtrees.
      const std::string under = domain::IsUnder(org->path, campaign->scope_path) ? org->path : campaign->scope_path;
      TRY_ASSIGN(rep.campaign,
                 v.FigureCampaign(*campaign, under, rep.as_of, domain::IsUnder(campaign->owner_path, a.scope_path)));
    } else {
      TRY_ASSIGN(rep.trend, v.HazardTrend(org->path, CivilFromDays(from), CivilFromDays(to), campaign_id));
    }
    return {};
  }));
  return rep;
}

Result<SelfCheckReport> FiveKnowns::SelfCheck(const domain::Actor& a, const std::string& org_id,
                                              std::optional<Date> as_of, const std::string& campaign_id) {
  TRY_STATUS(CheckFiguresCaller(a));
  SelfCheckReport rep;
  rep.as_of = as_of ? *as_of : ChinaDateOf(s_.clock.Now());
  rep.campaign_id = campaign_id;
  TRY_STATUS(s_.store.Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto found, FiguresNode(v, a, org_id, campaign_id));
    const domain::Org& org = found.first;
    TRY_ASSIGN(auto kids, v.OrgChildren(org.id));
    std::vector<std::string> prefixes{org.path};
    for (const auto& k : kids) prefixes.push_back(k.path);
    TRY_ASSIGN(auto misses, v.SelfInspectionMisses(prefixes, rep.as_of, campaign_id));
    rep.node = SelfCheckNode{org.id, org.name, org.kind, misses[0]};
    for (std::size_t i = 0; i < kids.size(); ++i) {
      rep.children.push_back(SelfCheckNode{kids[i].id, kids[i].name, kids[i].kind, misses[i + 1]});
    }
    return {};
  }));
  return rep;
}

}  // namespace anxiao::app
