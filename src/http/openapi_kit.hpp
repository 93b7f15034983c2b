#pragma once
// Small builders of OpenAPI schema and parameter objects, shared by the per-feature OpenAPI files
// (campaign_openapi.cpp, draw_openapi.cpp, report_openapi.cpp).

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

inline Json QueryParam(const std::string& name, Json schema) {
  return Json{{"name", name}, {"in", "query"}, {"required", false}, {"schema", schema}};
}
// An operation under `tag`: its success answer `ok` (null: no body) with `status`, the error
// answer, an optional JSON request body and parameters.
inline Json TaggedOp(const std::string& summary, const std::string& tag, const Json& ok, int status = 200,
                     const Json& body = nullptr, Json params = Json::array()) {
  Json responses = Json::object();
  Json r{{"description", "success"}};
  if (!ok.is_null()) r["content"] = JsonContent(ok);
  responses[std::to_string(status)] = r;
  responses["4XX"] = Json{{"description", "error"}, {"content", JsonContent(Ref("Error"))}};
  Json op{{"summary", summary}, {"tags", {tag}}, {"responses", responses}};
  if (!body.is_null()) op["requestBody"] = Json{{"required", true}, {"content", JsonContent(body)}};
  if (!params.empty()) op["parameters"] = params;
  return op;
}

}  // namespace anxiao::http::openapi_kit
