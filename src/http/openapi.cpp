#include <string>
#include <utility>
#include <vector>

#include "base/canonical_json.hpp"
#include "http/api.hpp"
#include "http/campaign_api.hpp"
#include "http/draw_api.hpp"
#include "http/report_api.hpp"

namespace anxiao::http {
namespace {

Json Ref(const std::string& name) { return Json{{"$ref", "#/components/schemas/" + name}}; }

Json JsonContent(const Json& schema) { return Json{{"application/json", {{"schema", schema}}}}; }

Json Op(const std::string& summary, const std::string& tag, const Json& ok_schema, int ok_status = 200,
        bool auth = true, const Json& body = nullptr, Json params = Json::array()) {
  Json responses = Json::object();
  Json ok{{"description", "success"}};
  if (!ok_schema.is_null()) ok["content"] = JsonContent(ok_schema);
  responses[std::to_string(ok_status)] = ok;
  responses["4XX"] = Json{{"description", "error"}, {"content", JsonContent(Ref("Error"))}};
  Json op{{"summary", summary}, {"tags", {tag}}, {"responses", responses}};
  if (!auth) op["security"] = Json::array();
  if (!body.is_null()) op["requestBody"] = Json{{"required", true}, {"content", JsonContent(body)}};
  if (!params.empty()) op["parameters"] = params;
  return op;
}

Json PathParam(const std::string& name) {
  return Json{{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
}
Json QueryParam(const std::string& name, Json schema, const std::string& desc = "") {
  Json p{{"name", name}, {"in", "query"}, {"required", false}, {"schema", schema}};
  if (!desc.empty()) p["description"] = desc;
  return p;
}
Json IfMatchParam() {
  return Json{{"name", "If-Match"},
              {"in", "header"},
              {"required", true},
              {"schema", {{"type", "string"}}},
              {"description", "the record's version from its ETag"}};
}
Json Enum(std::initializer_list<const char*> values) {
  Json e = Json::array();
  for (auto v : values) e.push_back(v);
  return Json{{"type", "string"}, {"enum", e}};
}
Json Obj(Json props, Json required = Json::array()) {
  Json o{{"type", "object"}, {"properties", props}};
  if (!required.empty()) o["required"] = required;
  return o;
}
Json Str() { return Json{{"type", "string"}}; }
Json Int() { return Json{{"type", "integer"}}; }
Json Bool() { return Json{{"type", "boolean"}}; }
Json PageOfSchema(const std::string& item) {
  return Obj(
      {{"items", {{"type", "array"}, {"items", Ref(item)}}}, {"total", Int()}, {"page", Int()}, {"page_size", Int()}});
}

Json Build() {
  const Json role = Enum({"admin", "bureau_officer", "inspector", "expert", "school_officer", "principal", "auditor"});
  const Json school_type =
      Enum({"kindergarten", "primary", "junior_middle", "senior_high", "nine_year", "complete_middle", "vocational",
            "special_education", "higher_education", "off_campus_training"});
  const Json ownership = Enum({"public", "private"});
  const Json location = Enum({"urban", "town", "fringe", "rural"});
  Json schemas;
  schemas["Error"] =
      Obj({{"code", Str()}, {"message", Str()}, {"field", Str()}, {"retry_after_seconds", Int()}}, {"code", "message"});
  schemas["User"] = Obj({{"id", Str()},
                         {"username", Str()},
                         {"display_name", Str()},
                         {"role", role},
                         {"scope_org_id", Str()},
                         {"organization", Str()},
                         {"disabled", Bool()},
                         {"version", Int()}});
  schemas["Org"] =
      Obj({{"id", Str()},
           {"parent_id", {{"type", {"string", "null"}}}},
           {"kind", Enum({"province", "city", "county", "school"})},
           {"name", Str()},
           {"code", Str()},
           {"school_count", Int()},
           {"path", {{"type", "array"}, {"items", Obj({{"id", Str()}, {"name", Str()}, {"kind", Str()}})}}}});
  Json school_props{{"code", Str()},
                    {"name", Str()},
                    {"parent_id", Str()},
                    {"type", school_type},
                    {"ownership", ownership},
                    {"location_class", location},
                    {"boarding", Bool()},
                    {"student_count", Int()},
                    {"address", Str()},
                    {"latitude", Str()},
                    {"longitude", Str()},
                    {"principal_name", Str()},
                    {"principal_phone", Str()},
                    {"safety_officer_name", Str()},
                    {"safety_officer_phone", Str()}};
  schemas["SchoolInput"] = Obj(school_props, {"code", "name", "parent_id", "type"});
  Json school_out = school_props;
  school_out["id"] = Str();
  school_out["org_id"] = Str();
  school_out["parent_name"] = Str();
  school_out["version"] = Int();
  schemas["School"] = Obj(school_out);
  schemas["JournalHead"] = Obj({{"seq", Int()}, {"hash", Str()}});
  schemas["VerifyResult"] = Obj({{"ok", Bool()},
                                 {"entries", Int()},
                                 {"rows_compared", Int()},
                                 {"head", Ref("JournalHead")},
                                 {"elapsed_ms", Int()},
                                 {"problems",
                                  {{"type", "array"},
                                   {"items", Obj({{"kind", Str()},
                                                  {"seq", Int()},
                                                  {"table", Str()},
                                                  {"record", Str()},
                                                  {"field", Str()},
                                                  {"stored", Str()},
                                                  {"replayed", Str()},
                                                  {"message", Str()}})}}}});

  Json paths;
  paths["/api/v1/health"]["get"] = Op("Liveness, store engine and journal head", "system",
                                      Obj({{"status", Str()},
                                           {"version", Str()},
                                           {"store", Enum({"sqlite", "postgresql"})},
                                           {"journal_head", Ref("JournalHead")}}),
                                      200, false);
  paths["/api/v1/openapi.json"]["get"] = Op("This document", "system", Obj({}), 200, false);
  paths["/api/v1/session"]["post"] =
      Op("Sign in; sets the session cookie", "session", Obj({{"csrf_token", Str()}, {"user", Ref("User")}}), 200, false,
         Obj({{"username", Str()}, {"password", Str()}}, {"username", "password"}));
  paths["/api/v1/session"]["delete"] = Op("Sign out", "session", nullptr, 204);
  paths["/api/v1/me"]["get"] = Op("The signed-in user, its scope and CSRF token", "session",
                                  Obj({{"csrf_token", Str()}, {"user", Ref("User")}, {"scope", Ref("Org")}}));
  paths["/api/v1/orgs/{id}"]["get"] =
      Op("One org node in scope", "orgs", Ref("Org"), 200, true, nullptr, {PathParam("id")});
  paths["/api/v1/orgs/{id}/children"]["get"] =
      Op("Children of an org node", "orgs", Obj({{"items", {{"type", "array"}, {"items", Ref("Org")}}}}), 200, true,
         nullptr, {PathParam("id")});
  paths["/api/v1/schools"]["get"] =
      Op("Search the school register in scope", "schools", PageOfSchema("School"), 200, true, nullptr,
         {QueryParam("q", Str(), "name substring, school code prefix, full pinyin or pinyin initials"),
          QueryParam("org", Str()), QueryParam("type", school_type), QueryParam("ownership", ownership),
          QueryParam("location_class", location), QueryParam("boarding", Bool()), QueryParam("page", Int()),
          QueryParam("page_size", Int())});
  paths["/api/v1/schools"]["post"] =
      Op("Create a school (admin)", "schools", Ref("School"), 201, true, Ref("SchoolInput"));
  paths["/api/v1/schools/{id}"]["get"] =
      Op("One school", "schools", Ref("School"), 200, true, nullptr, {PathParam("id")});
  paths["/api/v1/schools/{id}"]["patch"] = Op("Edit a school (admin)", "schools", Ref("School"), 200, true,
                                              Obj(school_props), {PathParam("id"), IfMatchParam()});
  paths["/api/v1/users"]["get"] =
      Op("List users (admin); with assignable=member|expert, the enabled people a bureau officer may put on a team "
         "(id, display_name, role, organization, scope_org_id only)",
         "users", PageOfSchema("User"), 200, true, nullptr,
         {QueryParam("q", Str()), QueryParam("role", role), QueryParam("assignable", Enum({"member", "expert"})),
          QueryParam("page", Int()), QueryParam("page_size", Int())});
  paths["/api/v1/users"]["post"] = Op("Create a user (admin)", "users", Ref("User"), 201, true,
                                      Obj({{"username", Str()},
                                           {"display_name", Str()},
                                           {"role", role},
                                           {"scope_org_id", Str()},
                                           {"password", Str()},
                                           {"organization", Str()}},
                                          {"username", "display_name", "role", "scope_org_id", "password"}));
  paths["/api/v1/users/{id}"]["get"] =
      Op("One user (admin)", "users", Ref("User"), 200, true, nullptr, {PathParam("id")});
  paths["/api/v1/users/{id}"]["patch"] = Op("Change a user (admin)", "users", Ref("User"), 200, true,
                                            Obj({{"display_name", Str()},
                                                 {"role", role},
                                                 {"scope_org_id", Str()},
                                                 {"organization", Str()},
                                                 {"disabled", Bool()}}),
                                            {PathParam("id"), IfMatchParam()});
  paths["/api/v1/users/{id}/password"]["post"] = Op("Reset a user's password (admin)", "users", nullptr, 204, true,
                                                    Obj({{"password", Str()}}, {"password"}), {PathParam("id")});
  paths["/api/v1/integrity"]["get"] = Op("Journal head and checkpoints", "integrity",
                                         Obj({{"head", Ref("JournalHead")}, {"checkpoints", {{"type", "array"}}}}));
  paths["/api/v1/integrity/verify"]["post"] =
      Op("Verify the journal and projections now", "integrity", Ref("VerifyResult"));

  // Hazards: the closed loop (docs/api.md "Hazards").
  const Json risk = Enum({"red", "orange", "yellow", "blue"});
  const Json hazard_state = Enum({"registered", "planned", "rectifying", "awaiting_review", "closed", "voided"});
  const Json source = Enum({"self", "county_census", "county_spot_check", "city_supervision", "cross_inspection",
                            "resident", "thematic", "province", "other_department", "public_report"});
  const Json category = Enum({"fire", "buildings", "food", "traffic", "lab_chemicals", "security", "dormitory",
                              "drowning", "epidemic", "large_events", "other"});
  const Json date = Json{{"type", "string"}, {"format", "date"}};
  const Json nullable_str = Json{{"type", {"string", "null"}}};
  const Json sha_list =
      Json{{"type", "array"}, {"maxItems", 20}, {"items", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}}};
  schemas["Hazard"] = Obj({{"id", Str()},
                           {"number", Str()},
                           {"school_id", Str()},
                           {"school_name", Str()},
                           {"county_id", Str()},
                           {"supervising_org_id", Str()},
                           {"source", source},
                           {"category", category},
                           {"description", Str()},
                           {"location", Str()},
                           {"risk_level", risk},
                           {"state", hazard_state},
                           {"found_at", date},
                           {"found_by", Str()},
                           {"registered_at", Str()},
                           {"deadline", date},
                           {"overdue", Bool()},
                           {"days_left", Int()},
                           {"measures", Str()},
                           {"responsible_person", Str()},
                           {"funds", Str()},
                           {"contingency_plan", Str()},
                           {"interim_measures", Str()},
                           {"closed_for_use", Bool()},
                           {"planned_by", nullable_str},
                           {"started_by", nullable_str},
                           {"last_progress_by", nullable_str},
                           {"last_progress_note", Str()},
                           {"submitted_by", nullable_str},
                           {"submitted_at", nullable_str},
                           {"reviewed_by", nullable_str},
                           {"reviewed_at", nullable_str},
                           {"closed_at", nullable_str},
                           {"rejection_count", Int()},
                           {"last_rejection_reason", Str()},
                           {"voided_by", nullable_str},
                           {"voided_reason", Str()},
                           {"extension_count", Int()},
                           {"updated_at", Str()},
                           {"version", Int()}});
  schemas["HazardExtension"] = Obj({{"id", Str()},
                                    {"hazard_id", Str()},
                                    {"requested_by", Str()},
                                    {"requested_at", Str()},
                                    {"old_deadline", date},
                                    {"new_deadline", date},
                                    {"reason", Str()},
                                    {"state", Enum({"pending", "approved", "denied"})},
                                    {"decided_by", nullable_str},
                                    {"decided_at", nullable_str},
                                    {"decision_reason", Str()}});
  Json detail = schemas["Hazard"];
  detail["properties"]["history"] = {
      {"type", "array"},
      {"items",
       Obj({{"seq", Int()}, {"at", Str()}, {"actor", Str()}, {"kind", Str()}, {"payload", {{"type", "object"}}}})}};
  const Json nullable_int = Json{{"type", {"integer", "null"}}};
  detail["properties"]["evidence"] = {
      {"type", "array"},
      {"items",
       Obj({{"sha256", Str()},
            {"kind", Enum({"before", "progress", "after"})},
            {"added_seq", Int()},
            {"url", Str()},
            {"thumb_url", Str()},
            {"mime", nullable_str},
            {"width", nullable_int},
            {"height", nullable_int},
            {"taken_at", {{"type", {"string", "null"}}, {"description", "EXIF DateTimeOriginal (camera time)"}}}})}};
  schemas["Evidence"] = Obj(
      {{"sha256", Str()},
       {"size", Int()},
       {"mime", Enum({"image/jpeg", "image/png", "image/webp"})},
       {"width", Int()},
       {"height", Int()},
       {"taken_at", {{"type", {"string", "null"}}, {"description", "EXIF DateTimeOriginal as YYYY-MM-DDTHH:MM:SS"}}},
       {"gps",
        {{"type", {"object", "null"}}, {"properties", {{"lat", {{"type", "number"}}}, {"lon", {{"type", "number"}}}}}}},
       {"phash", {{"type", "string"}, {"description", "64-bit DCT perceptual hash, 16 hex digits"}}},
       {"url", Str()},
       {"thumb_url", Str()}});
  detail["properties"]["extensions"] = {{"type", "array"}, {"items", Ref("HazardExtension")}};
  detail["properties"]["actions"] = {{"type", "array"},
                                     {"items", Enum({"plan", "start", "progress", "submit", "close", "reject", "void",
                                                     "request_extension", "decide_extension"})},
                                     {"description", "what the caller may do now"}};
  detail["properties"]["people"] = {{"type", "object"},
                                    {"additionalProperties", Str()},
                                    {"description", "display names by user id of everyone the record mentions"}};
  schemas["HazardDetail"] = detail;
  const Json idem =
      Json{{"name", "Idempotency-Key"},
           {"in", "header"},
           {"required", false},
           {"schema", {{"type", "string"}}},
           {"description", "1-128 of [A-Za-z0-9_.:-]; a replay returns the first response and changes nothing"}};
  for (const char* ledger : {"hazards", "rectifications"})
    for (const char* ext : {"xlsx", "csv"}) {
      const bool xlsx = std::string(ext) == "xlsx";
      Json op = Op(std::string(ledger) == std::string("hazards")
                       ? "Hazard ledger (隐患台账) of an org in scope"
                       : "Rectification ledger (整改台账) of an org in scope: planned and beyond, not voided",
                   "ledgers", nullptr, 200, true, nullptr, {PathParam("id")});
      op["responses"]["200"]["content"] =
          Json{{xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
                {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
      op["responses"]["200"]["description"] =
          "a download (Content-Disposition: attachment; filename*=UTF-8''…); columns 序号, 学校, 隐患描述, 类别, "
          "风险等级, "
          "发现方式, 发现时间, 整改措施, 责任人, 整改时限, 进度, 完成时间, 复查人, 复查时间, 销号时间, 备注" +
          std::string(xlsx ? "" : "; UTF-8 with a byte-order mark, CRLF line ends");
      paths["/api/v1/orgs/{id}/ledgers/" + std::string(ledger) + "." + ext]["get"] = op;
    }
  paths["/api/v1/orgs/{id}/self-check"]["get"] =
      Op("Self-inspection miss rate of an org in scope and its children: schools whose submitted self-inspection "
         "found nothing, and those of them where outside inspections found hazards",
         "five-knowns", Json{{"type", "object"}}, 200, true, nullptr,
         {PathParam("id"), QueryParam("as_of", date, "the reference day (China); default today"),
          QueryParam("campaign", Str(), "a campaign id: only its self-inspections and hazards")});
  paths["/api/v1/orgs/{id}/five-knowns"]["get"] =
      Op("Five knowns (五个心中有数) of an org in scope and the league table of its children, which add up to it",
         "five-knowns", Json{{"type", "object"}}, 200, true, nullptr,
         {PathParam("id"),
          QueryParam("as_of", date,
                     "the reference day (China): overdue and due-soon are judged at it, "
                     "later findings are left out; default today"),
          QueryParam("campaign", Str(),
                     "a campaign id: only its hazards, plus its figures over the node (teams, "
                     "schools inspected / in scope); the trend covers its period")});
  {
    Json op = Op("Campaign bulletin (通报) over the part of the campaign the caller sees, generated from the data",
                 "documents", nullptr, 200, true, nullptr,
                 {PathParam("id"), QueryParam("lang", Enum({"zh-Hans", "zh-Hant", "en"}), "default zh-Hans"),
                  QueryParam("format", Enum({"txt", "pdf"}), "default txt")});
    op["responses"]["200"]["content"] =
        Json{{"text/plain; charset=utf-8", {{"schema", {{"type", "string"}}}}},
             {"application/pdf", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
    paths["/api/v1/campaigns/{id}/bulletin"]["get"] = op;
  }
  {
    Json op =
        Op("Rectification notice (整改通知书) of a submitted inspection as PDF; issues (journals) a new notice "
           "when the record would print different content, else returns the one issued",
           "documents", nullptr, 200, true, nullptr,
           {PathParam("id"), QueryParam("school", Str(), "the inspection's school (optional check)")});
    op["responses"]["200"]["content"] =
        Json{{"application/pdf", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
    op["responses"]["200"]["description"] =
        "the PDF; header X-Verification-Code carries the code printed in its QR code";
    paths["/api/v1/inspections/{id}/notice.pdf"]["get"] = op;
  }
  paths["/api/v1/verify/notices/{code}"]["get"] =
      Op("Public check of a rectification notice's verification code: what it covers, the hazards' current state, "
         "and whether the journal entries behind it still hash correctly",
         "documents", Json{{"type", "object"}}, 200, false, nullptr, {PathParam("code")});
  paths["/api/v1/hazards"]["get"] =
      Op("Search hazards in scope", "hazards", PageOfSchema("Hazard"), 200, true, nullptr,
         {QueryParam("org", Str()), QueryParam("school", Str()), QueryParam("campaign", Str()),
          QueryParam("state", hazard_state), QueryParam("risk_level", risk), QueryParam("category", category),
          QueryParam("source", source), QueryParam("overdue", Bool()), QueryParam("due_within_days", Int()),
          QueryParam("q", Str(), "number or description substring"),
          QueryParam("sort", Enum({"deadline", "-deadline", "found_at", "-found_at", "risk", "number"})),
          QueryParam("page", Int()), QueryParam("page_size", Int())});
  paths["/api/v1/hazards"]["post"] = Op("Register a hazard", "hazards", Ref("Hazard"), 201, true,
                                        Obj({{"school_id", Str()},
                                             {"source", source},
                                             {"category", category},
                                             {"description", Str()},
                                             {"location", Str()},
                                             {"risk_level", risk},
                                             {"found_at", date},
                                             {"supervising_org_id", Str()},
                                             {"evidence", sha_list}},
                                            {"school_id", "category", "description", "risk_level"}),
                                        {idem});
  paths["/api/v1/hazards/{id}"]["get"] = Op("One hazard with its history, evidence and extensions", "hazards",
                                            Ref("HazardDetail"), 200, true, nullptr, {PathParam("id")});
  const std::vector<std::pair<std::string, std::pair<std::string, Json>>> actions = {
      {"plan",
       {"Plan the rectification (red: 五落实 and interim measures)", Obj({{"measures", Str()},
                                                                          {"responsible_person", Str()},
                                                                          {"funds", Str()},
                                                                          {"deadline", date},
                                                                          {"contingency_plan", Str()},
                                                                          {"interim_measures", Str()},
                                                                          {"closed_for_use", Bool()}},
                                                                         {"measures", "responsible_person"})}},
      {"start", {"Start rectifying", Obj({})}},
      {"progress", {"Record progress", Obj({{"note", Str()}, {"evidence", sha_list}}, {"note"})}},
      {"submit",
       {"Submit for review (needs after-photos)", Obj({{"note", Str()}, {"evidence", sha_list}}, {"evidence"})}},
      {"review",
       {"Review: close or reject (supervising level, never the school or a rectifier)",
        Obj({{"decision", Enum({"close", "reject"})}, {"reason", Str()}}, {"decision"})}},
      {"void", {"Void with a reason (supervising level)", Obj({{"reason", Str()}}, {"reason"})}},
  };
  for (const auto& [name, what] : actions)
    paths["/api/v1/hazards/{id}/" + name]["post"] =
        Op(what.first, "hazards", Ref("Hazard"), 200, true, what.second, {PathParam("id"), IfMatchParam(), idem});
  paths["/api/v1/hazards/{id}/extensions"]["post"] =
      Op("Request a deadline extension (the school)", "hazards",
         Obj({{"extension", Ref("HazardExtension")}, {"hazard", Ref("Hazard")}}), 201, true,
         Obj({{"new_deadline", date}, {"reason", Str()}}, {"new_deadline", "reason"}),
         {PathParam("id"), IfMatchParam(), idem});
  paths["/api/v1/hazards/{id}/extensions/{eid}/decision"]["post"] =
      Op("Approve or deny an extension (supervising level)", "hazards",
         Obj({{"extension", Ref("HazardExtension")}, {"hazard", Ref("Hazard")}}), 200, true,
         Obj({{"decision", Enum({"approve", "deny"})}, {"reason", Str()}}, {"decision"}),
         {PathParam("id"), PathParam("eid"), IfMatchParam(), idem});

  {
    Json up =
        Op("Upload an evidence photo (JPEG, PNG or WebP, at most 20 MiB): 201, or 200 when the same bytes were "
           "stored before",
           "evidence", Ref("Evidence"), 201, true, nullptr, {idem});
    up["responses"]["200"] = Json{{"description", "already stored"}, {"content", JsonContent(Ref("Evidence"))}};
    up["requestBody"] =
        Json{{"required", true},
             {"description",
              "the raw image, or multipart/form-data with a part named file; the content is checked, never its "
              "name or Content-Type"},
             {"content",
              {{"image/jpeg", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
               {"image/png", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
               {"image/webp", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
               {"multipart/form-data",
                {{"schema", Obj({{"file", {{"type", "string"}, {"format", "binary"}}}}, {"file"})}}}}}};
    paths["/api/v1/evidence"]["post"] = up;
    for (bool thumb : {false, true}) {
      Json get = Op(thumb ? "The photo's thumbnail (JPEG, at most 320 px)" : "The photo as uploaded", "evidence",
                    nullptr, 200, true, nullptr, {PathParam("sha256")});
      get["description"] =
          "Readable by whoever can read a record that references it, and by its uploaders while none does; 404 for "
          "everyone else, as for a missing file. Cache-Control: private, max-age=31536000, immutable.";
      get["responses"]["200"]["content"] =
          thumb ? Json{{"image/jpeg", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}
                : Json{{"image/*", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
      paths[thumb ? "/api/v1/evidence/{sha256}/thumb" : "/api/v1/evidence/{sha256}"]["get"] = get;
    }
  }
  // Settings and notices (settings_api.cpp).
  const Json deadlines =
      Obj({{"red", Int()}, {"orange", Int()}, {"yellow", Int()}, {"blue", Int()}}, {"red", "orange", "yellow", "blue"});
  paths["/api/v1/settings/hazard-deadlines"]["get"] =
      Op("Default deadline days per risk level", "settings", deadlines, 200, true);
  paths["/api/v1/settings/hazard-deadlines"]["put"] =
      Op("Change the default deadline days (administrators; applies to hazards registered afterwards)", "settings",
         deadlines, 200, true, deadlines);
  paths["/api/v1/notices"]["get"] = Op("Notices to orgs in scope, newest first (挂牌督办 of red hazards)", "notices",
                                       Obj({{"items", Json{{"type", "array"},
                                                           {"items", Obj({{"id", Str()},
                                                                          {"kind", Str()},
                                                                          {"at", Str()},
                                                                          {"to_org", Json::object()},
                                                                          {"hazard", Ref("Hazard")}})}}},
                                            {"total", Int()},
                                            {"page", Int()},
                                            {"page_size", Int()}}),
                                       200, true, nullptr, {QueryParam("page", Int()), QueryParam("page_size", Int())});

  AddCampaignOpenApi(paths, schemas);
  AddDrawOpenApi(paths, schemas);
  AddReportOpenApi(paths, schemas);

  return Json{{"openapi", "3.1.0"},
              {"info",
               {{"title", "Anxiao (安校) API"},
                {"version", ANXIAO_VERSION},
                {"description", "School safety inspection and closed-loop hazard rectification. See docs/api.md."}}},
              {"servers", {{{"url", "/"}}}},
              {"security", {{{"session", Json::array()}}, {{"bearer", Json::array()}}}},
              {"components",
               {{"schemas", schemas},
                {"securitySchemes",
                 {{"session",
                   {{"type", "apiKey"},
                    {"in", "cookie"},
                    {"name", "anxiao_session"},
                    {"description", "writes also need the X-CSRF-Token header"}}},
                  {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
              {"paths", paths}};
}

}  // namespace

const std::string& OpenApiDocument() {
  static const std::string doc = Build().dump();
  return doc;
}

}  // namespace anxiao::http
