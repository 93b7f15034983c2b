// Verifiable random draws over HTTP (docs/api.md "Draws"). Transport only: the rules are
// app::Draws'. Reads outside the caller's scope answer 404 like missing records.
//
//   GET  /api/v1/draws                       draws in scope, newest first
//   POST /api/v1/draws/check                 dry run: feasibility and the register versions used
//   POST /api/v1/draws                       create and commit (201); 422 draw_infeasible + problems
//   GET  /api/v1/draws/{id}                  definition, commitment, D, registers, seed after reveal, result
//   POST /api/v1/draws/{id}/execute          {"public_value": …}: reveal and draw
//   GET  /api/v1/draws/{id}/export           the self-contained export `anxiao draw verify FILE` reads
//   GET  /api/v1/draws/{id}/verify           re-run from the journaled inputs
//   GET  /api/v1/draw-registers?kind=&org_id=  the latest version of a register, with its records
//   GET  /api/v1/draw-registers/{id}         one register version, with its records
//   POST /api/v1/draw-registers/inspectors   publish the inspector register {org_id?, inspectors: […]}

#include "http/draw_api.hpp"

#include <memory>

#include "app/draws.hpp"
#include "http/api.hpp"
#include "http/api_kit.hpp"

namespace anxiao::http {
namespace {

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json RegisterJson(const domain::DrawRegisterVersion& r, bool with_records) {
  Json j{{"id", OrNull(r.id)},
         {"kind", r.kind},
         {"org_id", r.org_id},
         {"number", r.number},
         {"sha256", r.sha256},
         {"count", r.count},
         {"published_by", OrNull(r.published_by)},
         {"published_at", OrNull(r.published_at)}};
  if (with_records) {
    auto records = ParseJson(r.records.empty() ? std::string_view("[]") : std::string_view(r.records));
    j["records"] = records ? *records : Json::array();
  }
  return j;
}

Result<Json> ParsedOr(const std::string& text, Json fallback) {
  if (text.empty()) return fallback;
  return ParseJson(text);
}

Result<Json> DrawJson(app::Draws& draws, const domain::DrawRecord& d, bool full) {
  TRY_ASSIGN(auto definition, ParseJson(d.definition));
  TRY_ASSIGN(auto result, ParsedOr(d.result, nullptr));
  TRY_ASSIGN(auto problems, ParsedOr(d.problems, Json::array()));
  Json j{{"id", d.id},
         {"org_id", d.org_id},
         {"name", d.name},
         {"state", std::string(domain::Name(d.state))},
         {"format", std::string(domain::kDrawFormat)},
         {"counties", definition["counties"]},
         {"commitment", d.commitment},
         {"committed_by", d.committed_by},
         {"committed_at", d.committed_at},
         {"executed_by", OrNull(d.executed_by)},
         {"executed_at", OrNull(d.executed_at)},
         {"version", d.version}};
  if (!full) return j;
  TRY_ASSIGN(auto canonical, domain::CanonicalDefinitionOf(d));
  j["definition"] = std::move(definition);
  j["canonical_definition"] = canonical;
  j["registers"] = Json{{"schools", {{"id", d.schools_register_id}, {"sha256", d.schools_sha256}}},
                        {"inspectors", {{"id", d.inspectors_register_id}, {"sha256", d.inspectors_sha256}}}};
  // The seed only after the reveal: before it, it exists only in the draw_secret table.
  j["seed"] = OrNull(d.seed);
  j["public_value"] = d.state == domain::DrawState::kCommitted ? Json(nullptr) : Json(d.public_value);
  j["result"] = std::move(result);
  j["problems"] = std::move(problems);
  TRY_ASSIGN(auto names, draws.NamesOf(d));
  Json n = Json::object();
  for (const auto& [id, name] : names) n[id] = name;
  j["names"] = std::move(n);
  return j;
}

Result<Response> DrawResponse(app::Draws& draws, int status, const domain::DrawRecord& d) {
  TRY_ASSIGN(auto j, DrawJson(draws, d, true));
  auto r = JsonResponse(status, j);
  r.Set("ETag", "\"" + std::to_string(d.version) + "\"");
  return r;
}

Result<app::DrawRequest> ReadRequest(const Request& req) {
  TRY_ASSIGN(auto b, Body::Parse(req));
  app::DrawRequest r;
  TRY_ASSIGN(auto org, b.OptString("org_id", 64));
  r.org_id = org.value_or("");
  TRY_ASSIGN(r.name, b.String("name", 400));
  // The definition is read strictly by domain::ParseDefinition (kInvalidInput naming the path).
  TRY_ASSIGN(auto def, b.Raw("definition"));
  if (!def) return Fail(BadInput("missing_field", "definition is required", "definition"));
  r.definition = std::move(*def);
  TRY_STATUS(b.NoUnknownFields());
  return r;
}

Json PlanJson(const app::DrawPlan& p) {
  return Json{
      {"feasible", p.problems.empty()},
      {"problems", domain::ProblemsJson(p.problems)},
      {"definition", ParseJson(p.definition).value_or(Json::object())},
      {"registers", {{"schools", RegisterJson(p.schools, false)}, {"inspectors", RegisterJson(p.inspectors, false)}}}};
}

Status NoQuery(const Request& req) {
  if (!req.query.empty())
    return Fail(InvalidInput("invalid_query", "unknown query parameter: " + req.query.begin()->first,
                             req.query.begin()->first));
  return {};
}

}  // namespace

void RegisterDrawRoutes(Api& api, app::Services& s) {
  auto draws = std::make_shared<app::Draws>(s);

  api.Add("GET", "/api/v1/draws", true, [draws](ApiCtx& c) -> Result<Response> {
    for (const auto& [k, v] : c.req.query)
      if (k != "page" && k != "page_size")
        return Fail(InvalidInput("invalid_query", "unknown query parameter: " + k, k));
    TRY_ASSIGN(auto page, PageOf(c.req));
    TRY_ASSIGN(auto found, draws->List(c.actor(), page));
    Json items = Json::array();
    for (const auto& d : found.items) {
      TRY_ASSIGN(auto j, DrawJson(*draws, d, false));
      items.push_back(std::move(j));
    }
    return JsonResponse(200, PageJson(std::move(items), found.total, page));
  });

  api.Add("POST", "/api/v1/draws/check", true, [draws](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto r, ReadRequest(c.req));
    TRY_ASSIGN(auto plan, draws->Check(c.actor(), r));
    return JsonResponse(200, PlanJson(plan));
  });

  api.Add("POST", "/api/v1/draws", true, [draws](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto r, ReadRequest(c.req));
    TRY_ASSIGN(auto plan, draws->Commit(c.actor(), r));
    if (!plan.draw) {
      // Infeasible: nothing was committed. Every reason, with the county, rule and numbers.
      Json body = PlanJson(plan);
      body["code"] = "draw_infeasible";
      body["message"] =
          Localise("draw_infeasible", c.lang, "The definition cannot be drawn: " + plan.problems.front().message);
      return JsonResponse(422, body);
    }
    auto resp = DrawResponse(*draws, 201, *plan.draw);
    if (resp) resp->Set("Location", "/api/v1/draws/" + plan.draw->id);
    return resp;
  });

  api.Add("GET", "/api/v1/draws/{id}", true, [draws](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(NoQuery(c.req));
    TRY_ASSIGN(auto d, draws->Get(c.actor(), c.params.at("id")));
    return DrawResponse(*draws, 200, d);
  });

  api.Add("POST", "/api/v1/draws/{id}/execute", true, [draws](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto b, Body::Parse(c.req));
    TRY_ASSIGN(auto value, b.String("public_value", 1000));
    TRY_STATUS(b.NoUnknownFields());
    TRY_ASSIGN(auto d, draws->Execute(c.actor(), c.params.at("id"), value));
    return DrawResponse(*draws, 200, d);
  });

  api.Add("GET", "/api/v1/draws/{id}/export", true, [draws](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(NoQuery(c.req));
    const auto& id = c.params.at("id");
    TRY_ASSIGN(auto j, draws->Export(c.actor(), id));
    auto r = JsonResponse(200, j);
    r.Set("Content-Disposition", "attachment; filename=\"draw-" + PercentEncode(id) + ".json\"");
    return r;
  });

  api.Add("GET", "/api/v1/draws/{id}/verify", true, [draws](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(NoQuery(c.req));
    const auto& id = c.params.at("id");
    TRY_ASSIGN(auto d, draws->Get(c.actor(), id));
    TRY_ASSIGN(auto check, draws->Verify(c.actor(), id));
    return JsonResponse(200, Json{{"draw_id", id},
                                  {"identical", check.identical},
                                  {"difference", OrNull(check.difference)},
                                  {"commitment", check.commitment},
                                  {"commitment_matches", check.commitment == d.commitment},
                                  {"schools", check.schools},
                                  {"inspectors", check.inspectors},
                                  {"teams", check.teams},
                                  {"problems", check.problems}});
  });

  api.Add("GET", "/api/v1/draw-registers", true, [draws](ApiCtx& c) -> Result<Response> {
    for (const auto& [k, v] : c.req.query)
      if (k != "kind" && k != "org_id") return Fail(InvalidInput("invalid_query", "unknown query parameter: " + k, k));
    TRY_ASSIGN(auto r, draws->LatestRegister(c.actor(), c.req.Query("kind"), c.req.Query("org_id")));
    if (!r) return Fail(NotFound("register"));
    return JsonResponse(200, RegisterJson(*r, true));
  });

  api.Add("GET", "/api/v1/draw-registers/{id}", true, [draws](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(NoQuery(c.req));
    TRY_ASSIGN(auto r, draws->GetRegister(c.actor(), c.params.at("id")));
    return JsonResponse(200, RegisterJson(r, true));
  });

  api.Add("POST", "/api/v1/draw-registers/inspectors", true, [draws](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto b, Body::Parse(c.req));
    TRY_ASSIGN(auto org, b.OptString("org_id", 64));
    TRY_ASSIGN(auto records, b.Raw("inspectors"));
    if (!records) return Fail(BadInput("missing_field", "inspectors is required", "inspectors"));
    TRY_STATUS(b.NoUnknownFields());
    TRY_ASSIGN(auto r, draws->PublishInspectors(c.actor(), org.value_or(""), *records));
    return JsonResponse(201, RegisterJson(r, false));
  });
}

}  // namespace anxiao::http
