#pragma once
// Verifiable random draws over HTTP (draw_api.cpp; docs/api.md "Draws"). Transport only: the
// rules are app::Draws'.

#include "app/services.hpp"
#include "base/canonical_json.hpp"

namespace anxiao::http {

class Api;
void RegisterDrawRoutes(Api& api, app::Services& s);
// Adds the paths and schemas of these routes to the OpenAPI document (draw_openapi.cpp).
void AddDrawOpenApi(Json& paths, Json& schemas);

}  // namespace anxiao::http
