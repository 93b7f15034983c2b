#include "domain/campaign.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "base/strings.hpp"
#include "domain/enum_names.hpp"
#include "domain/org.hpp"

namespace anxiao::domain {
namespace {

constexpr std::array<std::pair<CampaignMode, std::string_view>, 9> kModes{{
    {CampaignMode::kCitySupervision, "city_supervision"},
    {CampaignMode::kCityDirect, "city_direct"},
    {CampaignMode::kCountyCensus, "county_census"},
    {CampaignMode::kCrossInspection, "cross_inspection"},
    {CampaignMode::kResident, "resident"},
    {CampaignMode::kThematic, "thematic"},
    {CampaignMode::kProvincial, "provincial"},
    {CampaignMode::kUnannounced, "unannounced"},
    {CampaignMode::kOtherDepartment, "other_department"},
}};
constexpr std::array<std::pair<CampaignState, std::string_view>, 2> kCampaignStates{{
    {CampaignState::kOpen, "open"},
    {CampaignState::kClosed, "closed"},
}};
constexpr std::array<std::pair<TeamLevel, std::string_view>, 3> kLevels{{
    {TeamLevel::kProvince, "province"},
    {TeamLevel::kCity, "city"},
    {TeamLevel::kCounty, "county"},
}};
constexpr std::array<std::pair<TeamKind, std::string_view>, 7> kKinds{{
    {TeamKind::kCitySupervision, "city_supervision"},
    {TeamKind::kCityDirect, "city_direct"},
    {TeamKind::kCountyCensus, "county_census"},
    {TeamKind::kCrossInspection, "cross_inspection"},
    {TeamKind::kResident, "resident"},
    {TeamKind::kThematic, "thematic"},
    {TeamKind::kProvincial, "provincial"},
}};

Status TextLen(const std::string& s, const char* field, std::size_t lo, std::size_t hi, const char* slug) {
  if (!IsValidUtf8(s)) return Fail(InvalidInput("invalid_text", std::string(field) + " is not valid UTF-8", field));
  auto n = Utf8Length(TrimAscii(s));
  if (n < lo || n > hi)
    return Fail(InvalidInput(
        slug, std::string(field) + " must be " + std::to_string(lo) + " to " + std::to_string(hi) + " characters",
        field));
  return {};
}

template <typename T>
bool HasDuplicates(const std::vector<T>& v) {
  std::set<T> seen(v.begin(), v.end());
  return seen.size() != v.size();
}

}  // namespace

std::string_view Name(CampaignMode m) { return NameIn(kModes, m); }
std::string_view Name(CampaignState s) { return NameIn(kCampaignStates, s); }
std::string_view Name(TeamLevel l) { return NameIn(kLevels, l); }
std::string_view Name(TeamKind k) { return NameIn(kKinds, k); }
std::optional<CampaignMode> ParseCampaignMode(std::string_view s) { return LookupName(kModes, s); }
std::optional<CampaignState> ParseCampaignState(std::string_view s) { return LookupName(kCampaignStates, s); }
std::optional<TeamLevel> ParseTeamLevel(std::string_view s) { return LookupName(kLevels, s); }
std::optional<TeamKind> ParseTeamKind(std::string_view s) { return LookupName(kKinds, s); }

std::string JoinModes(const std::vector<CampaignMode>& modes) {
  std::string out;
  for (auto m : modes) out += (out.empty() ? "" : ",") + std::string(Name(m));
  return out;
}

std::vector<CampaignMode> SplitModes(const std::string& s) {
  std::vector<CampaignMode> out;
  for (const auto& part : Split(s, ','))
    if (auto m = ParseCampaignMode(part)) out.push_back(*m);
  return out;
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out = ",";
  for (const auto& id : ids) out += id + ",";
  return out;
}

std::vector<std::string> SplitIds(const std::string& s) {
  std::vector<std::string> out;
  for (auto& part : Split(s, ','))
    if (!part.empty()) out.push_back(part);
  return out;
}

Status ValidateCampaignDraft(const CampaignDraft& d) {
  TRY_STATUS(TextLen(d.name, "name", 2, 60, "invalid_name"));
  if (d.end_date < d.start_date)
    return Fail(InvalidInput("invalid_period", "the campaign cannot end before it starts", "end_date"));
  if (DaysFromCivil(d.end_date) - DaysFromCivil(d.start_date) > 2 * 366)
    return Fail(InvalidInput("invalid_period", "a campaign lasts at most two years", "end_date"));
  if (d.modes.empty())
    return Fail(InvalidInput("missing_field", "a campaign needs at least one inspection mode", "modes"));
  if (HasDuplicates(d.modes)) return Fail(InvalidInput("duplicate_value", "modes are listed twice", "modes"));
  if (d.checklists.size() > 40) return Fail(InvalidInput("invalid_checklists", "at most 40 checklists", "checklists"));
  if (HasDuplicates(d.checklists))
    return Fail(InvalidInput("duplicate_value", "a checklist is listed twice", "checklists"));
  return {};
}

Status AuthoriseCampaignWrite(const Actor& a, const std::string& owner_path) {
  if ((a.role == Role::kAdmin || a.role == Role::kBureauOfficer) && IsUnder(owner_path, a.scope_path)) return {};
  return Fail(Error(ErrorCode::kForbidden, "campaign_forbidden",
                    "only administrators and the owning bureau run campaigns and their teams"));
}

bool CampaignVisibleTo(const Campaign& c, const Actor& a) {
  return IsUnder(c.owner_path, a.scope_path) || IsUnder(a.scope_path, c.scope_path);
}

Status CheckCampaignOpen(const Campaign& c) {
  if (c.state == CampaignState::kClosed) return Fail(Conflict("campaign_closed", "the campaign is closed"));
  return {};
}

bool Team::HasMember(const std::string& user_id) const {
  return std::find(members.begin(), members.end(), user_id) != members.end() ||
         std::find(experts.begin(), experts.end(), user_id) != experts.end();
}

bool KindFitsLevel(TeamKind k, TeamLevel l) {
  switch (k) {
    case TeamKind::kProvincial: return l == TeamLevel::kProvince;
    case TeamKind::kCitySupervision:
    case TeamKind::kCityDirect: return l == TeamLevel::kCity;
    case TeamKind::kCountyCensus:
    case TeamKind::kCrossInspection: return l == TeamLevel::kCounty;
    case TeamKind::kResident:
    case TeamKind::kThematic: return true;
  }
  return false;
}

Status ValidateTeam(const Team& t, const Campaign& c) {
  TRY_STATUS(TextLen(t.name, "name", 1, 40, "invalid_name"));
  TRY_STATUS(TextLen(t.leader_name, "leader_name", 1, 40, "invalid_person_name"));
  TRY_STATUS(TextLen(t.leader_rank, "leader_rank", 0, 20, "invalid_rank"));
  if (!KindFitsLevel(t.kind, t.level))
    return Fail(InvalidInput(
        "invalid_team_kind",
        "a " + std::string(Name(t.kind)) + " team cannot be dispatched at " + std::string(Name(t.level)) + " level",
        "kind"));
  if (t.members.size() > 30) return Fail(InvalidInput("invalid_members", "at most 30 members", "members"));
  if (t.experts.size() > 20) return Fail(InvalidInput("invalid_members", "at most 20 experts", "experts"));
  if (t.schools.size() > 500) return Fail(InvalidInput("invalid_schools", "at most 500 schools per team", "schools"));
  if (HasDuplicates(t.members)) return Fail(InvalidInput("duplicate_value", "a member is listed twice", "members"));
  if (HasDuplicates(t.experts)) return Fail(InvalidInput("duplicate_value", "an expert is listed twice", "experts"));
  for (const auto& e : t.experts)
    if (std::find(t.members.begin(), t.members.end(), e) != t.members.end())
      return Fail(InvalidInput("duplicate_value", "an expert is also listed as a member", "experts"));
  if (HasDuplicates(t.schools)) return Fail(InvalidInput("duplicate_value", "a school is listed twice", "schools"));
  if (t.rounds < 1 || t.rounds > 12) return Fail(InvalidInput("invalid_rounds", "rounds must be 1 to 12", "rounds"));
  if (t.end_date < t.start_date)
    return Fail(InvalidInput("invalid_period", "the team cannot finish before it starts", "end_date"));
  if (t.start_date < c.start_date || t.end_date > c.end_date)
    return Fail(InvalidInput(
        "invalid_period",
        "team dates must lie within the campaign, " + FormatDate(c.start_date) + " to " + FormatDate(c.end_date),
        "start_date"));
  const bool cross = t.kind == TeamKind::kCrossInspection;
  if (cross && t.target_org_id.empty())
    return Fail(
        InvalidInput("invalid_target", "a cross-inspection team needs the county it inspects", "target_org_id"));
  if (!cross && !t.target_org_id.empty())
    return Fail(InvalidInput("invalid_target", "only cross-inspection teams have a target county", "target_org_id"));
  return {};
}

Status CheckCrossTarget(const std::string& dispatching_org_id, const std::string& target_org_id) {
  if (dispatching_org_id == target_org_id)
    return Fail(InvalidInput("own_county", "a county never inspects itself in a cross-inspection", "target_org_id"));
  return {};
}

Status CheckMemberRole(Role r, bool as_expert) {
  if (as_expert) {
    if (r != Role::kExpert)
      return Fail(InvalidInput("not_an_expert", "external experts must be users of role expert", "experts"));
    return {};
  }
  if (r == Role::kInspector || r == Role::kBureauOfficer || r == Role::kExpert) return {};
  return Fail(InvalidInput("invalid_member", "team members must be inspectors, bureau officers or experts", "members"));
}

}  // namespace anxiao::domain
