#include "app/registry.hpp"

#include "base/strings.hpp"

namespace anxiao::app {
namespace {

using domain::Actor;
using domain::Org;
using domain::OrgKind;
using domain::School;

bool Visible(const Actor& a, const std::string& path) { return domain::IsUnder(path, a.scope_path); }

// Breadcrumbs of `o` from the caller's scope root down. Which ancestors are visible follows from
// the path alone, so only visible ancestors' names need lookups (none for a caller scoped at `o`).
Result<std::vector<OrgCrumb>> Crumbs(domain::ReadView& v, const Actor& a, const Org& o) {
  std::vector<OrgCrumb> out;
  std::string prefix = "/";
  for (const auto& id : Split(o.path, '/')) {
    if (id.empty()) continue;
    prefix += id + "/";
    if (!Visible(a, prefix)) continue;
    if (id == o.id) {
      out.push_back(OrgCrumb{o.id, o.name, o.kind});
      continue;
    }
    TRY_ASSIGN(auto anc, v.FindOrg(id));
    if (anc) out.push_back(OrgCrumb{anc->id, anc->name, anc->kind});
  }
  return out;
}

Result<OrgView> ViewOf(domain::ReadView& v, const Actor& a, const Org& o) {
  OrgView ov{o, 0, {}};
  if (o.kind == OrgKind::kSchool) {
    ov.school_count = 1;
  } else if (domain::MayBrowseRegister(a.role)) {
    TRY_ASSIGN(ov.school_count, v.CountSchoolsUnder(o.path));
  }
  TRY_ASSIGN(ov.path, Crumbs(v, a, o));
  return ov;
}

Status RequireAdmin(const Actor& a) {
  if (a.IsSystem() || domain::MayAdminister(a.role)) return {};
  return Fail(Forbidden("only administrators may change the register"));
}

}  // namespace

Json SchoolPayload(const School& s) {
  return Json{{"parent_id", s.parent_id},
              {"code", s.code},
              {"name", s.name},
              {"type", domain::Name(s.type)},
              {"ownership", domain::Name(s.ownership)},
              {"location_class", domain::Name(s.location_class)},
              {"boarding", s.boarding},
              {"student_count", s.student_count},
              {"address", s.address},
              {"latitude", s.latitude},
              {"longitude", s.longitude},
              {"principal_name", s.principal_name},
              {"principal_phone", s.principal_phone},
              {"safety_officer_name", s.safety_officer_name},
              {"safety_officer_phone", s.safety_officer_phone},
              {"path", s.path}};
}

Result<OrgView> Registry::GetOrg(const Actor& a, const std::string& id) {
  return domain::ReadValue<OrgView>(s_.store, [&](domain::ReadView& v) -> Result<OrgView> {
    TRY_ASSIGN(auto o, v.FindOrg(id));
    if (!o || !Visible(a, o->path)) return Fail(NotFound("org " + id));
    if (!domain::MayBrowseRegister(a.role) && o->id != a.scope_org_id) return Fail(NotFound("org " + id));
    return ViewOf(v, a, *o);
  });
}

Result<std::vector<OrgView>> Registry::Children(const Actor& a, const std::string& id) {
  return domain::ReadValue<std::vector<OrgView>>(s_.store, [&](domain::ReadView& v) -> Result<std::vector<OrgView>> {
    TRY_ASSIGN(auto o, v.FindOrg(id));
    if (!o || !Visible(a, o->path)) return Fail(NotFound("org " + id));
    std::vector<OrgView> out;
    if (!domain::MayBrowseRegister(a.role)) {
      if (o->id != a.scope_org_id) return Fail(NotFound("org " + id));
      return out;
    }
    TRY_ASSIGN(auto kids, v.OrgChildren(id));
    TRY_ASSIGN(auto crumbs, Crumbs(v, a, *o));
    for (const auto& k : kids) {
      OrgView kv{k, 1, crumbs};
      kv.path.push_back(OrgCrumb{k.id, k.name, k.kind});
      if (k.kind != OrgKind::kSchool) {
        TRY_ASSIGN(kv.school_count, v.CountSchoolsUnder(k.path));
      }
      out.push_back(std::move(kv));
    }
    return out;
  });
}

Result<domain::PageOf<School>> Registry::SearchSchools(const Actor& a, const SchoolQuery& q) {
  return domain::ReadValue<domain::PageOf<School>>(s_.store,
                                                   [&](domain::ReadView& v) -> Result<domain::PageOf<School>> {
                                                     if (!domain::MayBrowseRegister(a.role))
                                                       return domain::PageOf<School>{};
                                                     domain::SchoolFilter f;
                                                     f.under_path = a.scope_path;
                                                     if (!q.org_id.empty()) {
                                                       TRY_ASSIGN(auto o, v.FindOrg(q.org_id));
                                                       if (!o || !Visible(a, o->path))
                                                         return Fail(NotFound("org " + q.org_id));
                                                       f.under_path = o->path;
                                                     }
                                                     f.q = std::string(TrimAscii(q.q));
                                                     f.type = q.type;
                                                     f.ownership = q.ownership;
                                                     f.location_class = q.location_class;
                                                     f.boarding = q.boarding;
                                                     f.page = q.page;
                                                     return v.SearchSchools(f);
                                                   });
}

Result<School> Registry::GetSchool(const Actor& a, const std::string& id) {
  return domain::ReadValue<School>(s_.store, [&](domain::ReadView& v) -> Result<School> {
    TRY_ASSIGN(auto s, v.FindSchool(id));
    if (!s || !Visible(a, s->path) || !domain::MayBrowseRegister(a.role)) return Fail(NotFound("school " + id));
    return *s;
  });
}

Result<Org> Registry::CreateOrgIn(domain::WriteTx& tx, const Actor& a, const std::string& parent_id, OrgKind kind,
                                  const std::string& name, const std::string& code) {
  TRY_STATUS(RequireAdmin(a));
  auto tname = std::string(TrimAscii(name));
  if (tname.empty() || Utf8Length(tname) > 60 || !IsValidUtf8(tname))
    return Fail(InvalidInput("invalid_name", "name must be 1 to 60 characters", "name"));
  if (code.empty() || code.size() > 12 || code.find_first_not_of("0123456789") != std::string::npos)
    return Fail(InvalidInput("invalid_org_code", "division code must be 1 to 12 digits", "code"));
  if (kind == OrgKind::kSchool)
    return Fail(InvalidInput("invalid_kind", "use the school register for schools", "kind"));
  Org o;
  o.id = s_.ids.Next("org");
  o.kind = kind;
  o.name = tname;
  o.code = code;
  if (parent_id.empty()) {
    if (kind != OrgKind::kProvince)
      return Fail(InvalidInput("parent_required", "only a province has no parent", "parent_id"));
    o.path = domain::ChildPath("/", o.id);
  } else {
    TRY_ASSIGN(auto parent, tx.FindOrg(parent_id));
    if (!parent || !Visible(a, parent->path))
      return Fail(InvalidInput("unknown_parent", "parent org not found", "parent_id"));
    bool ok = (kind == OrgKind::kCity && parent->kind == OrgKind::kProvince) ||
              (kind == OrgKind::kCounty && parent->kind == OrgKind::kCity);
    if (!ok)
      return Fail(InvalidInput("invalid_parent", "a city belongs to a province and a county to a city", "parent_id"));
    o.parent_id = parent->id;
    o.path = domain::ChildPath(parent->path, o.id);
  }
  Json payload{{"kind", domain::Name(kind)}, {"name", o.name}, {"code", o.code}, {"path", o.path}};
  payload["parent_id"] = o.parent_id.empty() ? Json(nullptr) : Json(o.parent_id);
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"org.created", o.id, payload}));
  return o;
}

Result<Org> Registry::CreateOrg(const Actor& a, const std::string& parent_id, OrgKind kind, const std::string& name,
                                const std::string& code) {
  return domain::WriteValue<Org>(s_.store,
                                 [&](domain::WriteTx& tx) { return CreateOrgIn(tx, a, parent_id, kind, name, code); });
}

Result<School> Registry::CreateSchoolIn(domain::WriteTx& tx, const Actor& a, School s) {
  TRY_STATUS(RequireAdmin(a));
  s.name = std::string(TrimAscii(s.name));
  TRY_STATUS(domain::ValidateSchool(s));
  TRY_ASSIGN(auto parent, tx.FindOrg(s.parent_id));
  if (!parent || !Visible(a, parent->path))
    return Fail(InvalidInput("unknown_parent", "the county or city of the school was not found", "parent_id"));
  if (parent->kind != OrgKind::kCounty && parent->kind != OrgKind::kCity)
    return Fail(InvalidInput("invalid_parent", "a school belongs to a county-level unit or a city", "parent_id"));
  TRY_ASSIGN(auto dup, tx.FindSchoolByCode(s.code));
  if (dup)
    return Fail(
        Error(ErrorCode::kConflict, "duplicate_school_code", "a school with this code already exists", "", "code"));
  s.id = s_.ids.Next("sch");
  s.path = domain::ChildPath(parent->path, s.id);
  s.version = 1;
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"school.created", s.id, SchoolPayload(s)}));
  return s;
}

Result<School> Registry::CreateSchool(const Actor& a, School s) {
  return domain::WriteValue<School>(s_.store, [&](domain::WriteTx& tx) { return CreateSchoolIn(tx, a, s); });
}

Result<School> Registry::UpdateSchool(const Actor& a, const std::string& id, std::int64_t expected_version,
                                      const SchoolPatch& p) {
  return domain::WriteValue<School>(s_.store, [&](domain::WriteTx& tx) -> Result<School> {
    TRY_ASSIGN(auto cur, tx.FindSchool(id));
    if (!cur || !Visible(a, cur->path)) return Fail(NotFound("school " + id));
    TRY_STATUS(RequireAdmin(a));
    if (cur->version != expected_version)
      return Fail(Error(ErrorCode::kVersionMismatch, "version_mismatch",
                        "the record was changed by someone else; reload and try again",
                        "have " + std::to_string(cur->version) + ", got " + std::to_string(expected_version)));
    School next = *cur;
    Json changes = Json::object();
    auto set_str = [&](const std::optional<std::string>& v, std::string& field, const char* name) {
      if (v && *v != field) field = *v, changes[name] = *v;
    };
    set_str(p.name ? std::optional<std::string>(std::string(TrimAscii(*p.name))) : std::nullopt, next.name, "name");
    set_str(p.address, next.address, "address");
    set_str(p.latitude, next.latitude, "latitude");
    set_str(p.longitude, next.longitude, "longitude");
    set_str(p.principal_name, next.principal_name, "principal_name");
    set_str(p.principal_phone, next.principal_phone, "principal_phone");
    set_str(p.safety_officer_name, next.safety_officer_name, "safety_officer_name");
    set_str(p.safety_officer_phone, next.safety_officer_phone, "safety_officer_phone");
    if (p.type && *p.type != next.type) next.type = *p.type, changes["type"] = domain::Name(*p.type);
    if (p.ownership && *p.ownership != next.ownership)
      next.ownership = *p.ownership, changes["ownership"] = domain::Name(*p.ownership);
    if (p.location_class && *p.location_class != next.location_class)
      next.location_class = *p.location_class, changes["location_class"] = domain::Name(*p.location_class);
    if (p.boarding && *p.boarding != next.boarding) next.boarding = *p.boarding, changes["boarding"] = *p.boarding;
    if (p.student_count && *p.student_count != next.student_count)
      next.student_count = *p.student_count, changes["student_count"] = *p.student_count;
    TRY_STATUS(domain::ValidateSchool(next));
    if (changes.empty()) return *cur;  // nothing to record
    next.version = cur->version + 1;
    TRY_STATUS(tx.Append(a.user_id,
                         domain::Event{"school.updated", id, Json{{"changes", changes}, {"version", next.version}}}));
    return next;
  });
}

}  // namespace anxiao::app
