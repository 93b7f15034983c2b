#pragma once
// The JSON of an org for the API: as an nlohmann tree (to embed in larger answers) and written
// straight to a string (GET /api/v1/orgs/{id}, .../children: the hot reads of issue #2). Both give
// the same bytes; org_json_test.cpp checks it.

#include <string>
#include <vector>

#include "app/registry.hpp"
#include "base/canonical_json.hpp"
#include "http/json_writer.hpp"

namespace anxiao::http {

Json OrgJson(const app::OrgView& v);
void WriteOrgJson(JsonWriter& w, const app::OrgView& v);
// {"items":[org, ...]}
std::string OrgListJson(const std::vector<app::OrgView>& items);

}  // namespace anxiao::http
