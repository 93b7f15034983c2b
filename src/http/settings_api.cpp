// Admin settings and notices (docs/api.md "Settings", "Notices"):
//   GET /api/v1/settings/hazard-deadlines   the default deadline days per risk level (anyone signed in)
//   PUT /api/v1/settings/hazard-deadlines   change them (administrators; journaled)
//   GET /api/v1/notices?page=&page_size=    notices to orgs in the caller's scope, newest first,
//                                           each with its hazard (挂牌督办 of red hazards)

#include <memory>

#include "app/settings.hpp"
#include "http/api.hpp"
#include "http/hazard_json.hpp"

namespace anxiao::http {

void AddSettingsRoutes(Api& api, app::Services& s) {
  auto settings = std::make_shared<app::Settings>(s);
  api.Add("GET", "/api/v1/settings/hazard-deadlines", true, [settings](ApiCtx& c) -> Result<Response> {
    if (!c.req.query.empty())
      return Fail(InvalidInput("invalid_query", "unknown query parameter: " + c.req.query.begin()->first));
    TRY_ASSIGN(auto d, settings->HazardDeadlines());
    return JsonResponse(200, domain::HazardDeadlinesJson(d));
  });
  api.Add("PUT", "/api/v1/settings/hazard-deadlines", true, [settings](ApiCtx& c) -> Result<Response> {
    auto ct = ToLowerAscii(c.req.Header("content-type"));
    if (!ct.empty() && ct.find("application/json") == std::string::npos)
      return Fail(Error(ErrorCode::kInvalidInput, "unsupported_media_type", "the request body must be JSON"));
    if (!IsValidUtf8(c.req.body)) return Fail(InvalidInput("malformed_json", "the request body is not valid UTF-8"));
    TRY_ASSIGN(Json j, ParseJson(c.req.body.empty() ? std::string_view("{}") : std::string_view(c.req.body)));
    TRY_ASSIGN(auto d, settings->SetHazardDeadlines(c.actor(), j));
    return JsonResponse(200, domain::HazardDeadlinesJson(d));
  });

  api.Add("GET", "/api/v1/notices", true, [&s](ApiCtx& c) -> Result<Response> {
    for (const auto& [k, v] : c.req.query)
      if (k != "page" && k != "page_size")
        return Fail(InvalidInput("invalid_query", "unknown query parameter: " + k, k));
    TRY_ASSIGN(auto page, PageOf(c.req));
    const Timestamp now = s.clock.Now();
    Json items = Json::array();
    std::int64_t total = 0;
    TRY_STATUS(s.store.Read([&](domain::ReadView& v) -> Status {
      TRY_ASSIGN(auto found, v.SearchNotices(c.actor().scope_path, page));
      total = found.total;
      for (const auto& n : found.items) {
        TRY_ASSIGN(auto to, v.FindOrg(n.to_org_id));
        TRY_ASSIGN(auto h, v.FindHazard(n.hazard_id));
        Json item{{"id", n.id}, {"kind", n.kind}, {"at", n.at}};
        item["to_org"] = to ? Json{{"id", to->id}, {"name", to->name}} : Json(nullptr);
        if (h) {
          TRY_ASSIGN(auto school, v.FindOrg(h->school_id));
          item["hazard"] = HazardJson(*h, now, school ? school->name : std::string());
        } else {
          item["hazard"] = nullptr;
        }
        items.push_back(std::move(item));
      }
      return {};
    }));
    return JsonResponse(200, PageJson(std::move(items), total, page));
  });
}

}  // namespace anxiao::http
