#pragma once
// Small builders of OpenAPI schema and parameter objects, shared by the per-feature OpenAPI files
// (draw_openapi.cpp, report_openapi.cpp).

#include <string>

#include "base/canonical_json.hpp"

namespace anxiao::http::openapi_kit {

inline Json Ref(const std::string& name) { return Json{{"$ref", "#/components/schemas/" + name}}; }
inline Json JsonContent(const Json& schema) { return Json{{"application/json", {{"schema", schema}}}}; }
inline Json Str() { return Json{{"type", "string"}}; }
inline Json NStr() { return Json{{"type", {"string", "null"}}}; }
inline Json Int() { return Json{{"type", "integer"}}; }
inline Json Bool() { return Json{{"type", "boolean"}}; }
inline Json AnyObj() { return Json{{"type", "object"}}; }
inline Json Arr(const Json& items) { return Json{{"type", "array"}, {"items", items}}; }
inline Json Obj(Json props, Json required = Json::array()) {
  Json o{{"type", "object"}, {"properties", props}};
  if (!required.empty()) o["required"] = required;
  return o;
}
inline Json PathParam(const std::string& name) {
  return Json{{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
}

}  // namespace anxiao::http::openapi_kit
