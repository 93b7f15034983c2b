#include "http/org_json.hpp"

#include "domain/org.hpp"

namespace anxiao::http {

Json OrgJson(const app::OrgView& v) {
  Json path = Json::array();
  for (const auto& c : v.path) path.push_back(Json{{"id", c.id}, {"name", c.name}, {"kind", domain::Name(c.kind)}});
  Json j{{"id", v.org.id},     {"kind", domain::Name(v.org.kind)}, {"name", v.org.name},
         {"code", v.org.code}, {"school_count", v.school_count},   {"path", path}};
  j["parent_id"] = v.org.parent_id.empty() ? Json(nullptr) : Json(v.org.parent_id);
  return j;
}

// Keys in the order nlohmann's std::map gives them (sorted), so that both forms are identical.
void WriteOrgJson(JsonWriter& w, const app::OrgView& v) {
  w.BeginObject();
  w.Field("code", v.org.code).Field("id", v.org.id).Field("kind", domain::Name(v.org.kind)).Field("name", v.org.name);
  w.Key("parent_id");
  if (v.org.parent_id.empty())
    w.Null();
  else
    w.String(v.org.parent_id);
  w.Key("path").BeginArray();
  for (const auto& c : v.path) {
    w.BeginObject().Field("id", c.id).Field("kind", domain::Name(c.kind)).Field("name", c.name).EndObject();
  }
  w.EndArray();
  w.Field("school_count", v.school_count);
  w.EndObject();
}

std::string OrgListJson(const std::vector<app::OrgView>& items) {
  std::string out;
  out.reserve(64 + items.size() * 320);
  JsonWriter w(&out);
  w.BeginObject().Key("items").BeginArray();
  for (const auto& v : items) WriteOrgJson(w, v);
  w.EndArray().EndObject();
  return out;
}

}  // namespace anxiao::http
