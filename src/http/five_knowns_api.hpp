#pragma once
// The five knowns over HTTP (five_knowns_api.cpp; docs/api.md "Five knowns"):
// GET /api/v1/orgs/{id}/five-knowns?as_of=YYYY-MM-DD.

#include "app/services.hpp"

namespace anxiao::http {

class Api;
void RegisterFiveKnownsRoutes(Api& api, app::Services& s);

}  // namespace anxiao::http
