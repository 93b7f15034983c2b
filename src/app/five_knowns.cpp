#include "app/five_knowns.hpp"

#include <algorithm>
#include <cassert>

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

// `org` and its children with their figures, which `read` gives for their paths (node first, one
// entry per path) in one call.
template <typename Figures, typename ReadFigures>
Result<NodeAndChildren<Figures>> ReadNodeAndChildren(domain::ReadView& v, const domain::Org& org, ReadFigures read) {
  TRY_ASSIGN(auto kids, v.OrgChildren(org.id));
  std::vector<std::string> paths{org.path};
  for (const auto& k : kids) paths.push_back(k.path);
  TRY_ASSIGN(std::vector<Figures> figures, read(paths));
  assert(figures.size() == paths.size());
  NodeAndChildren<Figures> out;
  out.node = OrgFigures<Figures>{org.id, org.name, org.kind, std::move(figures[0])};
  for (std::size_t i = 0; i < kids.size(); ++i) {
    out.children.push_back(OrgFigures<Figures>{kids[i].id, kids[i].name, kids[i].kind, std::move(figures[i + 1])});
  }
  return out;
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
    NodeAndChildren<domain::HazardAggregate>& table = rep;
    TRY_ASSIGN(table, ReadNodeAndChildren<domain::HazardAggregate>(v, *org, [&](const std::vector<std::string>& paths) {
                 return v.AggregateHazards(paths, rep.as_of, kDueSoonDays, campaign_id);
               }));
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
    NodeAndChildren<domain::SelfCheckMisses>& table = rep;
    TRY_ASSIGN(table, ReadNodeAndChildren<domain::SelfCheckMisses>(v, org, [&](const std::vector<std::string>& paths) {
                 return v.SelfInspectionMisses(paths, rep.as_of, campaign_id);
               }));
    return {};
  }));
  return rep;
}

}  // namespace anxiao::app
