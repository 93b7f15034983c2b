// The OpenAPI entries of the draw routes (draw_api.cpp), added to the document that openapi.cpp
// builds.

#include <string>
#include <utility>

#include "base/canonical_json.hpp"
#include "http/draw_api.hpp"
#include "http/openapi_kit.hpp"

namespace anxiao::http {
namespace {

using namespace openapi_kit;  // NOLINT: the shared OpenAPI builders

Json Op(const std::string& summary, const Json& ok, int status = 200, const Json& body = nullptr,
        Json params = Json::array()) {
  return TaggedOp(summary, "draws", ok, status, body, std::move(params));
}

}  // namespace

void AddDrawOpenApi(Json& paths, Json& schemas) {
  const Json state = Json{{"type", "string"}, {"enum", {"committed", "executed", "infeasible"}}};
  schemas["DrawProblem"] =
      Obj({{"kind", Json{{"type", "string"},
                         {"enum",
                          {"stratum_short", "stratum_rule_short", "rotation_impossible", "inspectors_short",
                           "inspectors_rule_short", "inspectors_total_short", "team_short"}}}},
           {"county", NStr()},
           {"by_county", NStr()},
           {"rule", Json{{"type", {"integer", "null"}}}},
           {"need", Int()},
           {"have", Int()},
           {"message", Str()}});
  schemas["DrawRegisterVersion"] = Obj({{"id", NStr()},
                                        {"kind", Json{{"type", "string"}, {"enum", {"schools", "inspectors"}}}},
                                        {"org_id", Str()},
                                        {"number", Int()},
                                        {"sha256", Str()},
                                        {"count", Int()},
                                        {"published_by", NStr()},
                                        {"published_at", NStr()},
                                        {"records", Arr(AnyObj())}});
  const Json summary_props{{"id", Str()},           {"org_id", Str()},       {"name", Str()},
                           {"state", state},        {"format", Str()},       {"counties", Arr(Str())},
                           {"commitment", Str()},   {"committed_by", Str()}, {"committed_at", Str()},
                           {"executed_by", NStr()}, {"executed_at", NStr()}, {"version", Int()}};
  Json full = summary_props;
  full["definition"] = AnyObj();
  full["canonical_definition"] = Str();
  full["registers"] = Obj(
      {{"schools", Obj({{"id", Str()}, {"sha256", Str()}})}, {"inspectors", Obj({{"id", Str()}, {"sha256", Str()}})}});
  full["seed"] = NStr();
  full["public_value"] = NStr();
  full["result"] = Json{{"type", {"object", "null"}}};
  full["problems"] = Arr(Ref("DrawProblem"));
  full["names"] = Json{{"type", "object"}, {"additionalProperties", Str()}};
  schemas["DrawSummary"] = Obj(summary_props);
  schemas["Draw"] = Obj(full);
  schemas["DrawPlan"] =
      Obj({{"feasible", Bool()},
           {"problems", Arr(Ref("DrawProblem"))},
           {"definition", AnyObj()},
           {"registers", Obj({{"schools", Ref("DrawRegisterVersion")}, {"inspectors", Ref("DrawRegisterVersion")}})},
           {"code", Str()},
           {"message", Str()}});
  const Json request = Obj({{"org_id", Str()}, {"name", Str()}, {"definition", AnyObj()}}, {"name", "definition"});
  const Json id = PathParam("id");

  paths["/api/v1/draws"]["get"] =
      Op("Draws whose org is in scope, newest first",
         Obj({{"items", Arr(Ref("DrawSummary"))}, {"total", Int()}, {"page", Int()}, {"page_size", Int()}}), 200,
         nullptr, Json::array({QueryParam("page", Int()), QueryParam("page_size", Int())}));
  paths["/api/v1/draws"]["post"] =
      Op("Create and commit a draw (docs/draw_algorithm.md): snapshot the school register, pin the inspector register, "
         "publish SHA-256(seed ‖ D). 422 draw_infeasible (a DrawPlan with every problem) when it cannot be drawn",
         Ref("Draw"), 201, request);
  paths["/api/v1/draws/check"]["post"] =
      Op("Dry run: the feasibility check and the register versions a commit would use; writes nothing", Ref("DrawPlan"),
         200, request);
  paths["/api/v1/draws/{id}"]["get"] =
      Op("A draw: definition, D, commitment, pinned registers; seed, public value and result after the reveal",
         Ref("Draw"), 200, nullptr, {id});
  paths["/api/v1/draws/{id}/execute"]["post"] =
      Op("Execute once with the public value announced after the commitment: reveals the seed", Ref("Draw"), 200,
         Obj({{"public_value", Str()}}, {"public_value"}), {id});
  paths["/api/v1/draws/{id}/export"]["get"] =
      Op("Self-contained export from the journal (docs/draw_algorithm.md §8), for `anxiao draw verify FILE`", AnyObj(),
         200, nullptr, {id});
  paths["/api/v1/draws/{id}/verify"]["get"] = Op("Re-run the draw from its journaled inputs",
                                                 Obj({{"draw_id", Str()},
                                                      {"identical", Bool()},
                                                      {"difference", NStr()},
                                                      {"commitment", Str()},
                                                      {"commitment_matches", Bool()},
                                                      {"schools", Int()},
                                                      {"inspectors", Int()},
                                                      {"teams", Int()},
                                                      {"problems", Int()}}),
                                                 200, nullptr, {id});
  paths["/api/v1/draw-registers"]["get"] = Op(
      "The latest version of a register of an org in scope, with its records", Ref("DrawRegisterVersion"), 200, nullptr,
      Json::array({QueryParam("kind", Json{{"type", "string"}, {"enum", {"schools", "inspectors"}}}),
                   QueryParam("org_id", Str())}));
  paths["/api/v1/draw-registers/{id}"]["get"] =
      Op("One register version, with its records", Ref("DrawRegisterVersion"), 200, nullptr, {id});
  paths["/api/v1/draw-registers/inspectors"]["post"] =
      Op("Publish the inspector register of a bureau as a new version (unchanged lists publish nothing)",
         Ref("DrawRegisterVersion"), 201,
         Obj({{"org_id", Str()},
              {"inspectors", Arr(Obj({{"id", Str()},
                                      {"name", Str()},
                                      {"home_unit", Str()},
                                      {"county", Str()},
                                      {"field", Str()},
                                      {"certificate", Str()},
                                      {"available", Bool()}},
                                     {"id", "name", "home_unit", "county", "field", "certificate", "available"}))}},
             {"inspectors"}));
}

}  // namespace anxiao::http
