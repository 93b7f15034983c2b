#include "app/campaigns.hpp"

#include <set>

#include "base/strings.hpp"
#include "domain/checklist_catalog.hpp"
#include "domain/inspection.hpp"
#include "domain/payload_fields.hpp"

namespace anxiao::app {
namespace {

using domain::Actor;
using domain::Campaign;
using domain::IdsJson;

Json DraftJson(const domain::CampaignDraft& d) {
  return Json{{"name", std::string(TrimAscii(d.name))},
              {"start_date", FormatDate(d.start_date)},
              {"end_date", FormatDate(d.end_date)},
              {"modes", domain::JoinModes(d.modes)},
              {"checklists", IdsJson(d.checklists)}};
}

// An org in the caller's scope that can own campaigns and dispatch teams (not a school).
Result<domain::Org> BureauOrg(domain::ReadView& v, const Actor& a, const std::string& org_id) {
  const std::string id = org_id.empty() ? a.scope_org_id : org_id;
  TRY_ASSIGN(auto o, v.FindOrg(id));
  if (!o || !domain::IsUnder(o->path, a.scope_path)) return Fail(NotFound("org " + id));
  if (o->kind == domain::OrgKind::kSchool)
    return Fail(
        InvalidInput("invalid_org", "campaigns and teams belong to a province, city or county bureau", "org_id"));
  return *o;
}

Status CheckChecklistsExist(domain::ReadView& v, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    TRY_ASSIGN(auto t, v.FindChecklistTemplate(id));
    if (!t) return Fail(InvalidInput("unknown_checklist", "checklist " + id + " does not exist", "checklists"));
  }
  return {};
}

// Loads a campaign the caller may see (else kNotFound).
Result<Campaign> Visible(domain::ReadView& v, const Actor& a, const std::string& id) {
  TRY_ASSIGN(auto c, v.FindCampaign(id));
  if (!c || !domain::CampaignVisibleTo(*c, a)) return Fail(NotFound("campaign " + id));
  return *c;
}

// The narrower of the campaign scope and the caller's scope: the part of the figures it may see.
std::string FigureScope(const Campaign& c, const Actor& a) {
  return domain::IsUnder(a.scope_path, c.scope_path) ? a.scope_path : c.scope_path;
}

}  // namespace

Result<Campaign> Campaigns::CreateIn(domain::WriteTx& tx, const Actor& a, const std::string& owner_org_id,
                                     const domain::CampaignDraft& d, const std::string& scope_org_id) {
  TRY_STATUS(domain::ValidateCampaignDraft(d));
  TRY_ASSIGN(auto owner, BureauOrg(tx, a, owner_org_id));
  TRY_STATUS(domain::AuthoriseCampaignWrite(a, owner.path));
  TRY_STATUS(CheckChecklistsExist(tx, d.checklists));
  domain::Org scope = owner;
  if (!scope_org_id.empty() && scope_org_id != owner.id) {
    TRY_ASSIGN(auto o, tx.FindOrg(scope_org_id));
    if (!o || !domain::IsUnder(o->path, owner.path) || o->kind == domain::OrgKind::kSchool)
      return Fail(
          InvalidInput("invalid_scope", "the scope must be the owner or a city or county under it", "scope_org_id"));
    scope = *o;
  }
  const std::string id = s_.ids.Next("cmp");
  Json p = DraftJson(d);
  p["owner_org_id"] = owner.id;
  p["owner_path"] = owner.path;
  p["scope_org_id"] = scope.id;
  p["scope_path"] = scope.path;
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"campaign.created", id, p}));
  TRY_ASSIGN(auto c, tx.FindCampaign(id));
  if (!c) return Fail(Internal("campaign " + id + " vanished after creation"));
  return *c;
}

Result<Campaign> Campaigns::Create(const Actor& a, const std::string& owner_org_id, const domain::CampaignDraft& d,
                                   const std::string& scope_org_id) {
  return domain::WriteValue<Campaign>(
      s_.store, [&](domain::WriteTx& tx) { return CreateIn(tx, a, owner_org_id, d, scope_org_id); });
}

Result<Campaign> Campaigns::Update(const Actor& a, const std::string& id, std::int64_t v,
                                   const domain::CampaignDraft& d) {
  TRY_STATUS(domain::ValidateCampaignDraft(d));
  return domain::WriteValue<Campaign>(s_.store, [&](domain::WriteTx& tx) -> Result<Campaign> {
    TRY_ASSIGN(auto c, Visible(tx, a, id));
    TRY_STATUS(domain::AuthoriseCampaignWrite(a, c.owner_path));
    if (c.version != v) return Fail(VersionMismatch(c.version, v));
    TRY_STATUS(domain::CheckCampaignOpen(c));
    TRY_STATUS(CheckChecklistsExist(tx, d.checklists));
    Json p = DraftJson(d);
    p["version"] = c.version + 1;
    TRY_STATUS(tx.Append(a.user_id, domain::Event{"campaign.updated", id, p}));
    TRY_ASSIGN(auto after, tx.FindCampaign(id));
    return *after;
  });
}

Result<Campaign> Campaigns::Close(const Actor& a, const std::string& id, std::int64_t v) {
  return domain::WriteValue<Campaign>(s_.store, [&](domain::WriteTx& tx) -> Result<Campaign> {
    TRY_ASSIGN(auto c, Visible(tx, a, id));
    TRY_STATUS(domain::AuthoriseCampaignWrite(a, c.owner_path));
    if (c.version != v) return Fail(VersionMismatch(c.version, v));
    TRY_STATUS(domain::CheckCampaignOpen(c));
    TRY_STATUS(tx.Append(a.user_id, domain::Event{"campaign.closed", id, Json{{"version", c.version + 1}}}));
    TRY_ASSIGN(auto after, tx.FindCampaign(id));
    return *after;
  });
}

Result<Campaign> Campaigns::Find(const Actor& a, const std::string& id) {
  return domain::ReadValue<Campaign>(s_.store, [&](domain::ReadView& v) { return Visible(v, a, id); });
}

Result<CampaignView> Campaigns::Get(const Actor& a, const std::string& id) {
  const Date today = ChinaDateOf(s_.clock.Now());
  return domain::ReadValue<CampaignView>(s_.store, [&](domain::ReadView& v) -> Result<CampaignView> {
    TRY_ASSIGN(auto c, Visible(v, a, id));
    // Only the owner side counts unannounced plans: a county must not learn that a visit is coming.
    const bool owner_side = domain::IsUnder(c.owner_path, a.scope_path);
    TRY_ASSIGN(auto f, v.FigureCampaign(c, FigureScope(c, a), today, owner_side));
    return CampaignView{std::move(c), f, owner_side};
  });
}

Result<domain::PageOf<Campaign>> Campaigns::List(const Actor& a, const domain::PageRequest& page) {
  return domain::ReadValue<domain::PageOf<Campaign>>(
      s_.store, [&](domain::ReadView& v) { return v.ListCampaigns(a.scope_path, page); });
}

namespace {

// The checks a team passes on creation and on every edit: its own fields, its people, its target
// county and its schools (in the team's area: the target county for cross-inspection, else under
// the dispatching org).
Status CheckTeam(domain::ReadView& v, const domain::Team& t, const Campaign& c) {
  TRY_STATUS(domain::ValidateTeam(t, c));
  // Members and experts: existing, enabled users of the right role (experts come from outside the
  // bureau, so their scope is not checked; their organisation is on the user).
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& uid : pass == 0 ? t.members : t.experts) {
      TRY_ASSIGN(auto u, v.FindUser(uid));
      if (!u || u->disabled)
        return Fail(InvalidInput("unknown_user", "user " + uid + " does not exist", pass == 0 ? "members" : "experts"));
      TRY_STATUS(domain::CheckMemberRole(u->role, pass == 1));
    }
  std::string area = t.org_path;
  if (t.kind == domain::TeamKind::kCrossInspection) {
    TRY_STATUS(domain::CheckCrossTarget(t.org_id, t.target_org_id));
    TRY_ASSIGN(auto target, v.FindOrg(t.target_org_id));
    if (!target || target->kind != domain::OrgKind::kCounty || !domain::IsUnder(target->path, c.scope_path))
      return Fail(InvalidInput("invalid_target", "the target must be a county within the campaign", "target_org_id"));
    area = target->path;
  }
  for (const auto& sid : t.schools) {
    TRY_ASSIGN(auto sc, v.FindSchool(sid));
    if (!sc || !domain::IsUnder(sc->path, area))
      return Fail(InvalidInput("invalid_schools", "school " + sid + " is not in the team's area", "schools"));
  }
  return {};
}

// The payload fields a team.created or team.updated carries (projection: TeamFields).
Json TeamPayload(const domain::Team& t) {
  return Json{{"name", t.name},
              {"leader_name", t.leader_name},
              {"leader_rank", t.leader_rank},
              {"members", IdsJson(t.members)},
              {"experts", IdsJson(t.experts)},
              {"target_org_id", t.target_org_id},
              {"schools", IdsJson(t.schools)},
              {"start_date", FormatDate(t.start_date)},
              {"end_date", FormatDate(t.end_date)},
              {"rounds", t.rounds}};
}

}  // namespace

Result<domain::Team> Campaigns::CreateTeamIn(domain::WriteTx& tx, const Actor& a, const NewTeam& in) {
  TRY_ASSIGN(auto c, Visible(tx, a, in.campaign_id));
  TRY_ASSIGN(auto org, BureauOrg(tx, a, in.org_id));
  if (!domain::IsUnder(org.path, c.scope_path))
    return Fail(InvalidInput("invalid_org", "the team's org must lie within the campaign", "org_id"));
  TRY_STATUS(domain::AuthoriseCampaignWrite(a, org.path));
  TRY_STATUS(domain::CheckCampaignOpen(c));
  domain::Team t;
  t.campaign_id = c.id;
  t.org_id = org.id;
  t.org_path = org.path;
  t.level = org.kind == domain::OrgKind::kProvince ? domain::TeamLevel::kProvince
            : org.kind == domain::OrgKind::kCity   ? domain::TeamLevel::kCity
                                                   : domain::TeamLevel::kCounty;
  t.kind = in.kind;
  t.name = std::string(TrimAscii(in.name));
  t.leader_name = std::string(TrimAscii(in.leader_name));
  t.leader_rank = std::string(TrimAscii(in.leader_rank));
  t.members = in.members;
  t.experts = in.experts;
  t.schools = in.schools;
  t.target_org_id = in.target_org_id;
  t.start_date = in.start_date.value_or(c.start_date);
  t.end_date = in.end_date.value_or(c.end_date);
  t.rounds = in.rounds;
  TRY_STATUS(CheckTeam(tx, t, c));
  t.id = s_.ids.Next("team");
  Json p = TeamPayload(t);
  p["campaign_id"] = t.campaign_id;
  p["org_id"] = t.org_id;
  p["org_path"] = t.org_path;
  p["level"] = domain::Name(t.level);
  p["kind"] = domain::Name(t.kind);
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"team.created", t.id, p}));
  TRY_ASSIGN(auto stored, tx.FindTeam(t.id));
  if (!stored) return Fail(Internal("team " + t.id + " vanished after creation"));
  return *stored;
}

Result<domain::Team> Campaigns::UpdateTeam(const Actor& a, const std::string& id, std::int64_t v, const TeamEdit& e) {
  return domain::WriteValue<domain::Team>(s_.store, [&](domain::WriteTx& tx) -> Result<domain::Team> {
    TRY_ASSIGN(auto cur, tx.FindTeam(id));
    if (!cur || !(domain::IsUnder(cur->org_path, a.scope_path) || cur->HasMember(a.user_id)))
      return Fail(NotFound("team " + id));
    TRY_STATUS(domain::AuthoriseCampaignWrite(a, cur->org_path));
    TRY_ASSIGN(auto c, tx.FindCampaign(cur->campaign_id));
    if (!c) return Fail(Corrupt("team " + id + " lost its campaign"));
    if (cur->version != v) return Fail(VersionMismatch(cur->version, v));
    TRY_STATUS(domain::CheckCampaignOpen(*c));
    domain::Team t = *cur;
    if (e.name) t.name = std::string(TrimAscii(*e.name));
    if (e.leader_name) t.leader_name = std::string(TrimAscii(*e.leader_name));
    if (e.leader_rank) t.leader_rank = std::string(TrimAscii(*e.leader_rank));
    if (e.members) t.members = *e.members;
    if (e.experts) t.experts = *e.experts;
    if (e.schools) t.schools = *e.schools;
    if (e.target_org_id) t.target_org_id = *e.target_org_id;
    if (e.start_date) t.start_date = *e.start_date;
    if (e.end_date) t.end_date = *e.end_date;
    if (e.rounds) t.rounds = *e.rounds;
    TRY_STATUS(CheckTeam(tx, t, *c));
    Json p = TeamPayload(t);
    p["version"] = cur->version + 1;
    TRY_STATUS(tx.Append(a.user_id, domain::Event{"team.updated", id, p}));
    TRY_ASSIGN(auto after, tx.FindTeam(id));
    return *after;
  });
}

Result<domain::Team> Campaigns::CreateTeam(const Actor& a, const NewTeam& t) {
  return domain::WriteValue<domain::Team>(s_.store, [&](domain::WriteTx& tx) { return CreateTeamIn(tx, a, t); });
}

Result<domain::Team> Campaigns::GetTeam(const Actor& a, const std::string& id) {
  return domain::ReadValue<domain::Team>(s_.store, [&](domain::ReadView& v) -> Result<domain::Team> {
    TRY_ASSIGN(auto t, v.FindTeam(id));
    if (!t || !(domain::IsUnder(t->org_path, a.scope_path) || t->HasMember(a.user_id)))
      return Fail(NotFound("team " + id));
    return *t;
  });
}

Result<domain::PageOf<domain::Team>> Campaigns::ListTeams(const Actor& a, const std::string& campaign_id,
                                                          const domain::PageRequest& page) {
  return domain::ReadValue<domain::PageOf<domain::Team>>(
      s_.store, [&](domain::ReadView& v) -> Result<domain::PageOf<domain::Team>> {
        TRY_STATUS(Visible(v, a, campaign_id));
        return v.ListTeams(campaign_id, a.scope_path, a.user_id, page);
      });
}

Result<domain::PageOf<domain::ChecklistTemplate>> Campaigns::ListChecklists(const domain::PageRequest& page) {
  return domain::ReadValue<domain::PageOf<domain::ChecklistTemplate>>(
      s_.store, [&](domain::ReadView& v) { return v.ListChecklistTemplates(page); });
}

Result<domain::ChecklistTemplate> Campaigns::GetChecklist(const std::string& id) {
  return domain::ReadValue<domain::ChecklistTemplate>(s_.store,
                                                      [&](domain::ReadView& v) -> Result<domain::ChecklistTemplate> {
                                                        TRY_ASSIGN(auto t, v.FindChecklistTemplate(id));
                                                        if (!t) return Fail(NotFound("checklist " + id));
                                                        return *t;
                                                      });
}

Result<domain::ChecklistVersion> Campaigns::GetChecklistVersion(const std::string& id, std::int64_t number) {
  return domain::ReadValue<domain::ChecklistVersion>(
      s_.store, [&](domain::ReadView& v) -> Result<domain::ChecklistVersion> {
        TRY_ASSIGN(auto t, v.FindChecklistTemplate(id));
        if (!t) return Fail(NotFound("checklist " + id));
        TRY_ASSIGN(auto ver, v.FindChecklistVersion(id, number == 0 ? t->current_version : number));
        if (!ver) return Fail(NotFound("checklist " + id + " version " + std::to_string(number)));
        return *ver;
      });
}

namespace {

Result<std::string> AppendChecklist(domain::WriteTx& tx, IdSource& ids, const std::string& actor,
                                    const domain::Org& owner, const std::string& name, domain::HazardCategory category,
                                    const std::vector<domain::ChecklistItem>& items, const std::string& copied_from,
                                    const std::string& note) {
  const std::string id = ids.Next("ckl");
  TRY_STATUS(tx.Append(actor, domain::Event{"checklist.created", id,
                                            Json{{"owner_org_id", owner.id},
                                                 {"owner_path", owner.path},
                                                 {"name", std::string(TrimAscii(name))},
                                                 {"category", domain::Name(category)},
                                                 {"copied_from", copied_from},
                                                 {"note", note},
                                                 {"items", domain::ItemsToJson(items)}}}));
  return id;
}

}  // namespace

Result<domain::ChecklistTemplate> Campaigns::CreateChecklist(const Actor& a, const std::string& owner_org_id,
                                                             const std::string& name, domain::HazardCategory category,
                                                             const std::vector<domain::ChecklistItem>& items) {
  TRY_STATUS(domain::ValidateChecklistName(name));
  TRY_STATUS(domain::ValidateItems(items));
  return domain::WriteValue<domain::ChecklistTemplate>(
      s_.store, [&](domain::WriteTx& tx) -> Result<domain::ChecklistTemplate> {
        TRY_ASSIGN(auto owner, BureauOrg(tx, a, owner_org_id));
        TRY_STATUS(domain::AuthoriseChecklistWrite(a, owner.path));
        TRY_ASSIGN(auto id, AppendChecklist(tx, s_.ids, a.user_id, owner, name, category, items, "", ""));
        TRY_ASSIGN(auto t, tx.FindChecklistTemplate(id));
        return *t;
      });
}

Result<domain::ChecklistTemplate> Campaigns::NewChecklistVersion(const Actor& a, const std::string& id, std::int64_t v,
                                                                 const std::string& name,
                                                                 const std::vector<domain::ChecklistItem>& items,
                                                                 const std::string& note) {
  TRY_STATUS(domain::ValidateChecklistName(name));
  TRY_STATUS(domain::ValidateItems(items));
  TRY_STATUS(domain::ValidateText(note, "note", 200, false));
  return domain::WriteValue<domain::ChecklistTemplate>(
      s_.store, [&](domain::WriteTx& tx) -> Result<domain::ChecklistTemplate> {
        TRY_ASSIGN(auto t, tx.FindChecklistTemplate(id));
        if (!t) return Fail(NotFound("checklist " + id));
        TRY_STATUS(domain::AuthoriseChecklistWrite(a, t->owner_path));
        if (t->version != v) return Fail(VersionMismatch(t->version, v));
        TRY_STATUS(tx.Append(a.user_id, domain::Event{"checklist.versioned", id,
                                                      Json{{"version", t->version + 1},
                                                           {"number", t->current_version + 1},
                                                           {"name", std::string(TrimAscii(name))},
                                                           {"note", std::string(TrimAscii(note))},
                                                           {"items", domain::ItemsToJson(items)}}}));
        TRY_ASSIGN(auto after, tx.FindChecklistTemplate(id));
        return *after;
      });
}

Result<domain::ChecklistTemplate> Campaigns::CopyChecklist(const Actor& a, const std::string& id, std::int64_t number,
                                                           const std::string& owner_org_id, const std::string& name) {
  if (!name.empty()) TRY_STATUS(domain::ValidateChecklistName(name));
  return domain::WriteValue<domain::ChecklistTemplate>(
      s_.store, [&](domain::WriteTx& tx) -> Result<domain::ChecklistTemplate> {
        TRY_ASSIGN(auto t, tx.FindChecklistTemplate(id));
        if (!t) return Fail(NotFound("checklist " + id));
        const std::int64_t n = number == 0 ? t->current_version : number;
        TRY_ASSIGN(auto ver, tx.FindChecklistVersion(id, n));
        if (!ver) return Fail(NotFound("checklist " + id + " version " + std::to_string(n)));
        TRY_ASSIGN(auto owner, BureauOrg(tx, a, owner_org_id));
        TRY_STATUS(domain::AuthoriseChecklistWrite(a, owner.path));
        TRY_ASSIGN(auto nid, AppendChecklist(tx, s_.ids, a.user_id, owner, name.empty() ? t->name : name, t->category,
                                             ver->items, id + ":" + std::to_string(n), ""));
        TRY_ASSIGN(auto copy, tx.FindChecklistTemplate(nid));
        return *copy;
      });
}

Result<std::vector<std::string>> Campaigns::InstallCatalogIn(domain::WriteTx& tx, const std::string& root_id) {
  std::vector<std::string> out;
  TRY_ASSIGN(auto existing, tx.ListChecklistTemplates(domain::PageRequest{1, 1}));
  if (existing.total > 0) return out;
  TRY_ASSIGN(auto root, tx.FindOrg(root_id));
  if (!root) return Fail(Internal("catalog owner " + root_id + " not found"));
  for (const auto& t : domain::CatalogTemplates()) {
    TRY_ASSIGN(auto id, AppendChecklist(tx, s_.ids, "system", *root, t.name, t.category, t.items, "", "内置检查表"));
    out.push_back(id);
  }
  return out;
}

Result<std::int64_t> Campaigns::AssignSelfInspectionIn(domain::WriteTx& tx, const Actor& a,
                                                       const std::string& campaign_id, const std::string& template_id,
                                                       const std::string& org_id, Date due) {
  TRY_ASSIGN(auto c, Visible(tx, a, campaign_id));
  TRY_STATUS(domain::AuthoriseCampaignWrite(a, c.owner_path));
  TRY_STATUS(domain::CheckCampaignOpen(c));
  TRY_ASSIGN(auto t, tx.FindChecklistTemplate(template_id));
  if (!t) return Fail(InvalidInput("unknown_checklist", "checklist " + template_id + " does not exist", "template_id"));
  const Date today = ChinaDateOf(s_.clock.Now());
  if (due < today || due > c.end_date)
    return Fail(
        InvalidInput("invalid_due_date", "the due date must lie between today and the campaign's end", "due_date"));
  std::string under = c.scope_path;
  if (!org_id.empty()) {
    TRY_ASSIGN(auto o, tx.FindOrg(org_id));
    if (!o || !domain::IsUnder(o->path, a.scope_path) || !domain::IsUnder(o->path, c.scope_path))
      return Fail(NotFound("org " + org_id));
    under = o->path;
  }
  // Schools that already have a self-inspection in this campaign keep theirs.
  std::set<std::string> have;
  for (int page = 1;; ++page) {
    domain::InspectionFilter f;
    f.viewer_scope = "/";
    f.campaign_id = c.id;
    f.under_path = under;
    f.self_inspection = true;
    f.page = {page, 200};
    TRY_ASSIGN(auto got, tx.SearchInspections(f));
    for (const auto& i : got.items) have.insert(i.school_id);
    if (got.items.size() < 200) break;
  }
  std::int64_t n = 0;
  for (int page = 1;; ++page) {
    domain::SchoolFilter sf;
    sf.under_path = under;
    sf.page = {page, 200};
    TRY_ASSIGN(auto schools, tx.SearchSchools(sf));
    for (const auto& sc : schools.items) {
      if (have.count(sc.id)) continue;
      TRY_ASSIGN(auto county, tx.FindOrg(sc.parent_id));
      if (!county) return Fail(Corrupt("school " + sc.id + " has no parent org"));
      const std::string id = s_.ids.Next("ins");
      TRY_STATUS(tx.Append(a.user_id, domain::Event{"inspection.planned", id,
                                                    Json{{"campaign_id", c.id},
                                                         {"team_id", ""},
                                                         {"school_id", sc.id},
                                                         {"school_path", sc.path},
                                                         {"county_path", county->path},
                                                         {"inspecting_org_id", sc.id},
                                                         {"inspecting_path", sc.path},
                                                         {"source", domain::Name(domain::HazardSource::kSelf)},
                                                         {"external_body", ""},
                                                         {"template_id", t->id},
                                                         {"template_version", t->current_version},
                                                         {"unannounced", false},
                                                         {"self_inspection", true},
                                                         {"planned_date", FormatDate(today)},
                                                         {"due_date", FormatDate(due)},
                                                         {"round", 1},
                                                         {"inspectors", ","},
                                                         {"previous_id", ""}}}));
      ++n;
    }
    if (schools.items.size() < 200) break;
  }
  return n;
}

Result<std::int64_t> Campaigns::AssignSelfInspection(const Actor& a, const std::string& campaign_id,
                                                     const std::string& template_id, const std::string& org_id,
                                                     Date due) {
  return domain::WriteValue<std::int64_t>(s_.store, [&](domain::WriteTx& tx) {
    return AssignSelfInspectionIn(tx, a, campaign_id, template_id, org_id, due);
  });
}

Result<SelfInspectionReport> Campaigns::SelfInspectionProgress(const Actor& a, const std::string& campaign_id,
                                                               const std::string& org_id) {
  const Date today = ChinaDateOf(s_.clock.Now());
  return domain::ReadValue<SelfInspectionReport>(s_.store, [&](domain::ReadView& v) -> Result<SelfInspectionReport> {
    TRY_ASSIGN(auto c, Visible(v, a, campaign_id));
    std::string under = FigureScope(c, a);
    if (!org_id.empty()) {
      TRY_ASSIGN(auto o, v.FindOrg(org_id));
      if (!o || !domain::IsUnder(o->path, a.scope_path)) return Fail(NotFound("org " + org_id));
      under = o->path;
    }
    SelfInspectionReport r;
    TRY_ASSIGN(r.counties, v.SelfInspectionProgressOf(c.id, under, today));
    return r;
  });
}

Result<std::int64_t> Campaigns::Remind(const Actor& a, const std::string& campaign_id, const std::string& org_id) {
  return domain::WriteValue<std::int64_t>(s_.store, [&](domain::WriteTx& tx) -> Result<std::int64_t> {
    TRY_ASSIGN(auto c, Visible(tx, a, campaign_id));
    if (a.role != domain::Role::kBureauOfficer && a.role != domain::Role::kAdmin)
      return Fail(Error(ErrorCode::kForbidden, "campaign_forbidden", "only bureau officers remind schools"));
    TRY_STATUS(domain::CheckCampaignOpen(c));
    std::string under = FigureScope(c, a);
    if (!org_id.empty()) {
      TRY_ASSIGN(auto o, tx.FindOrg(org_id));
      if (!o || !domain::IsUnder(o->path, a.scope_path)) return Fail(NotFound("org " + org_id));
      under = o->path;
    }
    std::vector<std::string> laggards;
    for (auto state : {domain::InspectionState::kPlanned, domain::InspectionState::kInProgress})
      for (int page = 1;; ++page) {
        domain::InspectionFilter f;
        f.viewer_scope = a.scope_path;
        f.viewer_id = a.user_id;
        f.campaign_id = c.id;
        f.under_path = under;
        f.self_inspection = true;
        f.state = state;
        f.page = {page, 200};
        TRY_ASSIGN(auto got, tx.SearchInspections(f));
        for (const auto& i : got.items) laggards.push_back(i.id);
        if (got.items.size() < 200) break;
      }
    for (const auto& id : laggards)
      TRY_STATUS(tx.Append(a.user_id, domain::Event{"inspection.reminded", id, Json{{"kind", "self_inspection_due"}}}));
    return static_cast<std::int64_t>(laggards.size());
  });
}

}  // namespace anxiao::app
