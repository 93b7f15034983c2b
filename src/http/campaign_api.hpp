#pragma once
// Campaigns, teams, checklist templates, inspections and self-inspection over HTTP
// (campaign_api.cpp; docs/api.md "Campaigns", "Teams", "Checklists", "Inspections"). Transport
// only: the rules are app::Campaigns' and app::Inspections'.

#include "app/services.hpp"
#include "base/canonical_json.hpp"

namespace anxiao::http {

class Api;
void RegisterCampaignRoutes(Api& api, app::Services& s);
// Adds the paths and schemas of these routes to the OpenAPI document (campaign_openapi.cpp).
void AddCampaignOpenApi(Json& paths, Json& schemas);

}  // namespace anxiao::http
