#pragma once
// Campaigns (专项行动/集中行动) and their inspection teams (督查组), PRODUCT.md §1 and §3. Pure rules,
// no I/O: app/campaigns.hpp loads records, asks these functions, and appends the events
// (campaign.created/updated/closed, team.created/updated); the projection (campaign_projection.cpp)
// turns them into the `campaign` and `team` rows.
//
// A campaign belongs to an owner org (the bureau that runs it) and covers a scope subtree (usually
// the owner itself). Its live figures (teams per level, schools inspected / in scope, hazards found,
// closed, overdue) are computed from the data by the store, never typed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/time.hpp"
#include "domain/user.hpp"

namespace anxiao::domain {

// The inspection modes of the source campaign (PRODUCT.md §1).
enum class CampaignMode {
  kCitySupervision,
  kCityDirect,
  kCountyCensus,
  kCrossInspection,
  kResident,
  kThematic,
  kProvincial,
  kUnannounced,
  kOtherDepartment,
};
enum class CampaignState { kOpen, kClosed };
enum class TeamLevel { kProvince, kCity, kCounty };
// 市级督导, 市直学校, 县级普查, 县级互查, 驻点监管, 专项, 省级督导.
enum class TeamKind {
  kCitySupervision,
  kCityDirect,
  kCountyCensus,
  kCrossInspection,
  kResident,
  kThematic,
  kProvincial
};

std::string_view Name(CampaignMode m);
std::string_view Name(CampaignState s);
std::string_view Name(TeamLevel l);
std::string_view Name(TeamKind k);
std::optional<CampaignMode> ParseCampaignMode(std::string_view s);
std::optional<CampaignState> ParseCampaignState(std::string_view s);
std::optional<TeamLevel> ParseTeamLevel(std::string_view s);
std::optional<TeamKind> ParseTeamKind(std::string_view s);

struct Campaign {
  std::string id;
  std::string owner_org_id, owner_path;  // the bureau that runs it
  std::string scope_org_id, scope_path;  // the subtree it covers (the owner or below)
  std::string name;
  Date start_date, end_date;
  std::vector<CampaignMode> modes;
  std::vector<std::string> checklists;  // checklist template ids the campaign uses
  CampaignState state = CampaignState::kOpen;
  std::string created_by, created_at, closed_at, closed_by;
  std::int64_t version = 1;
};

// What a create or edit supplies.
struct CampaignDraft {
  std::string name;
  Date start_date, end_date;
  std::vector<CampaignMode> modes;
  std::vector<std::string> checklists;
};

// kInvalidInput naming the field: name 2..60 characters; end not before start; period at most two
// years; at least one mode, no duplicates; at most 40 checklists, no duplicates.
Status ValidateCampaignDraft(const CampaignDraft& d);
// Campaigns are run by administrators and bureau officers whose scope contains the owner org
// (kForbidden "campaign_forbidden"); the caller has already answered kNotFound outside scope.
Status AuthoriseCampaignWrite(const Actor& a, const std::string& owner_path);
// Who may read a campaign: anyone whose scope contains the owner, or lies within the campaign's
// scope (a county officer reads the city's campaign, limited to its own subtree's figures).
bool CampaignVisibleTo(const Campaign& c, const Actor& a);
// A closed campaign takes no more teams, plans or edits (kConflict "campaign_closed").
Status CheckCampaignOpen(const Campaign& c);

// Modes as "a,b,c" (journal payloads and the table) and back; unknown names are skipped by the
// parser only when reading stored rows (payloads are validated when built).
std::string JoinModes(const std::vector<CampaignMode>& modes);
std::vector<CampaignMode> SplitModes(const std::string& s);
std::string JoinIds(const std::vector<std::string>& ids);  // ",a,b," (membership is a substring test)
std::vector<std::string> SplitIds(const std::string& s);

struct Team {
  std::string id;
  std::string campaign_id;
  std::string org_id, org_path;  // the dispatching level (province, city or county bureau)
  TeamLevel level = TeamLevel::kCounty;
  TeamKind kind = TeamKind::kCountyCensus;
  std::string name;                      // 第一督查组
  std::string leader_name, leader_rank;  // 组长 and cadre rank, e.g. 县级干部
  std::vector<std::string> members;      // user ids of inspectors and bureau staff
  std::vector<std::string> experts;      // user ids of role expert (消防救援支队, 疾控中心, …)
  std::string target_org_id;             // cross-inspection: the county inspected; else empty
  std::vector<std::string> schools;      // assigned school ids
  Date start_date, end_date;
  std::int64_t rounds = 1;
  std::string created_by;
  std::int64_t version = 1;

  // Members and experts may act on the team's inspections.
  bool HasMember(const std::string& user_id) const;
};

// The level a kind belongs to: provincial → province; city supervision and city-direct → city;
// county census and cross-inspection → county. Resident and thematic teams may be any level.
bool KindFitsLevel(TeamKind k, TeamLevel l);

// Checks a team's own fields (kInvalidInput naming the field): name 1..40 characters, leader name
// 1..40, rank ≤ 20, at most 30 members, 20 experts and 500 schools, no duplicates, rounds 1..12,
// dates inside the campaign period and end not before start, kind fitting the level
// ("invalid_team_kind"), a target county exactly for cross-inspection ("invalid_target").
Status ValidateTeam(const Team& t, const Campaign& c);
// A cross-inspection team never inspects its own county ("own_county").
Status CheckCrossTarget(const std::string& dispatching_org_id, const std::string& target_org_id);
// Experts must be users of role expert ("not_an_expert"), members inspectors, bureau officers or
// experts ("invalid_member").
Status CheckMemberRole(Role r, bool as_expert);

}  // namespace anxiao::domain
