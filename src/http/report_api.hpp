#pragma once
// Level reports over HTTP (report_api.cpp; docs/api.md "Level reports"). Transport only: the rules
// are app::LevelReports'.

#include "app/services.hpp"
#include "base/canonical_json.hpp"

namespace anxiao::http {

class Api;
void RegisterReportRoutes(Api& api, app::Services& s);
// Adds the paths and schemas of these routes to the OpenAPI document (report_openapi.cpp).
void AddReportOpenApi(Json& paths, Json& schemas);

}  // namespace anxiao::http
