// The OpenAPI entries of the campaign routes (campaign_api.cpp), added to the document that
// openapi.cpp builds.

#include <string>

#include "base/canonical_json.hpp"
#include "http/campaign_api.hpp"
#include "http/openapi_kit.hpp"

namespace anxiao::http {
namespace {

using namespace openapi_kit;  // NOLINT: the shared OpenAPI builders

Json Enum(std::initializer_list<const char*> values) {
  Json e = Json::array();
  for (auto v : values) e.push_back(v);
  return Json{{"type", "string"}, {"enum", e}};
}
Json Counts() { return Json{{"type", "object"}, {"additionalProperties", Int()}}; }
Json IfMatch(bool required, const std::string& what) {
  return Json{{"name", "If-Match"},
              {"in", "header"},
              {"required", required},
              {"schema", {{"type", "string"}}},
              {"description", what}};
}
Json Idem() {
  return Json{{"name", "Idempotency-Key"},
              {"in", "header"},
              {"required", false},
              {"schema", {{"type", "string"}}},
              {"description", "1-128 of [A-Za-z0-9_.:-]; a replay returns the first response and changes nothing"}};
}
Json PageOf(const std::string& item) {
  return Obj({{"items", Arr(Ref(item))}, {"total", Int()}, {"page", Int()}, {"page_size", Int()}});
}
Json Paging() { return Json::array({QueryParam("page", Int()), QueryParam("page_size", Int())}); }
Json With(Json params, std::initializer_list<Json> more) {
  for (const auto& p : more) params.push_back(p);
  return params;
}

}  // namespace

void AddCampaignOpenApi(Json& paths, Json& schemas) {
  const Json date = Json{{"type", "string"}, {"format", "date"}};
  const Json mode = Enum({"city_supervision", "city_direct", "county_census", "cross_inspection", "resident",
                          "thematic", "provincial", "unannounced", "other_department"});
  const Json kind = Enum(
      {"city_supervision", "city_direct", "county_census", "cross_inspection", "resident", "thematic", "provincial"});
  const Json category = Enum({"fire", "buildings", "food", "traffic", "lab_chemicals", "security", "dormitory",
                              "drowning", "epidemic", "large_events", "other"});
  const Json risk = Enum({"red", "orange", "yellow", "blue"});
  const Json source = Enum({"self", "county_census", "county_spot_check", "city_supervision", "cross_inspection",
                            "resident", "thematic", "province", "other_department", "public_report"});
  const Json istate = Enum({"planned", "in_progress", "submitted"});
  const Json result = Enum({"pass", "fail", "not_applicable"});
  const Json ids = Arr(Str());

  schemas["Campaign"] = Obj({{"id", Str()},
                             {"owner_org_id", Str()},
                             {"scope_org_id", Str()},
                             {"name", Str()},
                             {"start_date", date},
                             {"end_date", date},
                             {"modes", Arr(mode)},
                             {"checklists", ids},
                             {"state", Enum({"open", "closed"})},
                             {"created_by", Str()},
                             {"created_at", Str()},
                             {"closed_at", NStr()},
                             {"closed_by", NStr()},
                             {"version", Int()}});
  schemas["CampaignFigures"] = Obj({{"teams", Obj({{"total", Int()},
                                                   {"province", Int()},
                                                   {"city", Int()},
                                                   {"county", Int()},
                                                   {"by_kind", Counts()},
                                                   {"experts", Int()}})},
                                    {"schools", Obj({{"in_scope", Int()},
                                                     {"assigned", Int()},
                                                     {"assigned_by_kind", Counts()},
                                                     {"inspected", Int()},
                                                     {"inspected_by_source", Counts()}})},
                                    {"inspections", Obj({{"done", Int()}, {"in_progress", Int()}, {"planned", Int()}})},
                                    {"self_inspection", Obj({{"assigned", Int()}, {"submitted", Int()}})},
                                    {"hazards", Obj({{"found", Int()},
                                                     {"closed", Int()},
                                                     {"overdue", Int()},
                                                     {"found_by_source", Counts()},
                                                     {"closed_by_source", Counts()}})}});
  Json cdetail = schemas["Campaign"];
  cdetail["properties"]["figures"] = Ref("CampaignFigures");
  // The owner org lies in the caller's scope: the page may read it (GET /orgs/{id}) and offer edits.
  cdetail["properties"]["owner_in_scope"] = Bool();
  schemas["CampaignDetail"] = cdetail;
  schemas["Team"] = Obj({{"id", Str()},
                         {"campaign_id", Str()},
                         {"org_id", Str()},
                         {"level", Enum({"province", "city", "county"})},
                         {"kind", kind},
                         {"name", Str()},
                         {"leader_name", Str()},
                         {"leader_rank", Str()},
                         {"members", ids},
                         {"experts", ids},
                         {"target_org_id", NStr()},
                         {"schools", ids},
                         {"start_date", date},
                         {"end_date", date},
                         {"rounds", Int()},
                         {"created_by", Str()},
                         {"version", Int()},
                         {"people",
                          {{"type", "object"},
                           {"description",
                            "GET/POST/PATCH of one team: user id → "
                            "{display_name, role, organization}"}}}});
  const Json item = Obj({{"code", Str()},
                         {"category", category},
                         {"text", Str()},
                         {"basis", Str()},
                         {"risk_level", risk},
                         {"photo_required", Bool()}},
                        {"code", "category", "text", "basis", "risk_level"});
  schemas["ChecklistItem"] = item;
  schemas["ChecklistVersion"] = Obj({{"template_id", Str()},
                                     {"number", Int()},
                                     {"note", Str()},
                                     {"created_by", Str()},
                                     {"created_at", Str()},
                                     {"items", Arr(Ref("ChecklistItem"))}});
  schemas["Checklist"] = Obj({{"id", Str()},
                              {"owner_org_id", Str()},
                              {"name", Str()},
                              {"category", category},
                              {"current_version", Int()},
                              {"copied_from", NStr()},
                              {"created_by", Str()},
                              {"version", Int()},
                              {"current", Ref("ChecklistVersion")}});
  schemas["Inspection"] =
      Obj({{"id", Str()},
           {"campaign_id", NStr()},
           {"team_id", NStr()},
           {"school_id", Str()},
           {"school_name", Str()},
           {"inspecting_org_id", Str()},
           {"source", source},
           {"external_body", NStr()},
           {"template_id", Str()},
           {"template_version", Int()},
           {"unannounced", Bool()},
           {"self_inspection", Bool()},
           {"state", istate},
           {"planned_date", date},
           {"due_date", {{"type", {"string", "null"}}, {"format", "date"}}},
           {"round", Int()},
           {"inspectors", ids},
           {"previous_id", NStr()},
           {"checked_in_at", NStr()},
           {"checked_in_by", NStr()},
           {"position", {{"type", {"object", "null"}}, {"properties", {{"latitude", Str()}, {"longitude", Str()}}}}},
           {"feedback", Str()},
           {"submitted_at", NStr()},
           {"submitted_by", NStr()},
           {"amend_count", Int()},
           {"created_by", Str()},
           {"created_at", Str()},
           {"version", Int()}});
  schemas["ItemRecord"] = Obj({{"code", Str()},
                               {"result", {{"type", {"string", "null"}}}},
                               {"note", Str()},
                               {"photos", ids},
                               {"hazard_id", NStr()},
                               {"recorded_by", NStr()},
                               {"recorded_at", NStr()},
                               {"version", Int()}});
  Json idetail = schemas["Inspection"];
  idetail["properties"]["items"] = Arr(Obj({{"code", Str()},
                                            {"carried", Bool()},
                                            {"text", Str()},
                                            {"basis", Str()},
                                            {"category", category},
                                            {"risk_level", risk},
                                            {"photo_required", Bool()},
                                            {"hazard_id", Str()},
                                            {"record", Ref("ItemRecord")}}));
  idetail["properties"]["answered"] = Int();
  idetail["properties"]["signatures"] =
      Arr(Obj({{"role", Enum({"inspector", "school"})}, {"name", Str()}, {"at", Str()}}));
  idetail["properties"]["history"] =
      Arr(Obj({{"seq", Int()}, {"at", Str()}, {"actor", Str()}, {"kind", Str()}, {"payload", {{"type", "object"}}}}));
  idetail["properties"]["people"] = Json{{"type", "object"}};
  schemas["InspectionDetail"] = idetail;
  schemas["ItemRecorded"] = Obj({{"inspection_id", Str()},
                                 {"inspection_version", Int()},
                                 {"item", Ref("ItemRecord")},
                                 {"hazard",
                                  {{"type", {"object", "null"}},
                                   {"description",
                                    "the hazard a failed item became: {id, number, state, "
                                    "risk_level}"}}}});

  // Hazards found by an inspection name it (hazard_json.cpp).
  for (const char* k : {"campaign_id", "inspection_id", "item_code"})
    for (const char* h : {"Hazard", "HazardDetail"})
      if (schemas.contains(h)) schemas[h]["properties"][k] = NStr();

  const Json id = PathParam("id");
  const Json campaign_body = Obj({{"name", Str()},
                                  {"start_date", date},
                                  {"end_date", date},
                                  {"modes", Arr(mode)},
                                  {"checklists", ids},
                                  {"owner_org_id", Str()}});
  paths["/api/v1/campaigns"]["get"] =
      TaggedOp("Campaigns visible in scope", "campaigns", PageOf("Campaign"), 200, nullptr, Paging());
  Json create = campaign_body;
  create["required"] = Json::array({"name", "start_date", "end_date", "modes"});
  create["properties"]["scope_org_id"] = Str();  // default: the owner; a city or county under it
  paths["/api/v1/campaigns"]["post"] =
      TaggedOp("Create a campaign (admin, bureau officer)", "campaigns", Ref("Campaign"), 201, create, {Idem()});
  paths["/api/v1/campaigns/{id}"]["get"] = TaggedOp("One campaign with its live figures (over the caller's part of it)",
                                                    "campaigns", Ref("CampaignDetail"), 200, nullptr, {id});
  paths["/api/v1/campaigns/{id}"]["patch"] = TaggedOp("Edit a campaign", "campaigns", Ref("Campaign"), 200,
                                                      campaign_body, {id, IfMatch(true, "the campaign's version")});
  paths["/api/v1/campaigns/{id}/figures"]["get"] =
      TaggedOp("The campaign's live figures", "campaigns", Ref("CampaignFigures"), 200, nullptr, {id});
  paths["/api/v1/campaigns/{id}/close"]["post"] =
      TaggedOp("Close a campaign", "campaigns", Ref("Campaign"), 200, nullptr,
               {id, IfMatch(true, "the campaign's version"), Idem()});

  const Json team_body = Obj({{"kind", kind},
                              {"org_id", Str()},
                              {"name", Str()},
                              {"leader_name", Str()},
                              {"leader_rank", Str()},
                              {"members", ids},
                              {"experts", ids},
                              {"schools", ids},
                              {"target_org_id", Str()},
                              {"start_date", date},
                              {"end_date", date},
                              {"rounds", Int()}});
  Json team_create = team_body;
  team_create["required"] = Json::array({"kind", "name", "leader_name"});
  paths["/api/v1/campaigns/{id}/teams"]["get"] =
      TaggedOp("Teams of a campaign the caller may see", "teams", PageOf("Team"), 200, nullptr, With(Paging(), {id}));
  paths["/api/v1/campaigns/{id}/teams"]["post"] =
      TaggedOp("Dispatch a team (督查组)", "teams", Ref("Team"), 201, team_create, {id, Idem()});
  paths["/api/v1/teams/{id}"]["get"] = TaggedOp("One team", "teams", Ref("Team"), 200, nullptr, {id});
  paths["/api/v1/teams/{id}"]["patch"] = TaggedOp("Edit a team (kind and dispatching org stay)", "teams", Ref("Team"),
                                                  200, team_body, {id, IfMatch(true, "the team's version")});

  paths["/api/v1/checklists"]["get"] =
      TaggedOp("Checklist templates", "checklists", PageOf("Checklist"), 200, nullptr, Paging());
  paths["/api/v1/checklists"]["post"] = TaggedOp(
      "Create a checklist template", "checklists", Ref("Checklist"), 201,
      Obj({{"name", Str()}, {"category", category}, {"owner_org_id", Str()}, {"items", Arr(Ref("ChecklistItem"))}},
          {"name", "items"}),
      {Idem()});
  paths["/api/v1/checklists/{id}"]["get"] =
      TaggedOp("One template with its current version", "checklists", Ref("Checklist"), 200, nullptr, {id});
  paths["/api/v1/checklists/{id}/versions/{n}"]["get"] =
      TaggedOp("One version of a template (inspections keep the version they started with)", "checklists",
               Ref("ChecklistVersion"), 200, nullptr, {id, PathParam("n")});
  paths["/api/v1/checklists/{id}/versions"]["post"] =
      TaggedOp("Edit a template: appends a new version", "checklists", Ref("Checklist"), 201,
               Obj({{"name", Str()}, {"note", Str()}, {"items", Arr(Ref("ChecklistItem"))}}, {"items"}),
               {id, IfMatch(true, "the template's version"), Idem()});
  paths["/api/v1/checklists/{id}/copy"]["post"] =
      TaggedOp("Copy a version into a new template to adapt", "checklists", Ref("Checklist"), 201,
               Obj({{"version", Int()}, {"owner_org_id", Str()}, {"name", Str()}}), {id, Idem()});

  paths["/api/v1/inspections"]["get"] = TaggedOp(
      "Inspections the caller may see (unannounced plans stay hidden from the inspected until check-in)", "inspections",
      PageOf("Inspection"), 200, nullptr,
      With(Paging(), {QueryParam("campaign_id", Str()), QueryParam("team_id", Str()), QueryParam("school_id", Str()),
                      QueryParam("org_id", Str()), QueryParam("state", istate), QueryParam("self_inspection", Bool()),
                      QueryParam("mine", Enum({"1", "0", "true", "false"}))}));
  const Json plan_body = Obj({{"campaign_id", Str()},
                              {"team_id", Str()},
                              {"school_id", Str()},
                              {"template_id", Str()},
                              {"unannounced", Bool()},
                              {"planned_date", date},
                              {"round", Int()},
                              {"source", source},
                              {"external_body", Str()}},
                             {"school_id", "template_id"});
  paths["/api/v1/inspections"]["post"] = TaggedOp(
      "Plan an inspection, or record the findings of a higher level or another "
      "department (source province / other_department with external_body)",
      "inspections", Ref("Inspection"), 201, plan_body, {Idem()});
  Json re = plan_body;
  re.erase("required");
  re["properties"].erase("school_id");
  paths["/api/v1/inspections/{id}/re-inspections"]["post"] =
      TaggedOp("Plan a re-inspection (复查) of a submitted inspection: its open hazards become items to re-check",
               "inspections", Ref("Inspection"), 201, re, {id, Idem()});
  paths["/api/v1/inspections/{id}"]["get"] = TaggedOp("One inspection with its items, signatures and history",
                                                      "inspections", Ref("InspectionDetail"), 200, nullptr, {id});
  const Json insp_match = IfMatch(true, "the inspection's version");
  paths["/api/v1/inspections/{id}/check-in"]["post"] =
      TaggedOp("Check in on site (optional position in decimal degrees)", "inspections", Ref("Inspection"), 200,
               Obj({{"latitude", Str()}, {"longitude", Str()}}), {id, insp_match, Idem()});
  paths["/api/v1/inspections/{id}/feedback"]["post"] =
      TaggedOp("On-site feedback (现场反馈)", "inspections", Ref("Inspection"), 200,
               Obj({{"feedback", Str()}}, {"feedback"}), {id, insp_match, Idem()});
  paths["/api/v1/inspections/{id}/signatures"]["post"] = TaggedOp(
      "Sign (an inspector, or the school's representative)", "inspections", Ref("Inspection"), 200,
      Obj({{"role", Enum({"inspector", "school"})}, {"name", Str()}}, {"role", "name"}), {id, insp_match, Idem()});
  paths["/api/v1/inspections/{id}/submit"]["post"] =
      TaggedOp("Submit (every item answered, signatures present)", "inspections", Ref("Inspection"), 200, nullptr,
               {id, insp_match, Idem()});
  const Json item_body = Obj({{"result", result}, {"note", Str()}, {"photos", ids}}, {"result"});
  paths["/api/v1/inspections/{id}/items/{code}"]["post"] = TaggedOp(
      "Record one item (a failed template item becomes a hazard in the closed loop); 201 the first time", "inspections",
      Ref("ItemRecorded"), 200, item_body,
      {id, PathParam("code"), IfMatch(false, "the ITEM's version; required once the item was recorded"), Idem()});
  paths["/api/v1/inspections/{id}/items"]["post"] = TaggedOp(
      "Record several items in one journal entry (offline sync); all or nothing", "inspections",
      Obj({{"inspection_id", Str()},
           {"inspection_version", Int()},
           {"items", Arr(Ref("ItemRecord"))},
           {"hazards",
            Arr(Obj(
                {{"id", Str()}, {"number", Str()}, {"state", Str()}, {"risk_level", risk}, {"item_code", Str()}}))}}),
      200,
      Obj({{"items",
            Arr(Obj({{"code", Str()}, {"result", result}, {"note", Str()}, {"photos", ids}, {"item_version", Int()}},
                    {"code", "result"}))}},
          {"items"}),
      {id, Idem()});
  paths["/api/v1/inspections/{id}/amend"]["post"] = TaggedOp(
      "Amend one item of a submitted inspection, with a journaled reason", "inspections", Ref("ItemRecorded"), 200,
      Obj({{"code", Str()},
           {"result", result},
           {"note", Str()},
           {"photos", ids},
           {"item_version", Int()},
           {"reason", Str()}},
          {"code", "result", "reason"}),
      {id, insp_match, Idem()});

  const Json progress = Obj({{"assigned", Int()}, {"submitted", Int()}, {"in_progress", Int()}, {"overdue", Int()}});
  Json county = progress;
  county["properties"]["org_id"] = Str();
  county["properties"]["name"] = Str();
  paths["/api/v1/campaigns/{id}/self-inspections"]["post"] = TaggedOp(
      "Assign a checklist to every school in scope as self-inspection (自查自纠)", "self-inspection",
      Obj({{"assigned", Int()}}), 200,
      Obj({{"template_id", Str()}, {"due_date", date}, {"org_id", Str()}}, {"template_id", "due_date"}), {id, Idem()});
  paths["/api/v1/campaigns/{id}/self-inspections"]["get"] =
      TaggedOp("Self-inspection progress per county", "self-inspection",
               Obj({{"campaign_id", Str()}, {"total", progress}, {"counties", Arr(county)}}), 200, nullptr,
               {id, QueryParam("org_id", Str())});
  paths["/api/v1/campaigns/{id}/self-inspections/schools"]["get"] =
      TaggedOp("Self-inspections per school", "self-inspection", PageOf("Inspection"), 200, nullptr,
               With(Paging(), {id, QueryParam("org_id", Str()), QueryParam("state", istate)}));
  paths["/api/v1/campaigns/{id}/self-inspections/remind"]["post"] =
      TaggedOp("Remind every school whose self-inspection is not submitted (journaled)", "self-inspection",
               Obj({{"reminded", Int()}}), 200, Obj({{"org_id", Str()}}), {id, Idem()});
}

}  // namespace anxiao::http
