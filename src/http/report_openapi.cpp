// The OpenAPI entries of the level report routes (report_api.cpp), added to the document that
// openapi.cpp builds.

#include <string>
#include <utility>

#include "base/canonical_json.hpp"
#include "http/openapi_kit.hpp"
#include "http/report_api.hpp"

namespace anxiao::http {
namespace {

using namespace openapi_kit;  // NOLINT: the shared OpenAPI builders

Json IfMatchHeader() {
  return Json{{"name", "If-Match"}, {"in", "header"}, {"required", true}, {"schema", {{"type", "string"}}}};
}
Json Op(const std::string& summary, const Json& ok, int status = 200, const Json& body = nullptr,
        Json params = Json::array()) {
  return TaggedOp(summary, "reports", ok, status, body, std::move(params));
}

}  // namespace

void AddReportOpenApi(Json& paths, Json& schemas) {
  const Json state = Json{{"type", "string"}, {"enum", {"awaiting_approval", "submitted", "accepted", "returned"}}};
  schemas["LevelReport"] =
      Obj({{"id", Str()},
           {"org_id", Str()},
           {"org_name", Str()},
           {"org_kind", Str()},
           {"supervising_org_id", Str()},
           {"supervising_org_name", Str()},
           {"campaign_id", Str()},
           {"campaign_name", Str()},
           {"period_end", Str()},
           {"state", state},
           {"supersedes", NStr()},
           {"sha256", Str()},
           {"signature", Obj({{"algorithm", Str()}, {"public_key", Str()}, {"value", Str()}, {"valid", Bool()}})},
           {"checkpoint", Obj({{"seq", Int()}, {"hash", Str()}})},
           {"children_reported", Int()},
           {"children_missing", Int()},
           {"prepared_by", Str()},
           {"prepared_at", Str()},
           {"approved_by", NStr()},
           {"approved_at", NStr()},
           {"submitted_at", NStr()},
           {"decided_by", NStr()},
           {"decided_at", NStr()},
           {"return_reason", NStr()},
           {"version", Int()},
           {"body", AnyObj()},
           {"hash_valid", Bool()},
           {"changed_since_report", Bool()},
           {"differences", Arr(Obj({{"path", Str()}, {"reported", Json::object()}, {"now", Json::object()}}))}});
  const Json page = Obj({{"items", Arr(Ref("LevelReport"))}, {"total", Int()}, {"page", Int()}, {"page_size", Int()}});
  paths["/api/v1/reports"]["get"] =
      Op("Level reports of orgs in scope, newest first (to: sent to that org)", page, 200, nullptr,
         {QueryParam("org", Str()), QueryParam("campaign", Str()), QueryParam("state", state), QueryParam("to", Str()),
          QueryParam("page", Int()), QueryParam("page_size", Int())});
  paths["/api/v1/reports"]["post"] =
      Op("Prepare a report of an org for a campaign and period end: the figures are computed, frozen with the "
         "journal checkpoint and the children's accepted reports, hashed and signed. A school's report awaits its "
         "principal unless the principal prepares it. 409 report_exists when a live report exists",
         Ref("LevelReport"), 201, Obj({{"org", Str()}, {"campaign", Str()}, {"as_of", Str()}}, {"campaign"}));
  paths["/api/v1/reports/preview"]["get"] =
      Op("The body that would be frozen now (nothing is written), and the live report if one exists",
         Obj({{"body", AnyObj()}, {"live_report", AnyObj()}}), 200, nullptr,
         {QueryParam("org", Str()), QueryParam("campaign", Str()), QueryParam("as_of", Str())});
  paths["/api/v1/reports/{id}"]["get"] =
      Op("A report with its frozen body, and the figures recomputed now: changed_since_report and differences",
         Ref("LevelReport"), 200, nullptr, {PathParam("id")});
  paths["/api/v1/reports/{id}/approve"]["post"] =
      Op("The school's principal approves its report: it goes up", Ref("LevelReport"), 200, AnyObj(),
         {PathParam("id"), IfMatchHeader()});
  paths["/api/v1/reports/{id}/accept"]["post"] =
      Op("The supervising level accepts a submitted report (403 not_supervising_level for anyone else)",
         Ref("LevelReport"), 200, AnyObj(), {PathParam("id"), IfMatchHeader()});
  paths["/api/v1/reports/{id}/return"]["post"] =
      Op("The supervising level returns a submitted report with a reason (400 reason_required)", Ref("LevelReport"),
         200, Obj({{"reason", Str()}}, {"reason"}), {PathParam("id"), IfMatchHeader()});
  paths["/api/v1/reports/{id}/export"]["get"] =
      Op("The self-contained export (docs/level-reports.md §4) that `anxiao report verify FILE` checks",
         Obj({{"format", Str()},
              {"report_id", Str()},
              {"state", state},
              {"body", AnyObj()},
              {"sha256", Str()},
              {"signature", AnyObj()},
              {"checkpoint", AnyObj()}}),
         200, nullptr, {PathParam("id")});
}

}  // namespace anxiao::http
