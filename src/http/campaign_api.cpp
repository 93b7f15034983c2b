// Campaigns, teams, checklist templates, inspections and self-inspection over HTTP (docs/api.md
// "Campaigns" … "Self-inspection"). Transport only: body and query parsing, JSON out. Every read
// goes through app::Campaigns / app::Inspections, which apply scope and the unannounced-visit rule
// (an invisible record answers 404 exactly like a missing one).
//
// Order inside a write handler: read the whole body (400), then load the record as the caller sees
// it (404), then If-Match (428/412), then the use case (403/409/422-style 400s).

#include "http/campaign_api.hpp"

#include <memory>
#include <set>
#include <tuple>

#include "app/campaigns.hpp"
#include "app/inspections.hpp"
#include "http/api.hpp"
#include "http/api_kit.hpp"
#include "http/hazard_json.hpp"

namespace anxiao::http {
namespace {

using domain::Actor;

Json Strings(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const auto& s : v) a.push_back(s);
  return a;
}

Json Opt(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json ModesJson(const std::vector<domain::CampaignMode>& modes) {
  Json a = Json::array();
  for (auto m : modes) a.push_back(std::string(domain::Name(m)));
  return a;
}

Json CampaignJson(const domain::Campaign& c) {
  return Json{{"id", c.id},
              {"owner_org_id", c.owner_org_id},
              {"scope_org_id", c.scope_org_id},
              {"name", c.name},
              {"start_date", FormatDate(c.start_date)},
              {"end_date", FormatDate(c.end_date)},
              {"modes", ModesJson(c.modes)},
              {"checklists", Strings(c.checklists)},
              {"state", std::string(domain::Name(c.state))},
              {"created_by", c.created_by},
              {"created_at", c.created_at},
              {"closed_at", Opt(c.closed_at)},
              {"closed_by", Opt(c.closed_by)},
              {"version", c.version}};
}

Json CountMap(const std::map<std::string, std::int64_t>& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

Json FiguresJson(const domain::CampaignFigures& f) {
  return Json{
      {"teams",
       {{"total", f.teams},
        {"province", f.teams_province},
        {"city", f.teams_city},
        {"county", f.teams_county},
        {"by_kind", CountMap(f.teams_by_kind)},
        {"experts", f.experts}}},
      {"schools",
       {{"in_scope", f.schools_in_scope},
        {"assigned", f.schools_assigned},
        {"assigned_by_kind", CountMap(f.schools_by_kind)},
        {"inspected", f.schools_inspected},
        {"inspected_by_source", CountMap(f.schools_inspected_by_source)},
        {"inspected_by_team_kind", CountMap(f.schools_inspected_by_team_kind)}}},
      {"inspections",
       {{"done", f.inspections_done}, {"in_progress", f.inspections_in_progress}, {"planned", f.inspections_planned}}},
      {"self_inspection", {{"assigned", f.self_assigned}, {"submitted", f.self_submitted}}},
      {"hazards",
       {{"found", f.hazards_found},
        {"closed", f.hazards_closed},
        {"overdue", f.hazards_overdue},
        {"found_by_source", CountMap(f.hazards_found_by_source)},
        {"closed_by_source", CountMap(f.hazards_closed_by_source)},
        {"found_by_team_kind", CountMap(f.hazards_found_by_team_kind)},
        {"closed_by_team_kind", CountMap(f.hazards_closed_by_team_kind)},
        {"major_found", f.red_found},
        {"major_closed", f.red_closed}}},
  };
}

// Display names and organisations of users, for the ids a record names ({id: {name, organization}}).
Result<Json> People(app::Services& s, const std::set<std::string>& ids) {
  Json people = Json::object();
  TRY_STATUS(s.store.Read([&](domain::ReadView& v) -> Status {
    for (const auto& id : ids) {
      if (id.empty() || id == "system") continue;
      TRY_ASSIGN(auto u, v.FindUser(id));
      if (u)
        people[id] = Json{{"display_name", u->display_name},
                          {"role", std::string(domain::Name(u->role))},
                          {"organization", u->organization}};
    }
    return {};
  }));
  return people;
}

// Org names by id (schools, counties), for the ids a page names.
Result<std::map<std::string, std::string>> OrgNames(app::Services& s, const std::set<std::string>& ids) {
  std::map<std::string, std::string> out;
  TRY_STATUS(s.store.Read([&](domain::ReadView& v) -> Status {
    for (const auto& id : ids) {
      if (id.empty()) continue;
      TRY_ASSIGN(auto o, v.FindOrg(id));
      out[id] = o ? o->name : "";
    }
    return {};
  }));
  return out;
}

Json TeamJson(const domain::Team& t) {
  return Json{{"id", t.id},
              {"campaign_id", t.campaign_id},
              {"org_id", t.org_id},
              {"level", std::string(domain::Name(t.level))},
              {"kind", std::string(domain::Name(t.kind))},
              {"name", t.name},
              {"leader_name", t.leader_name},
              {"leader_rank", t.leader_rank},
              {"members", Strings(t.members)},
              {"experts", Strings(t.experts)},
              {"target_org_id", Opt(t.target_org_id)},
              {"schools", Strings(t.schools)},
              {"start_date", FormatDate(t.start_date)},
              {"end_date", FormatDate(t.end_date)},
              {"rounds", t.rounds},
              {"created_by", t.created_by},
              {"version", t.version}};
}

Json TemplateJson(const domain::ChecklistTemplate& t) {
  return Json{{"id", t.id},
              {"owner_org_id", t.owner_org_id},
              {"name", t.name},
              {"category", std::string(domain::Name(t.category))},
              {"current_version", t.current_version},
              {"copied_from", Opt(t.copied_from)},
              {"created_by", t.created_by},
              {"version", t.version}};
}

Json VersionJson(const domain::ChecklistVersion& v) {
  return Json{{"template_id", v.template_id}, {"number", v.number},         {"note", v.note},
              {"created_by", v.created_by},   {"created_at", v.created_at}, {"items", domain::ItemsToJson(v.items)}};
}

Json InspectionJson(const domain::Inspection& i, const std::string& school_name) {
  std::vector<std::string> inspectors = domain::SplitIds(i.inspectors);
  Json pos = nullptr;
  if (!i.latitude.empty()) pos = Json{{"latitude", i.latitude}, {"longitude", i.longitude}};
  return Json{{"id", i.id},
              {"campaign_id", Opt(i.campaign_id)},
              {"team_id", Opt(i.team_id)},
              {"school_id", i.school_id},
              {"school_name", school_name},
              {"inspecting_org_id", i.inspecting_org_id},
              {"source", std::string(domain::Name(i.source))},
              {"external_body", Opt(i.external_body)},
              {"template_id", i.template_id},
              {"template_version", i.template_version},
              {"unannounced", i.unannounced},
              {"self_inspection", i.self_inspection},
              {"state", std::string(domain::Name(i.state))},
              {"planned_date", FormatDate(i.planned_date)},
              {"due_date", i.due_date ? Json(FormatDate(*i.due_date)) : Json(nullptr)},
              {"round", i.round},
              {"inspectors", Strings(inspectors)},
              {"previous_id", Opt(i.previous_id)},
              {"checked_in_at", Opt(i.checked_in_at)},
              {"checked_in_by", Opt(i.checked_in_by)},
              {"position", pos},
              {"feedback", i.feedback},
              {"submitted_at", Opt(i.submitted_at)},
              {"submitted_by", Opt(i.submitted_by)},
              {"amend_count", i.amend_count},
              {"created_by", i.created_by},
              {"created_at", i.created_at},
              {"version", i.version}};
}

Json RecordJson(const domain::ItemRecord& r) {
  const bool answered = r.version > 0;
  return Json{{"code", r.code},
              {"result", answered ? Json(std::string(domain::Name(r.result))) : Json(nullptr)},
              {"note", r.note},
              {"photos", Strings(r.photos)},
              {"hazard_id", Opt(r.hazard_id)},
              {"recorded_by", Opt(r.recorded_by)},
              {"recorded_at", Opt(r.recorded_at)},
              {"version", r.version}};
}

// Checklist items of a request body: [{code, category, text, basis, risk_level, photo_required}].
Result<std::vector<domain::ChecklistItem>> ItemsOfBody(const Json& j) {
  if (!j.is_array()) return Fail(BadInput("invalid_type", "items must be an array of objects", "items"));
  if (j.size() > 300) return Fail(BadInput("invalid_items", "a checklist has at most 300 items", "items"));
  std::vector<domain::ChecklistItem> out;
  for (const auto& e : j) {
    if (!e.is_object()) return Fail(BadInput("invalid_type", "items must be an array of objects", "items"));
    for (auto it = e.begin(); it != e.end(); ++it) {
      static const std::set<std::string> kKeys{"code", "category", "text", "basis", "risk_level", "photo_required"};
      if (!kKeys.count(it.key())) return Fail(BadInput("unknown_field", "unknown item field: " + it.key(), "items"));
    }
    auto str = [&](const char* k) -> Result<std::string> {
      auto it = e.find(k);
      if (it == e.end() || !it->is_string())
        return Fail(BadInput("missing_field", std::string("every item needs a string ") + k, "items"));
      return it->get<std::string>();
    };
    domain::ChecklistItem i;
    TRY_ASSIGN(i.code, str("code"));
    TRY_ASSIGN(auto cat, str("category"));
    TRY_ASSIGN(i.text, str("text"));
    TRY_ASSIGN(i.basis, str("basis"));
    TRY_ASSIGN(auto risk, str("risk_level"));
    auto c = domain::ParseHazardCategory(cat);
    if (!c) return Fail(BadInput("unknown_enum_value", "items: unknown category '" + cat + "'", "items"));
    auto r = domain::ParseRiskLevel(risk);
    if (!r) return Fail(BadInput("unknown_enum_value", "items: unknown risk_level '" + risk + "'", "items"));
    auto photo = e.find("photo_required");
    if (photo != e.end() && !photo->is_boolean())
      return Fail(BadInput("invalid_type", "items: photo_required must be true or false", "items"));
    i.category = *c;
    i.risk = *r;
    i.photo_required = photo != e.end() && photo->get<bool>();
    out.push_back(std::move(i));
  }
  return out;
}

Result<Json> RawField(const Request& r, const char* key) {
  TRY_ASSIGN(Json j, ParseJson(r.body.empty() ? std::string_view("{}") : std::string_view(r.body)));
  auto it = j.find(key);
  if (it == j.end()) return Json(nullptr);
  return *it;
}

// Campaign modes of a body: an array of mode names.
Result<std::vector<domain::CampaignMode>> ModesOf(Body& b) {
  TRY_ASSIGN(auto names, b.StringArray("modes", 20, 32));
  std::vector<domain::CampaignMode> out;
  for (const auto& n : names) {
    auto m = domain::ParseCampaignMode(n);
    if (!m) return Fail(BadInput("unknown_enum_value", "modes: unknown value '" + n + "'", "modes"));
    out.push_back(*m);
  }
  return out;
}

// Only the listed query parameters (besides page and page_size) are accepted.
Status OnlyQuery(const Request& r, std::initializer_list<const char*> allowed) {
  for (const auto& [k, v] : r.query) {
    if (k == "page" || k == "page_size") continue;
    bool ok = false;
    for (auto a : allowed) ok = ok || k == a;
    if (!ok) return Fail(BadInput("invalid_query", "unknown query parameter: " + k, k));
    if (v.size() > 64) return Fail(BadInput("invalid_query", k + " is too long", k));
  }
  return {};
}

Result<std::optional<bool>> BoolQuery(const Request& r, const char* key) {
  if (!r.HasQuery(key)) return std::optional<bool>{};
  const auto& v = r.Query(key);
  if (v == "true") return std::optional<bool>{true};
  if (v == "false") return std::optional<bool>{false};
  return Fail(BadInput("invalid_query", std::string(key) + " must be true or false", key));
}

Response WithETag(Response r, std::int64_t version) {
  r.Set("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

struct Deps {
  app::Services& s;
  app::Campaigns campaigns;
  app::Inspections inspections;
  explicit Deps(app::Services& sv) : s(sv), campaigns(sv), inspections(sv) {}

  Result<Response> InspectionResponse(int status, const domain::Inspection& i) {
    TRY_ASSIGN(auto names, OrgNames(s, {i.school_id}));
    return WithETag(JsonResponse(status, InspectionJson(i, names[i.school_id])), i.version);
  }
  Result<Json> InspectionPage(const domain::PageOf<domain::Inspection>& page, const domain::PageRequest& p) {
    std::set<std::string> ids;
    for (const auto& i : page.items) ids.insert(i.school_id);
    TRY_ASSIGN(auto names, OrgNames(s, ids));
    Json items = Json::array();
    for (const auto& i : page.items) items.push_back(InspectionJson(i, names[i.school_id]));
    return PageJson(std::move(items), page.total, p);
  }
};

// ---- Campaigns ------------------------------------------------------------------------------

Result<domain::CampaignDraft> DraftOf(const Request& req, Body& b, const domain::Campaign* base) {
  domain::CampaignDraft d;
  if (base) d = domain::CampaignDraft{base->name, base->start_date, base->end_date, base->modes, base->checklists};
  TRY_ASSIGN(auto name, b.OptString("name", 512));
  TRY_ASSIGN(auto start, b.OptDate("start_date"));
  TRY_ASSIGN(auto end, b.OptDate("end_date"));
  if (!base) {
    if (!name) return Fail(BadInput("missing_field", "name is required", "name"));
    if (!start) return Fail(BadInput("missing_field", "start_date is required", "start_date"));
    if (!end) return Fail(BadInput("missing_field", "end_date is required", "end_date"));
  }
  if (name) d.name = *name;
  if (start) d.start_date = *start;
  if (end) d.end_date = *end;
  TRY_ASSIGN(auto raw_modes, RawField(req, "modes"));
  if (!raw_modes.is_null() || !base) {
    TRY_ASSIGN(d.modes, ModesOf(b));
  } else {
    b.Ignore({"modes"});
  }
  TRY_ASSIGN(auto raw_checklists, RawField(req, "checklists"));
  if (!raw_checklists.is_null() || !base) {
    TRY_ASSIGN(d.checklists, b.StringArray("checklists", 40, 64));
  } else {
    b.Ignore({"checklists"});
  }
  return d;
}

void RegisterCampaigns(Api& api, const std::shared_ptr<Deps>& d) {
  api.Add("GET", "/api/v1/campaigns", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {}));
    TRY_ASSIGN(auto p, PageOf(c.req));
    TRY_ASSIGN(auto page, d->campaigns.List(c.actor(), p));
    Json items = Json::array();
    for (const auto& x : page.items) items.push_back(CampaignJson(x));
    return JsonResponse(200, PageJson(std::move(items), page.total, p));
  });
  api.Add("POST", "/api/v1/campaigns", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_ASSIGN(auto draft, DraftOf(c.req, body, nullptr));
    TRY_ASSIGN(auto owner, body.OptString("owner_org_id", 64));
    TRY_ASSIGN(auto scope, body.OptString("scope_org_id", 64));
    TRY_STATUS(body.NoUnknownFields());
    TRY_ASSIGN(auto created, d->campaigns.Create(c.actor(), owner.value_or(""), draft, scope.value_or("")));
    Response r = WithETag(JsonResponse(201, CampaignJson(created)), created.version);
    r.Set("Location", "/api/v1/campaigns/" + created.id);
    return r;
  });
  api.Add("GET", "/api/v1/campaigns/{id}", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto v, d->campaigns.Get(c.actor(), c.params["id"]));
    Json j = CampaignJson(v.campaign);
    j["figures"] = FiguresJson(v.figures);
    j["owner_in_scope"] = v.owner_in_scope;
    return WithETag(JsonResponse(200, j), v.campaign.version);
  });
  api.Add("GET", "/api/v1/campaigns/{id}/figures", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto v, d->campaigns.Get(c.actor(), c.params["id"]));
    Json j = FiguresJson(v.figures);
    j["campaign_id"] = v.campaign.id;
    return JsonResponse(200, j);
  });
  api.Add("PATCH", "/api/v1/campaigns/{id}", true, [d](ApiCtx& c) -> Result<Response> {
    const std::string id = c.params["id"];
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_ASSIGN(auto cur, d->campaigns.Find(c.actor(), id));
    TRY_ASSIGN(auto draft, DraftOf(c.req, body, &cur));
    body.Ignore({"id", "owner_org_id", "scope_org_id", "state", "created_by", "created_at", "closed_at", "closed_by",
                 "version", "figures"});
    TRY_STATUS(body.NoUnknownFields());
    TRY_ASSIGN(auto v, IfMatch(c.req));
    TRY_ASSIGN(auto after, d->campaigns.Update(c.actor(), id, v, draft));
    return WithETag(JsonResponse(200, CampaignJson(after)), after.version);
  });
  api.Add("POST", "/api/v1/campaigns/{id}/close", true, [d](ApiCtx& c) -> Result<Response> {
    const std::string id = c.params["id"];
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_STATUS(body.NoUnknownFields());
    TRY_STATUS(d->campaigns.Find(c.actor(), id));
    TRY_ASSIGN(auto v, IfMatch(c.req));
    TRY_ASSIGN(auto after, d->campaigns.Close(c.actor(), id, v));
    return WithETag(JsonResponse(200, CampaignJson(after)), after.version);
  });
}

// ---- Teams ----------------------------------------------------------------------------------

void RegisterTeams(Api& api, const std::shared_ptr<Deps>& d) {
  auto team_response = [d](int status, const domain::Team& t) -> Result<Response> {
    std::set<std::string> ids(t.members.begin(), t.members.end());
    ids.insert(t.experts.begin(), t.experts.end());
    TRY_ASSIGN(auto people, People(d->s, ids));
    Json j = TeamJson(t);
    j["people"] = std::move(people);
    return WithETag(JsonResponse(status, j), t.version);
  };
  api.Add("GET", "/api/v1/campaigns/{id}/teams", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {}));
    TRY_ASSIGN(auto p, PageOf(c.req));
    TRY_ASSIGN(auto page, d->campaigns.ListTeams(c.actor(), c.params["id"], p));
    Json items = Json::array();
    for (const auto& t : page.items) items.push_back(TeamJson(t));
    return JsonResponse(200, PageJson(std::move(items), page.total, p));
  });
  api.Add("POST", "/api/v1/campaigns/{id}/teams", true, [d, team_response](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    app::NewTeam t;
    t.campaign_id = c.params["id"];
    TRY_ASSIGN(auto org, body.OptString("org_id", 64));
    TRY_ASSIGN(auto kind, (body.OptEnum<domain::TeamKind>("kind", domain::ParseTeamKind)));
    TRY_ASSIGN(t.name, body.String("name", 512));
    TRY_ASSIGN(t.leader_name, body.String("leader_name", 512));
    TRY_ASSIGN(auto rank, body.OptString("leader_rank", 512));
    TRY_ASSIGN(t.members, body.StringArray("members", 30, 64));
    TRY_ASSIGN(t.experts, body.StringArray("experts", 20, 64));
    TRY_ASSIGN(t.schools, body.StringArray("schools", 500, 64));
    TRY_ASSIGN(auto target, body.OptString("target_org_id", 64));
    TRY_ASSIGN(t.start_date, body.OptDate("start_date"));
    TRY_ASSIGN(t.end_date, body.OptDate("end_date"));
    TRY_ASSIGN(auto rounds, body.OptInt("rounds"));
    TRY_STATUS(body.NoUnknownFields());
    if (!kind) return Fail(BadInput("missing_field", "kind is required", "kind"));
    t.kind = *kind;
    t.org_id = org.value_or("");
    t.leader_rank = rank.value_or("");
    t.target_org_id = target.value_or("");
    t.rounds = rounds.value_or(1);
    TRY_ASSIGN(auto created, d->campaigns.CreateTeam(c.actor(), t));
    TRY_ASSIGN(Response r, team_response(201, created));
    r.Set("Location", "/api/v1/teams/" + created.id);
    return r;
  });
  api.Add("GET", "/api/v1/teams/{id}", true, [d, team_response](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto t, d->campaigns.GetTeam(c.actor(), c.params["id"]));
    return team_response(200, t);
  });
  api.Add("PATCH", "/api/v1/teams/{id}", true, [d, team_response](ApiCtx& c) -> Result<Response> {
    const std::string id = c.params["id"];
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    app::TeamEdit e;
    TRY_ASSIGN(e.name, body.OptString("name", 512));
    TRY_ASSIGN(e.leader_name, body.OptString("leader_name", 512));
    TRY_ASSIGN(e.leader_rank, body.OptString("leader_rank", 512));
    TRY_ASSIGN(e.target_org_id, body.OptString("target_org_id", 64));
    for (auto [key, field, max] : {std::tuple{"members", &e.members, 30}, std::tuple{"experts", &e.experts, 20},
                                   std::tuple{"schools", &e.schools, 500}}) {
      TRY_ASSIGN(auto raw, RawField(c.req, key));
      TRY_ASSIGN(auto list, body.StringArray(key, static_cast<std::size_t>(max), 64));
      if (!raw.is_null()) *field = std::move(list);
    }
    TRY_ASSIGN(e.start_date, body.OptDate("start_date"));
    TRY_ASSIGN(e.end_date, body.OptDate("end_date"));
    TRY_ASSIGN(e.rounds, body.OptInt("rounds"));
    body.Ignore({"id", "campaign_id", "org_id", "level", "kind", "created_by", "version", "people"});
    TRY_STATUS(body.NoUnknownFields());
    TRY_STATUS(d->campaigns.GetTeam(c.actor(), id));
    TRY_ASSIGN(auto v, IfMatch(c.req));
    TRY_ASSIGN(auto after, d->campaigns.UpdateTeam(c.actor(), id, v, e));
    return team_response(200, after);
  });
}

// ---- Checklists -----------------------------------------------------------------------------

void RegisterChecklists(Api& api, const std::shared_ptr<Deps>& d) {
  auto with_items = [d](int status, const domain::ChecklistTemplate& t) -> Result<Response> {
    TRY_ASSIGN(auto ver, d->campaigns.GetChecklistVersion(t.id, t.current_version));
    Json j = TemplateJson(t);
    j["current"] = VersionJson(ver);
    return WithETag(JsonResponse(status, j), t.version);
  };
  api.Add("GET", "/api/v1/checklists", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {}));
    TRY_ASSIGN(auto p, PageOf(c.req));
    TRY_ASSIGN(auto page, d->campaigns.ListChecklists(p));
    Json items = Json::array();
    for (const auto& t : page.items) items.push_back(TemplateJson(t));
    return JsonResponse(200, PageJson(std::move(items), page.total, p));
  });
  api.Add("POST", "/api/v1/checklists", true, [d, with_items](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_ASSIGN(auto name, body.String("name", 512));
    TRY_ASSIGN(auto category, (body.OptEnum<domain::HazardCategory>("category", domain::ParseHazardCategory)));
    TRY_ASSIGN(auto owner, body.OptString("owner_org_id", 64));
    TRY_ASSIGN(auto raw, RawField(c.req, "items"));
    body.Ignore({"items"});
    TRY_STATUS(body.NoUnknownFields());
    if (raw.is_null()) return Fail(BadInput("missing_field", "items is required", "items"));
    TRY_ASSIGN(auto items, ItemsOfBody(raw));
    TRY_ASSIGN(auto t, d->campaigns.CreateChecklist(c.actor(), owner.value_or(""), name,
                                                    category.value_or(domain::HazardCategory::kOther), items));
    TRY_ASSIGN(Response r, with_items(201, t));
    r.Set("Location", "/api/v1/checklists/" + t.id);
    return r;
  });
  api.Add("GET", "/api/v1/checklists/{id}", true, [d, with_items](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto t, d->campaigns.GetChecklist(c.params["id"]));
    return with_items(200, t);
  });
  api.Add("GET", "/api/v1/checklists/{id}/versions/{n}", true, [d](ApiCtx& c) -> Result<Response> {
    const auto& n = c.params["n"];
    if (n.empty() || n.size() > 6 || n.find_first_not_of("0123456789") != std::string::npos || n == "0")
      return Fail(NotFound("checklist version " + n));
    TRY_ASSIGN(auto v, d->campaigns.GetChecklistVersion(c.params["id"], std::stoll(n)));
    return JsonResponse(200, VersionJson(v));
  });
  api.Add("POST", "/api/v1/checklists/{id}/versions", true, [d, with_items](ApiCtx& c) -> Result<Response> {
    const std::string id = c.params["id"];
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_ASSIGN(auto name, body.OptString("name", 512));
    TRY_ASSIGN(auto note, body.OptString("note", 1024));
    TRY_ASSIGN(auto raw, RawField(c.req, "items"));
    body.Ignore({"items"});
    TRY_STATUS(body.NoUnknownFields());
    if (raw.is_null()) return Fail(BadInput("missing_field", "items is required", "items"));
    TRY_ASSIGN(auto items, ItemsOfBody(raw));
    TRY_ASSIGN(auto cur, d->campaigns.GetChecklist(id));
    TRY_ASSIGN(auto v, IfMatch(c.req));
    TRY_ASSIGN(auto t,
               d->campaigns.NewChecklistVersion(c.actor(), id, v, name.value_or(cur.name), items, note.value_or("")));
    return with_items(201, t);
  });
  api.Add("POST", "/api/v1/checklists/{id}/copy", true, [d, with_items](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_ASSIGN(auto number, body.OptInt("version"));
    TRY_ASSIGN(auto owner, body.OptString("owner_org_id", 64));
    TRY_ASSIGN(auto name, body.OptString("name", 512));
    TRY_STATUS(body.NoUnknownFields());
    if (number && *number < 1) return Fail(BadInput("invalid_version", "version must be 1 or more", "version"));
    TRY_ASSIGN(auto t, d->campaigns.CopyChecklist(c.actor(), c.params["id"], number.value_or(0), owner.value_or(""),
                                                  name.value_or("")));
    TRY_ASSIGN(Response r, with_items(201, t));
    r.Set("Location", "/api/v1/checklists/" + t.id);
    return r;
  });
}

// ---- Inspections ----------------------------------------------------------------------------

Result<app::ItemInput> ItemInputOf(Body& b) {
  app::ItemInput in;
  TRY_ASSIGN(auto result, (b.OptEnum<domain::ItemResult>("result", domain::ParseItemResult)));
  if (!result) return Fail(BadInput("missing_field", "result is required", "result"));
  in.result = *result;
  TRY_ASSIGN(auto note, b.OptString("note", 4096));
  in.note = note.value_or("");
  TRY_ASSIGN(in.photos, b.StringArray("photos", 10, 128));
  return in;
}

void RegisterInspections(Api& api, const std::shared_ptr<Deps>& d) {
  api.Add("GET", "/api/v1/inspections", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {"campaign_id", "team_id", "school_id", "org_id", "state", "self_inspection", "mine"}));
    app::InspectionQuery q;
    q.campaign_id = c.req.Query("campaign_id");
    q.team_id = c.req.Query("team_id");
    q.school_id = c.req.Query("school_id");
    q.org_id = c.req.Query("org_id");
    if (c.req.HasQuery("state")) {
      q.state = domain::ParseInspectionState(c.req.Query("state"));
      if (!q.state) return Fail(BadInput("unknown_enum_value", "state: unknown value", "state"));
    }
    TRY_ASSIGN(q.self_inspection, BoolQuery(c.req, "self_inspection"));
    if (c.req.HasQuery("mine")) {
      const auto& m = c.req.Query("mine");
      if (m != "1" && m != "0" && m != "true" && m != "false")
        return Fail(BadInput("invalid_query", "mine must be 1 or 0", "mine"));
      q.mine = m == "1" || m == "true";
    }
    TRY_ASSIGN(q.page, PageOf(c.req));
    TRY_ASSIGN(auto page, d->inspections.Search(c.actor(), q));
    TRY_ASSIGN(auto j, d->InspectionPage(page, q.page));
    return JsonResponse(200, j);
  });

  auto plan = [d](ApiCtx& c, const std::string& previous_id) -> Result<Response> {
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    app::NewInspection in;
    TRY_ASSIGN(auto campaign, body.OptString("campaign_id", 64));
    TRY_ASSIGN(auto team, body.OptString("team_id", 64));
    std::optional<std::string> school, tmpl;
    if (previous_id.empty()) {
      TRY_ASSIGN(school, body.OptString("school_id", 64));
      if (!school) return Fail(BadInput("missing_field", "school_id is required", "school_id"));
    }
    TRY_ASSIGN(tmpl, body.OptString("template_id", 64));
    TRY_ASSIGN(auto unannounced, body.OptBool("unannounced"));
    TRY_ASSIGN(in.planned_date, body.OptDate("planned_date"));
    TRY_ASSIGN(auto round, body.OptInt("round"));
    TRY_ASSIGN(in.source, (body.OptEnum<domain::HazardSource>("source", domain::ParseHazardSource)));
    TRY_ASSIGN(auto external, body.OptString("external_body", 512));
    TRY_STATUS(body.NoUnknownFields());
    if (previous_id.empty() && !tmpl) return Fail(BadInput("missing_field", "template_id is required", "template_id"));
    if (!previous_id.empty()) {
      // A re-inspection revisits the same school in the same campaign; by default with the same
      // checklist (its current version).
      TRY_ASSIGN(auto prev, d->inspections.Find(c.actor(), previous_id));
      school = prev.school_id;
      if (!tmpl) tmpl = prev.template_id;
      if (!campaign && !team) campaign = prev.campaign_id;
      in.previous_id = previous_id;
    }
    in.campaign_id = campaign.value_or("");
    in.team_id = team.value_or("");
    in.school_id = *school;
    in.template_id = *tmpl;
    in.unannounced = unannounced.value_or(false);
    in.round = round.value_or(1);
    in.external_body = external.value_or("");
    TRY_ASSIGN(auto created, d->inspections.Plan(c.actor(), in));
    TRY_ASSIGN(Response r, d->InspectionResponse(201, created));
    r.Set("Location", "/api/v1/inspections/" + created.id);
    return r;
  };
  api.Add("POST", "/api/v1/inspections", true, [plan](ApiCtx& c) { return plan(c, ""); });
  api.Add("POST", "/api/v1/inspections/{id}/re-inspections", true,
          [plan](ApiCtx& c) { return plan(c, c.params["id"]); });

  api.Add("GET", "/api/v1/inspections/{id}", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto det, d->inspections.Get(c.actor(), c.params["id"]));
    const auto& i = det.inspection;
    TRY_ASSIGN(auto names, OrgNames(d->s, {i.school_id}));
    Json j = InspectionJson(i, names[i.school_id]);
    // Every item of the checklist version, with its record when answered, then carried hazards.
    std::map<std::string, const domain::ItemRecord*> by_code;
    for (const auto& r : det.records) by_code[r.code] = &r;
    Json items = Json::array();
    std::int64_t answered = 0;
    for (const auto& it : det.checklist.items) {
      Json e = Json{{"code", it.code},
                    {"category", std::string(domain::Name(it.category))},
                    {"text", it.text},
                    {"basis", it.basis},
                    {"risk_level", std::string(domain::Name(it.risk))},
                    {"photo_required", it.photo_required},
                    {"carried", false}};
      auto rec = by_code.find(it.code);
      e["record"] = rec == by_code.end() ? Json(nullptr) : RecordJson(*rec->second);
      if (rec != by_code.end() && rec->second->version > 0) ++answered;
      items.push_back(std::move(e));
    }
    for (const auto& r : det.records) {
      if (!domain::IsCarriedCode(r.code)) continue;
      items.push_back(Json{{"code", r.code}, {"carried", true}, {"hazard_id", r.hazard_id}, {"record", RecordJson(r)}});
      if (r.version > 0) ++answered;
    }
    j["items"] = std::move(items);
    j["answered"] = answered;
    Json sigs = Json::array();
    for (const auto& s : det.signatures)
      sigs.push_back(Json{{"role", std::string(domain::Name(s.role))}, {"name", s.name}, {"at", s.at}});
    j["signatures"] = std::move(sigs);
    j["history"] = HistoryJson(det.history);
    const auto inspectors = domain::SplitIds(i.inspectors);
    std::set<std::string> ids(inspectors.begin(), inspectors.end());
    for (const auto& e : det.history) ids.insert(e.actor);
    TRY_ASSIGN(j["people"], People(d->s, ids));
    return WithETag(JsonResponse(200, j), i.version);
  });

  // Actions on the whole inspection: body first, then visibility, then If-Match.
  auto act = [d](const std::string& action) {
    return [d, action](ApiCtx& c) -> Result<Response> {
      const std::string id = c.params["id"];
      TRY_ASSIGN(auto body, Body::Parse(c.req));
      std::string lat, lon, text, name;
      domain::SignerRole role = domain::SignerRole::kInspector;
      if (action == "check-in") {
        TRY_ASSIGN(auto la, body.OptString("latitude", 32));
        TRY_ASSIGN(auto lo, body.OptString("longitude", 32));
        lat = la.value_or("");
        lon = lo.value_or("");
      } else if (action == "feedback") {
        TRY_ASSIGN(text, body.String("feedback", 16384));
      } else if (action == "signatures") {
        TRY_ASSIGN(auto r, (body.OptEnum<domain::SignerRole>("role", domain::ParseSignerRole)));
        if (!r) return Fail(BadInput("missing_field", "role is required", "role"));
        role = *r;
        TRY_ASSIGN(name, body.String("name", 512));
      }
      TRY_STATUS(body.NoUnknownFields());
      TRY_STATUS(d->inspections.Find(c.actor(), id));
      TRY_ASSIGN(auto v, IfMatch(c.req));
      const auto& a = c.actor();
      Result<domain::Inspection> out = Fail(Internal("unknown inspection action " + action));
      if (action == "check-in") out = d->inspections.CheckIn(a, id, v, lat, lon);
      if (action == "feedback") out = d->inspections.Feedback(a, id, v, text);
      if (action == "signatures") out = d->inspections.Sign(a, id, v, role, name);
      if (action == "submit") out = d->inspections.Submit(a, id, v);
      if (!out) return Fail(out.error());
      return d->InspectionResponse(200, *out);
    };
  };
  for (const char* action : {"check-in", "feedback", "signatures", "submit"})
    api.Add("POST", std::string("/api/v1/inspections/{id}/") + action, true, act(action));

  auto recorded_json = [](const app::Inspections::Recorded& r) {
    Json j{{"inspection_id", r.inspection.id},
           {"inspection_version", r.inspection.version},
           {"item", RecordJson(r.record)},
           {"hazard", nullptr}};
    if (r.hazard)
      j["hazard"] = Json{{"id", r.hazard->id},
                         {"number", r.hazard->number},
                         {"state", std::string(domain::Name(r.hazard->state))},
                         {"risk_level", std::string(domain::Name(r.hazard->risk_level))}};
    return j;
  };
  // Records one item. If-Match carries the ITEM's version, required once it was recorded.
  api.Add("POST", "/api/v1/inspections/{id}/items/{code}", true, [d, recorded_json](ApiCtx& c) -> Result<Response> {
    const std::string id = c.params["id"];
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_ASSIGN(auto in, ItemInputOf(body));
    TRY_STATUS(body.NoUnknownFields());
    in.code = c.params["code"];
    TRY_STATUS(d->inspections.Find(c.actor(), id));
    if (!TrimAscii(c.req.Header("if-match")).empty()) {
      TRY_ASSIGN(in.expected_item_version, IfMatch(c.req));
    }
    TRY_ASSIGN(auto rec, d->inspections.Record(c.actor(), id, in));
    Response r = JsonResponse(rec.item_version == 1 ? 201 : 200, recorded_json(rec));
    r.Set("ETag", "\"" + std::to_string(rec.item_version) + "\"");
    return r;
  });
  // Records several items at once (one journal entry): {items: [{code, result, note, photos,
  // item_version}]}; item_version is required for items recorded before.
  api.Add("POST", "/api/v1/inspections/{id}/items", true, [d](ApiCtx& c) -> Result<Response> {
    const std::string id = c.params["id"];
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_ASSIGN(auto raw, RawField(c.req, "items"));
    body.Ignore({"items"});
    TRY_STATUS(body.NoUnknownFields());
    if (raw.is_null()) return Fail(BadInput("missing_field", "items is required", "items"));
    if (!raw.is_array()) return Fail(BadInput("invalid_type", "items must be an array of objects", "items"));
    std::vector<app::ItemInput> items;
    for (const auto& e : raw) {
      if (!e.is_object()) return Fail(BadInput("invalid_type", "items must be an array of objects", "items"));
      Request one = c.req;  // each element is read like the body of a single-item request
      one.body = e.dump();
      TRY_ASSIGN(auto b, Body::Parse(one));
      TRY_ASSIGN(auto code, b.String("code", 80));
      TRY_ASSIGN(auto in, ItemInputOf(b));
      TRY_ASSIGN(in.expected_item_version, b.OptInt("item_version"));
      TRY_STATUS(b.NoUnknownFields());
      in.code = code;
      items.push_back(std::move(in));
    }
    TRY_STATUS(d->inspections.Find(c.actor(), id));
    TRY_ASSIGN(auto rec, d->inspections.RecordMany(c.actor(), id, items));
    Json recs = Json::array(), hazards = Json::array();
    for (const auto& r : rec.records) recs.push_back(RecordJson(r));
    for (const auto& h : rec.hazards)
      hazards.push_back(Json{{"id", h.id},
                             {"number", h.number},
                             {"state", std::string(domain::Name(h.state))},
                             {"risk_level", std::string(domain::Name(h.risk_level))},
                             {"item_code", h.item_code}});
    return JsonResponse(200, Json{{"inspection_id", rec.inspection.id},
                                  {"inspection_version", rec.inspection.version},
                                  {"items", std::move(recs)},
                                  {"hazards", std::move(hazards)}});
  });
  // Amends one item of a submitted inspection: If-Match is the INSPECTION's version; the body
  // names the item's version and the reason (journaled).
  api.Add("POST", "/api/v1/inspections/{id}/amend", true, [d, recorded_json](ApiCtx& c) -> Result<Response> {
    const std::string id = c.params["id"];
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_ASSIGN(auto code, body.String("code", 80));
    TRY_ASSIGN(auto in, ItemInputOf(body));
    TRY_ASSIGN(in.expected_item_version, body.OptInt("item_version"));
    TRY_ASSIGN(auto reason, body.String("reason", 4096));
    TRY_STATUS(body.NoUnknownFields());
    in.code = code;
    TRY_STATUS(d->inspections.Find(c.actor(), id));
    TRY_ASSIGN(auto v, IfMatch(c.req));
    TRY_ASSIGN(auto rec, d->inspections.Amend(c.actor(), id, v, in, reason));
    return WithETag(JsonResponse(200, recorded_json(rec)), rec.inspection.version);
  });
}

// ---- Self-inspection ------------------------------------------------------------------------

void RegisterSelfInspection(Api& api, const std::shared_ptr<Deps>& d) {
  api.Add("POST", "/api/v1/campaigns/{id}/self-inspections", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_ASSIGN(auto tmpl, body.String("template_id", 64));
    TRY_ASSIGN(auto due, body.OptDate("due_date"));
    TRY_ASSIGN(auto org, body.OptString("org_id", 64));
    TRY_STATUS(body.NoUnknownFields());
    if (!due) return Fail(BadInput("missing_field", "due_date is required", "due_date"));
    TRY_ASSIGN(auto n, d->campaigns.AssignSelfInspection(c.actor(), c.params["id"], tmpl, org.value_or(""), *due));
    return JsonResponse(200, Json{{"assigned", n}});
  });
  api.Add("GET", "/api/v1/campaigns/{id}/self-inspections", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {"org_id"}));
    TRY_ASSIGN(auto rep, d->campaigns.SelfInspectionProgress(c.actor(), c.params["id"], c.req.Query("org_id")));
    std::set<std::string> ids;
    auto last_id = [](const std::string& path) {
      auto parts = Split(path, '/');
      std::string last;
      for (const auto& p : parts)
        if (!p.empty()) last = p;
      return last;
    };
    for (const auto& p : rep.counties) ids.insert(last_id(p.county_path));
    TRY_ASSIGN(auto names, OrgNames(d->s, ids));
    Json counties = Json::array();
    domain::SelfInspectionProgress total;
    for (const auto& p : rep.counties) {
      const auto org = last_id(p.county_path);
      counties.push_back(Json{{"org_id", org},
                              {"name", names[org]},
                              {"assigned", p.assigned},
                              {"submitted", p.submitted},
                              {"in_progress", p.in_progress},
                              {"overdue", p.overdue}});
      total.assigned += p.assigned;
      total.submitted += p.submitted;
      total.in_progress += p.in_progress;
      total.overdue += p.overdue;
    }
    return JsonResponse(200, Json{{"campaign_id", c.params["id"]},
                                  {"total",
                                   {{"assigned", total.assigned},
                                    {"submitted", total.submitted},
                                    {"in_progress", total.in_progress},
                                    {"overdue", total.overdue}}},
                                  {"counties", std::move(counties)}});
  });
  // Per school: the self-inspections of the campaign under org_id, with their state.
  api.Add("GET", "/api/v1/campaigns/{id}/self-inspections/schools", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {"org_id", "state"}));
    TRY_STATUS(d->campaigns.Find(c.actor(), c.params["id"]));
    app::InspectionQuery q;
    q.campaign_id = c.params["id"];
    q.org_id = c.req.Query("org_id");
    q.self_inspection = true;
    if (c.req.HasQuery("state")) {
      q.state = domain::ParseInspectionState(c.req.Query("state"));
      if (!q.state) return Fail(BadInput("unknown_enum_value", "state: unknown value", "state"));
    }
    TRY_ASSIGN(q.page, PageOf(c.req));
    TRY_ASSIGN(auto page, d->inspections.Search(c.actor(), q));
    TRY_ASSIGN(auto j, d->InspectionPage(page, q.page));
    return JsonResponse(200, j);
  });
  api.Add("POST", "/api/v1/campaigns/{id}/self-inspections/remind", true, [d](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto body, Body::Parse(c.req));
    TRY_ASSIGN(auto org, body.OptString("org_id", 64));
    TRY_STATUS(body.NoUnknownFields());
    TRY_ASSIGN(auto n, d->campaigns.Remind(c.actor(), c.params["id"], org.value_or("")));
    return JsonResponse(200, Json{{"reminded", n}});
  });
}

}  // namespace

void RegisterCampaignRoutes(Api& api, app::Services& s) {
  auto d = std::make_shared<Deps>(s);
  RegisterCampaigns(api, d);
  RegisterTeams(api, d);
  RegisterChecklists(api, d);
  RegisterInspections(api, d);
  RegisterSelfInspection(api, d);
}

}  // namespace anxiao::http
