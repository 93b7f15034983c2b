#include "store/sql/campaign_queries.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/canonical_json.hpp"
#include "store/sql/rows.hpp"

namespace anxiao::store {
namespace {

using domain::Value;

using namespace rows;  // NOLINT: the shared row helpers

constexpr const char* kCampaignCols =
    "id, owner_org_id, owner_path, scope_org_id, scope_path, name, start_date, end_date, modes, checklists, state, "
    "created_by, created_at, closed_at, closed_by, version";
domain::Campaign CampaignFromRow(const SqlRow& r) {
  domain::Campaign c;
  c.id = S(r[0]);
  c.owner_org_id = S(r[1]);
  c.owner_path = S(r[2]);
  c.scope_org_id = S(r[3]);
  c.scope_path = S(r[4]);
  c.name = S(r[5]);
  c.start_date = DateOr(S(r[6]));
  c.end_date = DateOr(S(r[7]));
  c.modes = domain::SplitModes(S(r[8]));
  c.checklists = domain::SplitIds(S(r[9]));
  c.state = domain::ParseCampaignState(S(r[10])).value_or(domain::CampaignState::kOpen);
  c.created_by = S(r[11]);
  c.created_at = S(r[12]);
  c.closed_at = S(r[13]);
  c.closed_by = S(r[14]);
  c.version = I(r[15]);
  return c;
}

constexpr const char* kTeamCols =
    "id, campaign_id, org_id, org_path, level, kind, name, leader_name, leader_rank, members, experts, target_org_id, "
    "schools, start_date, end_date, rounds, created_by, version";
domain::Team TeamFromRow(const SqlRow& r) {
  domain::Team t;
  t.id = S(r[0]);
  t.campaign_id = S(r[1]);
  t.org_id = S(r[2]);
  t.org_path = S(r[3]);
  t.level = domain::ParseTeamLevel(S(r[4])).value_or(domain::TeamLevel::kCounty);
  t.kind = domain::ParseTeamKind(S(r[5])).value_or(domain::TeamKind::kCountyCensus);
  t.name = S(r[6]);
  t.leader_name = S(r[7]);
  t.leader_rank = S(r[8]);
  t.members = domain::SplitIds(S(r[9]));
  t.experts = domain::SplitIds(S(r[10]));
  t.target_org_id = S(r[11]);
  t.schools = domain::SplitIds(S(r[12]));
  t.start_date = DateOr(S(r[13]));
  t.end_date = DateOr(S(r[14]));
  t.rounds = I(r[15]);
  t.created_by = S(r[16]);
  t.version = I(r[17]);
  return t;
}

constexpr const char* kTemplateCols =
    "id, owner_org_id, owner_path, name, category, current_version, copied_from, created_by, version";
domain::ChecklistTemplate TemplateFromRow(const SqlRow& r) {
  domain::ChecklistTemplate t;
  t.id = S(r[0]);
  t.owner_org_id = S(r[1]);
  t.owner_path = S(r[2]);
  t.name = S(r[3]);
  t.category = domain::ParseHazardCategory(S(r[4])).value_or(domain::HazardCategory::kOther);
  t.current_version = I(r[5]);
  t.copied_from = S(r[6]);
  t.created_by = S(r[7]);
  t.version = I(r[8]);
  return t;
}

constexpr const char* kInspectionCols =
    "id, campaign_id, team_id, school_id, school_path, county_path, inspecting_org_id, inspecting_path, source, "
    "external_body, template_id, template_version, unannounced, self_inspection, state, planned_date, due_date, round, "
    "inspectors, previous_id, checked_in_at, checked_in_by, latitude, longitude, feedback, submitted_at, submitted_by, "
    "amend_count, created_by, created_at, version";
domain::Inspection InspectionFromRow(const SqlRow& r) {
  domain::Inspection i;
  i.id = S(r[0]);
  i.campaign_id = S(r[1]);
  i.team_id = S(r[2]);
  i.school_id = S(r[3]);
  i.school_path = S(r[4]);
  i.county_path = S(r[5]);
  i.inspecting_org_id = S(r[6]);
  i.inspecting_path = S(r[7]);
  i.source = domain::ParseHazardSource(S(r[8])).value_or(domain::HazardSource::kCountyCensus);
  i.external_body = S(r[9]);
  i.template_id = S(r[10]);
  i.template_version = I(r[11]);
  i.unannounced = I(r[12]) != 0;
  i.self_inspection = I(r[13]) != 0;
  i.state = domain::ParseInspectionState(S(r[14])).value_or(domain::InspectionState::kPlanned);
  i.planned_date = DateOr(S(r[15]));
  if (!S(r[16]).empty()) i.due_date = DateOr(S(r[16]));
  i.round = I(r[17]);
  i.inspectors = S(r[18]);
  i.previous_id = S(r[19]);
  i.checked_in_at = S(r[20]);
  i.checked_in_by = S(r[21]);
  i.latitude = S(r[22]);
  i.longitude = S(r[23]);
  i.feedback = S(r[24]);
  i.submitted_at = S(r[25]);
  i.submitted_by = S(r[26]);
  i.amend_count = I(r[27]);
  i.created_by = S(r[28]);
  i.created_at = S(r[29]);
  i.version = I(r[30]);
  return i;
}

// domain::VisibleTo in SQL; appends its parameters.
std::string VisibleClause(const std::string& scope, const std::string& viewer_id, std::vector<Value>* params) {
  params->insert(params->end(), {scope, PrefixEnd(scope), "%," + viewer_id + ",%", scope, PrefixEnd(scope)});
  return "((inspecting_path >= ? AND inspecting_path < ?) OR inspectors LIKE ? OR "
         "(school_path >= ? AND school_path < ? AND (unannounced = 0 OR state <> 'planned')))";
}

}  // namespace

Result<std::optional<domain::Campaign>> CampaignQueries::FindCampaign(const std::string& id) {
  return One<domain::Campaign>(c_, std::string("SELECT ") + kCampaignCols + " FROM campaign WHERE id = ?", {id},
                               CampaignFromRow);
}

Result<domain::PageOf<domain::Campaign>> CampaignQueries::ListCampaigns(const std::string& scope,
                                                                        const domain::PageRequest& page) {
  return Page<domain::Campaign>(c_, kCampaignCols,
                                "campaign WHERE (owner_path >= ? AND owner_path < ?) OR "
                                "substr(?, 1, length(scope_path)) = scope_path",
                                {scope, PrefixEnd(scope), scope}, "start_date DESC, id", page, CampaignFromRow);
}

Result<std::optional<domain::Team>> CampaignQueries::FindTeam(const std::string& id) {
  return One<domain::Team>(c_, std::string("SELECT ") + kTeamCols + " FROM team WHERE id = ?", {id}, TeamFromRow);
}

Result<domain::PageOf<domain::Team>> CampaignQueries::ListTeams(const std::string& campaign_id,
                                                                const std::string& under, const std::string& member_id,
                                                                const domain::PageRequest& page) {
  const std::string like = "%," + member_id + ",%";
  return Page<domain::Team>(c_, kTeamCols,
                            "team WHERE campaign_id = ? AND ((org_path >= ? AND org_path < ?) OR members LIKE ? OR "
                            "experts LIKE ?)",
                            {campaign_id, under, PrefixEnd(under), like, like},
                            "CASE level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, org_path, created_at, id",
                            page, TeamFromRow);
}

Result<std::optional<domain::ChecklistTemplate>> CampaignQueries::FindChecklistTemplate(const std::string& id) {
  return One<domain::ChecklistTemplate>(
      c_, std::string("SELECT ") + kTemplateCols + " FROM checklist_template WHERE id = ?", {id}, TemplateFromRow);
}

Result<domain::PageOf<domain::ChecklistTemplate>> CampaignQueries::ListChecklistTemplates(
    const domain::PageRequest& page) {
  return Page<domain::ChecklistTemplate>(c_, kTemplateCols, "checklist_template", {}, "created_at, id", page,
                                         TemplateFromRow);
}

Result<std::optional<domain::ChecklistVersion>> CampaignQueries::FindChecklistVersion(const std::string& template_id,
                                                                                      std::int64_t n) {
  std::optional<domain::ChecklistVersion> out;
  TRY_STATUS(
      c_.QueryEach("SELECT template_id, number, items, note, created_by, created_at FROM checklist_version "
                   "WHERE template_id = ? AND number = ?",
                   {template_id, n}, [&](const SqlRow& r) -> Status {
                     domain::ChecklistVersion v;
                     v.template_id = S(r[0]);
                     v.number = I(r[1]);
                     TRY_ASSIGN(auto j, ParseJson(S(r[2])));
                     TRY_ASSIGN(v.items, domain::ItemsFromJson(j));
                     v.note = S(r[3]);
                     v.created_by = S(r[4]);
                     v.created_at = S(r[5]);
                     out = std::move(v);
                     return {};
                   }));
  return out;
}

Result<std::optional<domain::Inspection>> CampaignQueries::FindInspection(const std::string& id) {
  return One<domain::Inspection>(c_, std::string("SELECT ") + kInspectionCols + " FROM inspection WHERE id = ?", {id},
                                 InspectionFromRow);
}

Result<domain::PageOf<domain::Inspection>> CampaignQueries::SearchInspections(const domain::InspectionFilter& f) {
  std::vector<Value> params;
  std::string where = "inspection WHERE " + VisibleClause(f.viewer_scope, f.viewer_id, &params);
  auto eq = [&](const char* col, const std::string& v) {
    if (v.empty()) return;
    where += std::string(" AND ") + col + " = ?";
    params.push_back(v);
  };
  eq("campaign_id", f.campaign_id);
  eq("team_id", f.team_id);
  eq("school_id", f.school_id);
  if (!f.under_path.empty()) {
    where += " AND school_path >= ? AND school_path < ?";
    params.push_back(f.under_path);
    params.push_back(PrefixEnd(f.under_path));
  }
  if (f.state) eq("state", std::string(domain::Name(*f.state)));
  if (f.self_inspection) {
    where += " AND self_inspection = ?";
    params.push_back(std::int64_t{*f.self_inspection ? 1 : 0});
  }
  if (f.mine) {
    // The system actor and an empty id are on no plan.
    const std::string like = "%," + f.viewer_id + ",%";
    where +=
        " AND ? <> '' AND (inspectors LIKE ? OR team_id IN (SELECT id FROM team WHERE members LIKE ? OR "
        "experts LIKE ?))";
    params.insert(params.end(), {f.viewer_id, like, like, like});
  }
  return Page<domain::Inspection>(c_, kInspectionCols, where, params, "planned_date, school_path, id", f.page,
                                  InspectionFromRow);
}

Result<std::vector<domain::ItemRecord>> CampaignQueries::InspectionItems(const std::string& inspection_id) {
  std::vector<domain::ItemRecord> out;
  TRY_STATUS(
      c_.QueryEach("SELECT inspection_id, code, result, note, photos, hazard_id, recorded_by, recorded_at, version "
                   "FROM inspection_item WHERE inspection_id = ? ORDER BY code",
                   {inspection_id}, [&](const SqlRow& r) -> Status {
                     domain::ItemRecord it;
                     it.inspection_id = S(r[0]);
                     it.code = S(r[1]);
                     // Carried hazards not yet re-checked have no result (version 0).
                     it.result = domain::ParseItemResult(S(r[2])).value_or(domain::ItemResult::kPass);
                     it.note = S(r[3]);
                     TRY_ASSIGN(auto photos, ParseJson(S(r[4])));
                     if (photos.is_array())
                       for (const auto& p : photos)
                         if (p.is_string()) it.photos.push_back(p.get<std::string>());
                     it.hazard_id = S(r[5]);
                     it.recorded_by = S(r[6]);
                     it.recorded_at = S(r[7]);
                     it.version = I(r[8]);
                     out.push_back(std::move(it));
                     return {};
                   }));
  return out;
}

Result<std::vector<domain::Signature>> CampaignQueries::InspectionSignatures(const std::string& inspection_id) {
  std::vector<domain::Signature> out;
  TRY_STATUS(
      c_.QueryEach("SELECT signatures FROM inspection WHERE id = ?", {inspection_id}, [&](const SqlRow& r) -> Status {
        TRY_ASSIGN(auto j, ParseJson(S(r[0])));
        if (!j.is_array()) return Fail(Corrupt("inspection " + inspection_id + " signatures are not an array"));
        for (const auto& s : j) {
          domain::Signature sig;
          sig.role = domain::ParseSignerRole(s.value("role", "")).value_or(domain::SignerRole::kInspector);
          sig.name = s.value("name", "");
          sig.at = s.value("at", "");
          out.push_back(std::move(sig));
        }
        return {};
      }));
  return out;
}

Result<domain::CampaignFigures> CampaignQueries::FigureCampaign(const domain::Campaign& c, const std::string& under,
                                                                Date today, bool count_hidden_plans) {
  domain::CampaignFigures f;
  const std::string end = PrefixEnd(under);
  // The figures as of `today`: inspections submitted and hazards found by the end of that day
  // (China Standard Time), so that a report's period end holds for every figure, not just some.
  const std::string asof = FormatDate(today), cutoff = FormatIso(EndOfChinaDay(today));
  TRY_STATUS(
      c_.QueryEach("SELECT level, count(*) FROM team WHERE campaign_id = ? AND org_path >= ? AND org_path < ? "
                   "GROUP BY level",
                   {c.id, under, end}, [&](const SqlRow& r) -> Status {
                     const auto n = I(r[1]);
                     f.teams += n;
                     if (S(r[0]) == "province") f.teams_province = n;
                     if (S(r[0]) == "city") f.teams_city = n;
                     if (S(r[0]) == "county") f.teams_county = n;
                     return {};
                   }));
  // Assigned schools and experts are id lists on the team row: a campaign has at most a few
  // thousand teams, so they are counted here rather than in SQL.
  {
    std::map<std::string, std::set<std::string>> by_kind;
    std::set<std::string> all, experts;
    TRY_STATUS(
        c_.QueryEach("SELECT kind, schools, experts FROM team WHERE campaign_id = ? AND org_path >= ? AND "
                     "org_path < ?",
                     {c.id, under, end}, [&](const SqlRow& r) -> Status {
                       ++f.teams_by_kind[S(r[0])];
                       auto& k = by_kind[S(r[0])];
                       for (auto& s : domain::SplitIds(S(r[1]))) {
                         k.insert(s);
                         all.insert(std::move(s));
                       }
                       for (auto& e : domain::SplitIds(S(r[2]))) experts.insert(std::move(e));
                       return {};
                     }));
    // Per kind: the schools the area's teams of that kind cover, wherever they are (a county's
    // cross-inspection team inspects another county). The total is a share of the schools in
    // scope, so it counts each school of the area once: a school outside (the cross-inspected
    // county's) is not one of the area's schools.
    for (const auto& [kind, schools] : by_kind) f.schools_by_kind[kind] = static_cast<std::int64_t>(schools.size());
    const std::vector<std::string> ids(all.begin(), all.end());
    constexpr std::size_t kChunk = 500;
    for (std::size_t i = 0; i < ids.size(); i += kChunk) {
      std::string sql = "SELECT count(*) FROM school WHERE path >= ? AND path < ? AND id IN (";
      std::vector<Value> params{under, end};
      for (std::size_t j = i; j < std::min(ids.size(), i + kChunk); ++j) {
        sql += j == i ? "?" : ", ?";
        params.push_back(ids[j]);
      }
      sql += ")";
      TRY_STATUS(c_.QueryEach(sql, params, [&](const SqlRow& r) -> Status {
        f.schools_assigned += I(r[0]);
        return {};
      }));
    }
    f.experts = static_cast<std::int64_t>(experts.size());
  }
  TRY_STATUS(
      c_.QueryEach("SELECT source, count(DISTINCT school_id) FROM inspection WHERE campaign_id = ? AND "
                   "state = 'submitted' AND submitted_at < ? AND school_path >= ? AND school_path < ? GROUP BY source",
                   {c.id, cutoff, under, end}, [&](const SqlRow& r) -> Status {
                     f.schools_inspected_by_source[S(r[0])] = I(r[1]);
                     return {};
                   }));
  TRY_STATUS(
      c_.QueryEach("SELECT source, count(*), sum(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) FROM hazard "
                   "WHERE campaign_id = ? AND state <> 'voided' AND found_at <= ? AND path >= ? AND path < ? "
                   "GROUP BY source",
                   {c.id, asof, under, end}, [&](const SqlRow& r) -> Status {
                     f.hazards_found_by_source[S(r[0])] = I(r[1]);
                     f.hazards_closed_by_source[S(r[0])] = I(r[2]);
                     return {};
                   }));
  TRY_STATUS(
      c_.QueryEach("SELECT t.kind, count(*), sum(CASE WHEN h.state = 'closed' THEN 1 ELSE 0 END) FROM hazard h "
                   "JOIN inspection i ON i.id = h.inspection_id JOIN team t ON t.id = i.team_id WHERE "
                   "h.campaign_id = ? AND h.state <> 'voided' AND h.found_at <= ? AND h.path >= ? AND h.path < ? "
                   "GROUP BY t.kind",
                   {c.id, asof, under, end}, [&](const SqlRow& r) -> Status {
                     f.hazards_found_by_team_kind[S(r[0])] = I(r[1]);
                     f.hazards_closed_by_team_kind[S(r[0])] = I(r[2]);
                     return {};
                   }));
  TRY_STATUS(
      c_.QueryEach("SELECT t.kind, count(DISTINCT i.school_id), max(i.round) FROM inspection i JOIN team t ON "
                   "t.id = i.team_id WHERE i.campaign_id = ? AND i.state = 'submitted' AND i.submitted_at < ? AND "
                   "i.school_path >= ? AND i.school_path < ? GROUP BY t.kind",
                   {c.id, cutoff, under, end}, [&](const SqlRow& r) -> Status {
                     f.schools_inspected_by_team_kind[S(r[0])] = I(r[1]);
                     f.rounds_by_team_kind[S(r[0])] = I(r[2]);
                     return {};
                   }));
  TRY_STATUS(
      c_.QueryEach("SELECT source, max(round) FROM inspection WHERE campaign_id = ? AND state = 'submitted' AND "
                   "submitted_at < ? AND school_path >= ? AND school_path < ? GROUP BY source",
                   {c.id, cutoff, under, end}, [&](const SqlRow& r) -> Status {
                     f.rounds_by_source[S(r[0])] = I(r[1]);
                     return {};
                   }));
  TRY_STATUS(
      c_.QueryEach("SELECT count(*), sum(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) FROM hazard "
                   "WHERE campaign_id = ? AND state <> 'voided' AND risk_rank = 0 AND found_at <= ? AND path >= ? "
                   "AND path < ?",
                   {c.id, asof, under, end}, [&](const SqlRow& r) -> Status {
                     f.red_found = I(r[0]);
                     f.red_closed = I(r[1]);
                     return {};
                   }));
  TRY_STATUS(c_.QueryEach("SELECT count(*) FROM school WHERE path >= ? AND path < ?", {under, end},
                          [&](const SqlRow& r) -> Status {
                            f.schools_in_scope = I(r[0]);
                            return {};
                          }));
  // The state of each inspection at the cutoff: one submitted or checked in later was then still
  // in progress or planned. Whether a plan is hidden depends on its state now.
  TRY_STATUS(
      c_.QueryEach("SELECT CASE WHEN state = 'submitted' AND submitted_at < ? THEN 'submitted' "
                   "WHEN state IN ('submitted', 'in_progress') AND checked_in_at < ? THEN 'in_progress' "
                   "WHEN state IN ('submitted', 'in_progress') THEN 'planned' ELSE state END AS st, self_inspection, "
                   "CASE WHEN unannounced <> 0 AND state = 'planned' THEN 1 ELSE 0 END, count(*) FROM inspection WHERE "
                   "campaign_id = ? AND school_path >= ? AND school_path < ? GROUP BY 1, 2, 3",
                   {cutoff, cutoff, c.id, under, end}, [&](const SqlRow& r) -> Status {
                     const std::string state = S(r[0]);
                     const bool self = I(r[1]) != 0, hidden = I(r[2]) != 0;
                     const auto n = I(r[3]);
                     if (self) {
                       f.self_assigned += n;
                       if (state == "submitted") f.self_submitted += n;
                     }
                     if (state == "submitted") f.inspections_done += n;
                     if (state == "in_progress") f.inspections_in_progress += n;
                     if (state == "planned" && (!hidden || count_hidden_plans)) f.inspections_planned += n;
                     return {};
                   }));
  TRY_STATUS(
      c_.QueryEach("SELECT count(DISTINCT school_id) FROM inspection WHERE campaign_id = ? AND state = 'submitted' "
                   "AND submitted_at < ? AND school_path >= ? AND school_path < ?",
                   {c.id, cutoff, under, end}, [&](const SqlRow& r) -> Status {
                     f.schools_inspected = I(r[0]);
                     return {};
                   }));
  TRY_STATUS(
      c_.QueryEach("SELECT count(*), sum(CASE WHEN state = 'closed' THEN 1 ELSE 0 END), "
                   "sum(CASE WHEN state IN ('registered', 'planned', 'rectifying') AND deadline < ? THEN 1 ELSE 0 END) "
                   "FROM hazard WHERE campaign_id = ? AND state <> 'voided' AND found_at <= ? AND path >= ? AND "
                   "path < ?",
                   {asof, c.id, asof, under, end}, [&](const SqlRow& r) -> Status {
                     f.hazards_found = I(r[0]);
                     f.hazards_closed = I(r[1]);
                     f.hazards_overdue = I(r[2]);
                     return {};
                   }));
  return f;
}

Result<std::vector<domain::SelfInspectionProgress>> CampaignQueries::SelfInspectionProgressOf(
    const std::string& campaign_id, const std::string& under, Date today) {
  std::vector<domain::SelfInspectionProgress> out;
  TRY_STATUS(c_.QueryEach(
      "SELECT county_path, count(*), sum(CASE WHEN state = 'submitted' THEN 1 ELSE 0 END), "
      "sum(CASE WHEN state = 'in_progress' THEN 1 ELSE 0 END), "
      "sum(CASE WHEN state <> 'submitted' AND due_date <> '' AND due_date < ? THEN 1 ELSE 0 END) "
      "FROM inspection WHERE campaign_id = ? AND self_inspection = 1 AND school_path >= ? AND school_path < ? "
      "GROUP BY county_path ORDER BY county_path",
      {FormatDate(today), campaign_id, under, PrefixEnd(under)}, [&](const SqlRow& r) -> Status {
        out.push_back(domain::SelfInspectionProgress{S(r[0]), I(r[1]), I(r[2]), I(r[3]), I(r[4])});
        return {};
      }));
  return out;
}

Result<std::vector<domain::SelfCheckMisses>> CampaignQueries::SelfInspectionMisses(
    const std::vector<std::string>& prefixes, Date as_of, const std::string& campaign_id) {
  std::vector<domain::SelfCheckMisses> out(prefixes.size());
  if (prefixes.empty()) return out;
  // The widest prefix holds all the others (callers pass a node and its children); one query lists
  // its clean schools with what outside inspections found there, and each row counts for every
  // prefix above its school.
  std::string widest = prefixes[0];
  for (const auto& p : prefixes) {
    if (p.size() < widest.size()) widest = p;
  }
  const std::string day = FormatDate(as_of);
  // Submitted by the end of `as_of` in China Standard Time: before 16:00 UTC that day.
  const std::string cutoff = day + "T16:00:00.000Z";
  const std::string camp = campaign_id.empty() ? "" : " AND h.campaign_id = ?";
  std::vector<Value> params{day};
  if (!campaign_id.empty()) params.push_back(campaign_id);
  params.insert(params.end(), {cutoff, widest, PrefixEnd(widest)});
  if (!campaign_id.empty()) params.push_back(campaign_id);
  params.push_back(day);
  if (!campaign_id.empty()) params.push_back(campaign_id);
  TRY_STATUS(c_.QueryEach(
      "SELECT s.school_path, (SELECT count(*) FROM hazard h WHERE h.school_id = s.school_id AND h.source <> 'self' "
      "AND h.state <> 'voided' AND h.found_at <= ?" +
          camp +
          ") FROM (SELECT school_id, min(school_path) AS school_path FROM inspection WHERE self_inspection = 1 "
          "AND state = 'submitted' AND submitted_at < ? AND school_path >= ? AND school_path < ?" +
          (campaign_id.empty() ? std::string() : std::string(" AND campaign_id = ?")) +
          " GROUP BY school_id) s WHERE NOT EXISTS (SELECT 1 FROM hazard h WHERE h.school_id = s.school_id "
          "AND h.source = 'self' AND h.state <> 'voided' AND h.found_at <= ?" +
          camp + ")",
      params, [&](const SqlRow& r) -> Status {
        const std::string& path = S(r[0]);
        const std::int64_t found = I(r[1]);
        for (std::size_t i = 0; i < prefixes.size(); ++i) {
          if (path.compare(0, prefixes[i].size(), prefixes[i]) != 0) continue;
          out[i].clean_schools += 1;
          out[i].missed_schools += found > 0 ? 1 : 0;
          out[i].missed_hazards += found;
        }
        return {};
      }));
  return out;
}

Result<std::vector<std::string>> CampaignQueries::OpenHazardIdsOfInspection(const std::string& inspection_id) {
  std::vector<std::string> out;
  TRY_STATUS(
      c_.QueryEach("SELECT id FROM hazard WHERE inspection_id = ? AND state NOT IN ('closed', 'voided') "
                   "ORDER BY number",
                   {inspection_id}, [&](const SqlRow& r) -> Status {
                     out.push_back(S(r[0]));
                     return {};
                   }));
  return out;
}

}  // namespace anxiao::store
