#include "http/api.hpp"

#include <sodium.h>

#include <chrono>
#include <set>

#include "app/verify.hpp"
#include "base/canonical_json.hpp"
#include "base/sha256.hpp"
#include "base/strings.hpp"
#include "http/api_kit.hpp"
#include "http/campaign_api.hpp"
#include "http/documents_api.hpp"
#include "http/draw_api.hpp"
#include "http/five_knowns_api.hpp"
#include "http/hazard_json.hpp"
#include "http/org_json.hpp"
#include "http/report_api.hpp"
#include "report/ledger.hpp"
#include "report/xlsx/ledger_xlsx.hpp"

namespace anxiao::http {
namespace {

using domain::School;
using domain::User;

Json UserJson(const User& u) {
  return Json{{"id", u.id},
              {"username", u.username},
              {"display_name", u.display_name},
              {"role", domain::Name(u.role)},
              {"scope_org_id", u.scope_org_id},
              {"organization", u.organization},
              {"disabled", u.disabled},
              {"version", u.version}};
}

// The journaled school fields (app::SchoolPayload) plus what clients need; the
// path stays internal.
Json SchoolJson(const School& s, const std::string& parent_name) {
  Json j = app::SchoolPayload(s);
  j.erase("path");
  j["id"] = s.id;
  j["org_id"] = s.id;
  j["parent_name"] = parent_name;
  j["version"] = s.version;
  return j;
}

std::string CookieValue(const std::string& cookie_header, const std::string& name) {
  for (auto& part : Split(cookie_header, ';')) {
    auto p = TrimAscii(part);
    if (p.substr(0, name.size() + 1) == name + "=") return std::string(p.substr(name.size() + 1));
  }
  return {};
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

constexpr const char* kCookie = "anxiao_session";

}  // namespace

struct Api::Route {
  std::string method;
  std::vector<std::string> parts;  // "{id}" matches one segment
  bool auth;
  Handler handler;
  bool defers = false;  // the handler answers with a DeferredWrite (see Api::Prepare)
};

Api::Api(app::Services& s, ApiOptions opts)
    : s_(s), opts_(std::move(opts)), auth_(s), registry_(s), users_(s), hazards_(s) {
  auto bind = [this](Result<Response> (Api::*m)(Ctx&)) { return [this, m](Ctx& c) { return (this->*m)(c); }; };
  Add("GET", "/api/v1/health", false, bind(&Api::Health));
  Add("GET", "/api/v1/openapi.json", false, [](Ctx&) -> Result<Response> {
    Response r;
    r.body = OpenApiDocument();
    r.Set("Content-Type", "application/json; charset=utf-8");
    return r;
  });
  Add("POST", "/api/v1/session", false, bind(&Api::Login));
  Add("DELETE", "/api/v1/session", true, bind(&Api::Logout));
  Add("GET", "/api/v1/me", true, bind(&Api::Me));
  Add("GET", "/api/v1/orgs/{id}", true, bind(&Api::GetOrg));
  Add("GET", "/api/v1/orgs/{id}/children", true, bind(&Api::OrgChildren));
  Add("GET", "/api/v1/schools", true, bind(&Api::ListSchools));
  Add("POST", "/api/v1/schools", true, bind(&Api::CreateSchool));
  Add("GET", "/api/v1/schools/{id}", true, bind(&Api::GetSchool));
  Add("PATCH", "/api/v1/schools/{id}", true, bind(&Api::PatchSchool));
  Add("GET", "/api/v1/users", true, bind(&Api::ListUsers));
  Add("POST", "/api/v1/users", true, bind(&Api::CreateUser));
  Add("GET", "/api/v1/users/{id}", true, bind(&Api::GetUser));
  Add("PATCH", "/api/v1/users/{id}", true, bind(&Api::PatchUser));
  Add("POST", "/api/v1/users/{id}/password", true, bind(&Api::SetPassword));
  Add("GET", "/api/v1/integrity", true, bind(&Api::Integrity));
  Add("POST", "/api/v1/integrity/verify", true, bind(&Api::VerifyNow));
  Add("GET", "/api/v1/hazards", true, bind(&Api::ListHazards));
  Add("POST", "/api/v1/hazards", true, bind(&Api::CreateHazard));
  routes_.back().defers = true;
  Add("GET", "/api/v1/hazards/{id}", true, bind(&Api::GetHazard));
  for (const char* action : {"plan", "start", "progress", "submit", "review", "void"}) {
    Add("POST", std::string("/api/v1/hazards/{id}/") + action, true,
        [this, a = std::string(action)](Ctx& c) { return HazardAction(c, a); });
    routes_.back().defers = true;
  }
  Add("POST", "/api/v1/hazards/{id}/extensions", true, bind(&Api::RequestExtension));
  for (bool rect : {false, true})
    for (bool xlsx : {true, false})
      Add("GET",
          std::string("/api/v1/orgs/{id}/ledgers/") + (rect ? "rectifications" : "hazards") + (xlsx ? ".xlsx" : ".csv"),
          true, [this, rect, xlsx](Ctx& c) { return Ledger(c, rect, xlsx); });
  Add("POST", "/api/v1/hazards/{id}/extensions/{eid}/decision", true, bind(&Api::DecideExtension));
  RegisterCampaignRoutes(*this, s_);
  RegisterEvidenceRoutes(*this, s_);
  RegisterFiveKnownsRoutes(*this, s_);
  RegisterDocumentRoutes(*this, s_);
  AddSettingsRoutes(*this, s_);
  RegisterDrawRoutes(*this, s_);
  RegisterReportRoutes(*this, s_);
}

Api::~Api() = default;

void Api::Add(std::string method, std::string pattern, bool auth, Handler h) {
  std::vector<std::string> parts;
  for (auto& p : Split(pattern, '/'))
    if (!p.empty()) parts.push_back(p);
  routes_.push_back(Route{std::move(method), std::move(parts), auth, std::move(h)});
}

Response Api::Handle(const Request& req) { return Complete(Prepare(req)); }

Response Api::Prepare(const Request& req) {
  Lang lang = LangOf(req.Header("accept-language"));
  try {
    auto r = Dispatch(req, lang);
    if (r) return std::move(*r);
    return ErrorResponse(r.error(), lang);
  } catch (const std::exception& e) {
    return ErrorResponse(Internal(std::string("unhandled exception: ") + e.what()), lang);
  }
}

Response Api::Complete(Response r) {
  if (!r.deferred) return r;
  const std::shared_ptr<DeferredWrite> d = std::move(r.deferred);
  Status st;
  try {
    st = s_.store.Write(d->apply);
  } catch (const std::exception& e) {
    st = Fail(Internal(std::string("write function threw: ") + e.what()));
  }
  return d->finish(st);
}

bool Api::Defers(const Request& req) const {
  if (req.method != "POST" || !req.Header("idempotency-key").empty()) return false;
  std::vector<std::string_view> parts;
  bool path_matched = false;
  const Route* r = FindRoute(req, &parts, &path_matched);
  return r && r->defers;
}

const Api::Route* Api::FindRoute(const Request& req, std::vector<std::string_view>* parts, bool* path_matched) const {
  // Matching allocates nothing (it runs for every request, against every route of the same
  // length): the path's segments are views, and parameters are copied out only for the match.
  parts->reserve(8);
  {
    std::string_view rest(req.path);
    while (!rest.empty()) {
      auto slash = rest.find('/');
      auto seg = rest.substr(0, slash);
      if (!seg.empty()) parts->push_back(seg);
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
  }
  for (const auto& r : routes_) {
    if (r.parts.size() != parts->size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < parts->size() && ok; ++i) ok = r.parts[i].front() == '{' || r.parts[i] == (*parts)[i];
    if (!ok) continue;
    *path_matched = true;
    if (r.method == req.method) return &r;
  }
  return nullptr;
}

Result<Response> Api::Dispatch(const Request& req, Lang lang) {
  std::vector<std::string_view> parts;
  bool path_matched = false;
  const Route* match = FindRoute(req, &parts, &path_matched);
  if (!match) {
    if (path_matched) return Fail(Error(ErrorCode::kInvalidInput, "method_not_allowed", "method not allowed"));
    return Fail(Error(ErrorCode::kNotFound, "route_not_found", "no such endpoint"));
  }
  std::map<std::string, std::string> params;
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (match->parts[i].front() == '{')
      params.emplace(match->parts[i].substr(1, match->parts[i].size() - 2), std::string(parts[i]));
  for (const auto& [k, v] : params)
    if (v.size() > 64 || !IsValidUtf8(v)) return Fail(NotFound(k));

  Ctx ctx{req, lang, std::move(params), std::nullopt};
  if (match->auth) {
    std::string cookie = CookieValue(req.Header("cookie"), kCookie);
    std::string authz = req.Header("authorization");
    if (authz.rfind("Bearer ", 0) == 0) {
      TRY_ASSIGN(ctx.caller, auth_.FromBearer(authz.substr(7)));
    } else if (!cookie.empty()) {
      TRY_ASSIGN(ctx.caller, auth_.FromSession(cookie));
      const bool write = req.method != "GET" && req.method != "HEAD";
      if (write) {
        std::string csrf = req.Header("x-csrf-token");
        if (csrf.empty()) return Fail(Error(ErrorCode::kForbidden, "csrf_missing", "missing CSRF token"));
        if (!ConstantTimeEquals(csrf, ctx.caller->csrf_token))
          return Fail(Error(ErrorCode::kForbidden, "csrf_invalid", "invalid CSRF token"));
      }
    } else {
      return Fail(Error(ErrorCode::kUnauthenticated, "unauthenticated", "please sign in"));
    }
    const bool write = req.method != "GET" && req.method != "HEAD";
    const bool logout = req.method == "DELETE" && parts.size() == 3 && parts[2] == "session";
    // Verification changes no business data (it only records a checkpoint), so
    // read-only auditors may run it.
    const bool verify = parts.size() == 4 && parts[2] == "integrity" && parts[3] == "verify";
    if (write && !logout && !verify && !domain::MayWrite(ctx.caller->user.role))
      return Fail(Error(ErrorCode::kForbidden, "read_only", "read-only roles cannot change data"));
    if (req.method == "POST") {
      std::string key = req.Header("idempotency-key");
      if (!key.empty()) return Idempotent(ctx, *match, key);
    }
  }
  return match->handler(ctx);
}

Result<Response> Api::Health(Ctx&) {
  TRY_ASSIGN(auto head, domain::ReadValue<domain::JournalHead>(s_.store, [](domain::ReadView& v) { return v.Head(); }));
  return JsonResponse(200, Json{{"status", "ok"},
                                {"version", opts_.version},
                                {"store", s_.store.Engine()},
                                {"journal_head", {{"seq", head.seq}, {"hash", head.hash}}}});
}

Result<Response> Api::Login(Ctx& c) {
  TRY_ASSIGN(auto body, Body::Parse(c.req));
  TRY_ASSIGN(auto username, body.String("username", 256));
  TRY_ASSIGN(auto password, body.String("password", 1024));
  TRY_STATUS(body.NoUnknownFields());
  TRY_ASSIGN(auto login, auth_.Login(username, password, c.req.remote));
  Response r = JsonResponse(200, Json{{"csrf_token", login.csrf_token}, {"user", UserJson(login.user)}});
  std::string cookie =
      std::string(kCookie) + "=" + login.session_token +
      "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(app::Auth::kSessionTtlMs / 1000);
  if (opts_.secure_cookies) cookie += "; Secure";
  r.Set("Set-Cookie", cookie);
  return r;
}

Result<Response> Api::Logout(Ctx& c) {
  std::string cookie = CookieValue(c.req.Header("cookie"), kCookie);
  if (!cookie.empty()) TRY_STATUS(auth_.Logout(cookie));
  Response r;
  r.status = 204;
  r.Set("Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return r;
}

Result<Response> Api::Me(Ctx& c) {
  TRY_ASSIGN(auto scope, registry_.GetOrg(domain::Actor::System(), c.caller->user.scope_org_id));
  // The scope org itself is always visible to its user; its crumbs are trimmed
  // to the scope root.
  scope.path.erase(scope.path.begin(), scope.path.end() - 1);
  return JsonResponse(
      200, Json{{"csrf_token", c.caller->csrf_token}, {"user", UserJson(c.caller->user)}, {"scope", OrgJson(scope)}});
}

Result<Response> Api::GetOrg(Ctx& c) {
  TRY_ASSIGN(auto o, registry_.GetOrg(c.actor(), c.params["id"]));
  std::string body;
  body.reserve(384);
  JsonWriter w(&body);
  WriteOrgJson(w, o);
  return JsonBodyResponse(200, std::move(body));
}

Result<Response> Api::OrgChildren(Ctx& c) {
  TRY_ASSIGN(auto kids, registry_.Children(c.actor(), c.params["id"]));
  return JsonBodyResponse(200, OrgListJson(kids));
}

Result<Response> Api::ListSchools(Ctx& c) {
  static const std::set<std::string> kKnown = {"q",        "org",  "type",     "ownership", "location_class",
                                               "boarding", "page", "page_size"};
  for (const auto& [k, v] : c.req.query)
    if (!kKnown.count(k)) return Fail(BadInput("invalid_query", "unknown query parameter: " + k, k));
  app::SchoolQuery q;
  q.q = c.req.Query("q");
  if (q.q.size() > 100 || !IsValidUtf8(q.q)) return Fail(BadInput("invalid_query", "q is too long", "q"));
  q.org_id = c.req.Query("org");
  auto en = [&](const char* name, auto parse, auto* out) -> Status {
    auto v = c.req.Query(name);
    if (v.empty()) return {};
    auto e = parse(v);
    if (!e) return Fail(BadInput("unknown_enum_value", std::string(name) + ": unknown value '" + v + "'", name));
    *out = *e;
    return {};
  };
  TRY_STATUS(en("type", domain::ParseSchoolType, &q.type));
  TRY_STATUS(en("ownership", domain::ParseOwnership, &q.ownership));
  TRY_STATUS(en("location_class", domain::ParseLocationClass, &q.location_class));
  auto b = c.req.Query("boarding");
  if (b == "true")
    q.boarding = true;
  else if (b == "false")
    q.boarding = false;
  else if (!b.empty())
    return Fail(BadInput("invalid_query", "boarding must be true or false", "boarding"));
  TRY_ASSIGN(q.page, PageOf(c.req));
  TRY_ASSIGN(auto page, registry_.SearchSchools(c.actor(), q));
  // Parent names for display (few distinct parents per page).
  std::map<std::string, std::string> names;
  Json items = Json::array();
  for (const auto& s : page.items) {
    if (!names.count(s.parent_id)) {
      auto p = registry_.GetOrg(domain::Actor::System(), s.parent_id);
      names[s.parent_id] = p ? p->org.name : "";
    }
    items.push_back(SchoolJson(s, names[s.parent_id]));
  }
  return JsonResponse(200, PageJson(items, page.total, q.page));
}

Result<Response> Api::GetSchool(Ctx& c) {
  TRY_ASSIGN(auto s, registry_.GetSchool(c.actor(), c.params["id"]));
  auto p = registry_.GetOrg(domain::Actor::System(), s.parent_id);
  Response r = JsonResponse(200, SchoolJson(s, p ? p->org.name : ""));
  r.Set("ETag", "\"" + std::to_string(s.version) + "\"");
  return r;
}

namespace {
Status ReadSchoolFields(Body& b, app::SchoolPatch* p) {
  TRY_ASSIGN(p->name, b.OptString("name"));
  TRY_ASSIGN(p->address, b.OptString("address"));
  TRY_ASSIGN(p->latitude, b.OptString("latitude", 32));
  TRY_ASSIGN(p->longitude, b.OptString("longitude", 32));
  TRY_ASSIGN(p->principal_name, b.OptString("principal_name"));
  TRY_ASSIGN(p->principal_phone, b.OptString("principal_phone"));
  TRY_ASSIGN(p->safety_officer_name, b.OptString("safety_officer_name"));
  TRY_ASSIGN(p->safety_officer_phone, b.OptString("safety_officer_phone"));
  TRY_ASSIGN(p->type, (b.OptEnum<domain::SchoolType>("type", domain::ParseSchoolType)));
  TRY_ASSIGN(p->ownership, (b.OptEnum<domain::Ownership>("ownership", domain::ParseOwnership)));
  TRY_ASSIGN(p->location_class, (b.OptEnum<domain::LocationClass>("location_class", domain::ParseLocationClass)));
  TRY_ASSIGN(p->boarding, b.OptBool("boarding"));
  TRY_ASSIGN(p->student_count, b.OptInt("student_count"));
  return {};
}
}  // namespace

Result<Response> Api::CreateSchool(Ctx& c) {
  TRY_ASSIGN(auto body, Body::Parse(c.req));
  app::SchoolPatch p;
  TRY_STATUS(ReadSchoolFields(body, &p));
  TRY_ASSIGN(auto code, body.String("code", 32));
  TRY_ASSIGN(auto parent, body.String("parent_id", 64));
  body.Ignore({"id", "org_id", "version", "parent_name"});
  TRY_STATUS(body.NoUnknownFields());
  if (!p.name) return Fail(BadInput("missing_field", "name is required", "name"));
  if (!p.type) return Fail(BadInput("missing_field", "type is required", "type"));
  School s;
  s.code = code;
  s.parent_id = parent;
  s.name = *p.name;
  s.type = *p.type;
  s.ownership = p.ownership.value_or(domain::Ownership::kPublic);
  s.location_class = p.location_class.value_or(domain::LocationClass::kUrban);
  s.boarding = p.boarding.value_or(false);
  s.student_count = p.student_count.value_or(0);
  s.address = p.address.value_or("");
  s.latitude = p.latitude.value_or("");
  s.longitude = p.longitude.value_or("");
  s.principal_name = p.principal_name.value_or("");
  s.principal_phone = p.principal_phone.value_or("");
  s.safety_officer_name = p.safety_officer_name.value_or("");
  s.safety_officer_phone = p.safety_officer_phone.value_or("");
  TRY_ASSIGN(auto created, registry_.CreateSchool(c.actor(), s));
  auto po = registry_.GetOrg(domain::Actor::System(), created.parent_id);
  Response r = JsonResponse(201, SchoolJson(created, po ? po->org.name : ""));
  r.Set("ETag", "\"" + std::to_string(created.version) + "\"");
  r.Set("Location", "/api/v1/schools/" + created.id);
  return r;
}

Result<Response> Api::PatchSchool(Ctx& c) {
  TRY_ASSIGN(auto body, Body::Parse(c.req));
  app::SchoolPatch p;
  TRY_STATUS(ReadSchoolFields(body, &p));
  body.Ignore({"id", "org_id", "version", "parent_name", "parent_id", "code"});
  TRY_STATUS(body.NoUnknownFields());
  // Scope first (404 for out-of-scope), then the version precondition.
  TRY_ASSIGN(auto cur, registry_.GetSchool(c.actor(), c.params["id"]));
  (void)cur;
  TRY_ASSIGN(auto version, IfMatch(c.req));
  TRY_ASSIGN(auto s, registry_.UpdateSchool(c.actor(), c.params["id"], version, p));
  auto po = registry_.GetOrg(domain::Actor::System(), s.parent_id);
  Response r = JsonResponse(200, SchoolJson(s, po ? po->org.name : ""));
  r.Set("ETag", "\"" + std::to_string(s.version) + "\"");
  return r;
}

Result<Response> Api::ListUsers(Ctx& c) {
  domain::UserFilter f;
  f.q = c.req.Query("q");
  if (f.q.size() > 100) return Fail(BadInput("invalid_query", "q is too long", "q"));
  if (auto r = c.req.Query("role"); !r.empty()) {
    f.role = domain::ParseRole(r);
    if (!f.role) return Fail(BadInput("unknown_enum_value", "role: unknown value '" + r + "'", "role"));
  }
  TRY_ASSIGN(f.page, PageOf(c.req));
  if (c.req.HasQuery("assignable")) {
    // The team pickers: a bureau officer's own people and experts, with only what a picker shows.
    const auto& seat = c.req.Query("assignable");
    if (seat != "member" && seat != "expert")
      return Fail(BadInput("unknown_enum_value", "assignable: unknown value '" + seat + "'", "assignable"));
    if (f.role) return Fail(BadInput("invalid_query", "assignable and role cannot be combined", "role"));
    TRY_ASSIGN(auto page, users_.ListAssignable(
                              c.actor(), seat == "member" ? app::Users::Seat::kMember : app::Users::Seat::kExpert, f));
    Json items = Json::array();
    for (const auto& u : page.items)
      items.push_back(Json{{"id", u.id},
                           {"display_name", u.display_name},
                           {"role", domain::Name(u.role)},
                           {"organization", u.organization},
                           {"scope_org_id", u.scope_org_id}});
    return JsonResponse(200, PageJson(items, page.total, f.page));
  }
  TRY_ASSIGN(auto page, users_.List(c.actor(), f));
  Json items = Json::array();
  for (const auto& u : page.items) items.push_back(UserJson(u));
  return JsonResponse(200, PageJson(items, page.total, f.page));
}

Result<Response> Api::GetUser(Ctx& c) {
  TRY_ASSIGN(auto u, users_.Get(c.actor(), c.params["id"]));
  Response r = JsonResponse(200, UserJson(u));
  r.Set("ETag", "\"" + std::to_string(u.version) + "\"");
  return r;
}

Result<Response> Api::CreateUser(Ctx& c) {
  if (!domain::MayAdminister(c.actor().role)) return Fail(Forbidden("only administrators may manage users"));
  TRY_ASSIGN(auto body, Body::Parse(c.req));
  app::NewUser nu;
  TRY_ASSIGN(nu.username, body.String("username", 64));
  TRY_ASSIGN(nu.display_name, body.String("display_name", 256));
  TRY_ASSIGN(nu.password, body.String("password", 1024));
  TRY_ASSIGN(nu.scope_org_id, body.String("scope_org_id", 64));
  TRY_ASSIGN(auto org, body.OptString("organization", 256));
  nu.organization = org.value_or("");
  TRY_ASSIGN(auto role, (body.OptEnum<domain::Role>("role", domain::ParseRole)));
  if (!role) return Fail(BadInput("missing_field", "role is required", "role"));
  nu.role = *role;
  TRY_STATUS(body.NoUnknownFields());
  TRY_ASSIGN(auto u, users_.Create(c.actor(), nu));
  Response r = JsonResponse(201, UserJson(u));
  r.Set("ETag", "\"" + std::to_string(u.version) + "\"");
  r.Set("Location", "/api/v1/users/" + u.id);
  return r;
}

Result<Response> Api::PatchUser(Ctx& c) {
  if (!domain::MayAdminister(c.actor().role)) return Fail(Forbidden("only administrators may manage users"));
  TRY_ASSIGN(auto body, Body::Parse(c.req));
  app::UserPatch p;
  TRY_ASSIGN(p.display_name, body.OptString("display_name", 256));
  TRY_ASSIGN(p.scope_org_id, body.OptString("scope_org_id", 64));
  TRY_ASSIGN(p.organization, body.OptString("organization", 256));
  TRY_ASSIGN(p.role, (body.OptEnum<domain::Role>("role", domain::ParseRole)));
  TRY_ASSIGN(p.disabled, body.OptBool("disabled"));
  body.Ignore({"id", "username", "version"});
  TRY_STATUS(body.NoUnknownFields());
  TRY_ASSIGN(auto cur, users_.Get(c.actor(), c.params["id"]));
  (void)cur;
  TRY_ASSIGN(auto version, IfMatch(c.req));
  TRY_ASSIGN(auto u, users_.Update(c.actor(), c.params["id"], version, p));
  Response r = JsonResponse(200, UserJson(u));
  r.Set("ETag", "\"" + std::to_string(u.version) + "\"");
  return r;
}

Result<Response> Api::SetPassword(Ctx& c) {
  if (!domain::MayAdminister(c.actor().role)) return Fail(Forbidden("only administrators may manage users"));
  TRY_ASSIGN(auto body, Body::Parse(c.req));
  TRY_ASSIGN(auto pw, body.String("password", 1024));
  TRY_STATUS(body.NoUnknownFields());
  TRY_STATUS(users_.SetPassword(c.actor(), c.params["id"], pw));
  Response r;
  r.status = 204;
  return r;
}

Result<Response> Api::Integrity(Ctx& c) {
  if (!domain::MayVerify(c.actor().role))
    return Fail(
        Forbidden("integrity checks are for administrators, bureau "
                  "officers and auditors"));
  Json out;
  TRY_STATUS(s_.store.Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto head, v.Head());
    TRY_ASSIGN(auto cps, v.Checkpoints(50));
    Json list = Json::array();
    for (const auto& cp : cps)
      list.push_back(Json{{"id", cp.id}, {"seq", cp.seq}, {"hash", cp.hash}, {"at", cp.at}, {"reason", cp.reason}});
    out = Json{{"head", {{"seq", head.seq}, {"hash", head.hash}}}, {"checkpoints", list}};
    return {};
  }));
  return JsonResponse(200, out);
}

Result<Response> Api::VerifyNow(Ctx& c) {
  if (!domain::MayVerify(c.actor().role))
    return Fail(
        Forbidden("integrity checks are for administrators, bureau "
                  "officers and auditors"));
  app::VerifyOptions vo;
  vo.evidence_files = s_.evidence_files;  // the photos too, not only the database
  TRY_ASSIGN(auto rep, app::Verify(s_.store, vo));
  if (rep.ok) TRY_STATUS(s_.store.Write([](domain::WriteTx& tx) { return tx.AddCheckpoint("verify"); }));
  Json problems = Json::array();
  for (const auto& p : rep.problems) {
    Json j{{"kind", p.kind}, {"message", p.message}};
    if (p.seq) j["seq"] = p.seq;
    if (!p.table.empty()) j["table"] = p.table;
    if (!p.record.empty()) j["record"] = p.record;
    if (!p.field.empty()) j["field"] = p.field;
    if (!p.stored.empty()) j["stored"] = p.stored;
    if (!p.replayed.empty()) j["replayed"] = p.replayed;
    problems.push_back(j);
  }
  return JsonResponse(200, Json{{"ok", rep.ok},
                                {"entries", rep.entries},
                                {"rows_compared", rep.rows_compared},
                                {"head", {{"seq", rep.head.seq}, {"hash", rep.head.hash}}},
                                {"problems", problems},
                                {"elapsed_ms", rep.elapsed_ms}});
}

// ---- Hazards ----

Response Api::HazardResponse(int status, const domain::Hazard& h) {
  auto school = registry_.GetOrg(domain::Actor::System(), h.school_id);
  return HazardResponse(status, h, school ? school->org.name : "");
}

Response Api::HazardResponse(int status, const domain::Hazard& h, const std::string& school_name) {
  std::string body;
  body.reserve(1536);
  JsonWriter w(&body);
  WriteHazardJson(w, h, s_.clock.Now(), school_name);
  Response r = JsonBodyResponse(status, std::move(body));
  r.Set("ETag", "\"" + std::to_string(h.version) + "\"");
  return r;
}

Result<Response> Api::ListHazards(Ctx& c) {
  app::HazardQuery q;
  TRY_STATUS(ParseHazardQuery(c.req, &q));
  TRY_ASSIGN(q.page, PageOf(c.req));
  TRY_ASSIGN(auto page, hazards_.Search(c.actor(), q));
  const Timestamp now = s_.clock.Now();
  std::map<std::string, std::string> names;  // school names, few per page
  Json items = Json::array();
  for (const auto& h : page.items) {
    if (!names.count(h.school_id)) {
      auto o = registry_.GetOrg(domain::Actor::System(), h.school_id);
      names[h.school_id] = o ? o->org.name : "";
    }
    items.push_back(HazardJson(h, now, names[h.school_id]));
  }
  return JsonResponse(200, PageJson(items, page.total, q.page));
}

Result<Response> Api::GetHazard(Ctx& c) {
  TRY_ASSIGN(auto d, hazards_.Get(c.actor(), c.params["id"]));
  Response r = HazardResponse(200, d.hazard);
  Json j = Json::parse(r.body);
  Json evidence = Json::array(), extensions = Json::array();
  for (const auto& e : d.evidence) evidence.push_back(EvidenceRefJson(e));
  for (const auto& e : d.extensions) extensions.push_back(ExtensionJson(e));
  j["history"] = HistoryJson(d.history);
  j["evidence"] = evidence;
  j["extensions"] = extensions;
  std::string pending;
  for (const auto& e : d.extensions)
    if (e.state == domain::ExtensionState::kPending) pending = e.requested_by;
  Json actions = Json::array();
  if (domain::MayWrite(c.actor().role))
    for (auto a : domain::AllowedActions(d.hazard, c.actor(), pending)) actions.push_back(domain::Name(a));
  j["actions"] = actions;
  // Display names of everyone the record mentions, for the timeline: {user id:
  // display name}.
  std::set<std::string> ids;
  for (const auto& e : d.history) ids.insert(e.actor);
  for (const auto& e : d.extensions) ids.insert(e.requested_by), ids.insert(e.decided_by);
  const auto& h = d.hazard;
  for (const auto* id :
       {&h.found_by, &h.planned_by, &h.started_by, &h.last_progress_by, &h.submitted_by, &h.reviewed_by, &h.voided_by})
    ids.insert(*id);
  Json people = Json::object();
  TRY_STATUS(s_.store.Read([&](domain::ReadView& v) -> Status {
    for (const auto& id : ids) {
      if (id.empty() || id == "system") continue;
      TRY_ASSIGN(auto u, v.FindUser(id));
      if (u) people[id] = u->display_name;
    }
    return {};
  }));
  j["people"] = people;
  r.body = j.dump();
  return r;
}

Result<Response> Api::CreateHazard(Ctx& c) {
  TRY_ASSIGN(auto body, Body::Parse(c.req));
  app::NewHazard n;
  TRY_ASSIGN(n.school_id, body.String("school_id", 64));
  TRY_ASSIGN(auto source, (body.OptEnum<domain::HazardSource>("source", domain::ParseHazardSource)));
  TRY_ASSIGN(auto category, (body.OptEnum<domain::HazardCategory>("category", domain::ParseHazardCategory)));
  TRY_ASSIGN(auto risk, (body.OptEnum<domain::RiskLevel>("risk_level", domain::ParseRiskLevel)));
  TRY_ASSIGN(n.description, body.String("description", 4096));
  TRY_ASSIGN(auto location, body.OptString("location", 1024));
  TRY_ASSIGN(n.found_at, body.OptDate("found_at"));
  TRY_ASSIGN(auto sup, body.OptString("supervising_org_id", 64));
  TRY_ASSIGN(n.evidence, body.StringArray("evidence", 20, 128));
  TRY_STATUS(body.NoUnknownFields());
  if (!category) return Fail(BadInput("missing_field", "category is required", "category"));
  if (!risk) return Fail(BadInput("missing_field", "risk_level is required", "risk_level"));
  n.source = source.value_or(domain::HazardSource::kSelf);
  n.category = *category;
  n.risk_level = *risk;
  n.location = location.value_or("");
  n.supervising_org_id = sup.value_or("");
  return DeferHazard(201, c.lang, true, [this, a = c.actor(), n = std::move(n)](domain::WriteTx& tx) {
    return hazards_.RegisterIn(tx, a, n);
  });
}

Response Api::DeferHazard(int status, Lang lang, bool location,
                          std::function<Result<domain::Hazard>(domain::WriteTx&)> write) {
  struct Out {
    std::optional<domain::Hazard> hazard;
    std::string school_name;
  };
  auto out = std::make_shared<Out>();
  Response r;
  r.deferred = std::make_shared<DeferredWrite>();
  r.deferred->apply = [out, write = std::move(write)](domain::WriteTx& tx) -> Status {
    TRY_ASSIGN(out->hazard, write(tx));
    // The school's name for the answer, read in the open transaction (one row) rather than in a
    // read transaction of its own afterwards.
    TRY_ASSIGN(auto school, tx.FindOrg(out->hazard->school_id));
    if (school) out->school_name = school->name;
    return {};
  };
  r.deferred->finish = [this, out, status, lang, location](const Status& st) -> Response {
    if (!st) return ErrorResponse(st.error(), lang);
    try {
      Response resp = HazardResponse(status, *out->hazard, out->school_name);
      if (location) resp.Set("Location", "/api/v1/hazards/" + out->hazard->id);
      return resp;
    } catch (const std::exception& e) {
      return ErrorResponse(Internal(std::string("unhandled exception: ") + e.what()), lang);
    }
  };
  return r;
}

Result<Response> Api::HazardAction(Ctx& c, const std::string& action) {
  const std::string id = c.params["id"];
  TRY_ASSIGN(auto body, Body::Parse(c.req));
  // Read the whole body first (400 for bad input), then scope (404), then
  // If-Match (428).
  domain::HazardPlan plan;
  std::string note, reason, decision;
  std::vector<std::string> evidence;
  if (action == "plan") {
    TRY_ASSIGN(auto measures, body.OptString("measures"));
    TRY_ASSIGN(auto person, body.OptString("responsible_person", 256));
    TRY_ASSIGN(auto funds, body.OptString("funds", 1024));
    TRY_ASSIGN(auto contingency, body.OptString("contingency_plan"));
    TRY_ASSIGN(auto interim, body.OptString("interim_measures"));
    TRY_ASSIGN(plan.deadline, body.OptDate("deadline"));
    TRY_ASSIGN(auto closed, body.OptBool("closed_for_use"));
    plan.measures = measures.value_or("");
    plan.responsible_person = person.value_or("");
    plan.funds = funds.value_or("");
    plan.contingency_plan = contingency.value_or("");
    plan.interim_measures = interim.value_or("");
    plan.closed_for_use = closed.value_or(false);
  } else if (action == "progress" || action == "submit") {
    TRY_ASSIGN(auto n, body.OptString("note"));
    note = n.value_or("");
    TRY_ASSIGN(evidence, body.StringArray("evidence", 20, 128));
  } else if (action == "review") {
    TRY_ASSIGN(decision, body.String("decision", 16));
    if (decision != "close" && decision != "reject")
      return Fail(BadInput("unknown_enum_value", "decision must be close or reject", "decision"));
    TRY_ASSIGN(auto r, body.OptString("reason"));
    reason = r.value_or("");
  } else if (action == "void") {
    TRY_ASSIGN(auto r, body.OptString("reason"));
    reason = r.value_or("");
  }
  TRY_STATUS(body.NoUnknownFields());
  // Everything else happens in the write transaction: the hazard's scope (404), then If-Match
  // (428 when missing, so that it does not tell outsiders the hazard exists), then the use case.
  Result<std::int64_t> version = IfMatch(c.req);
  using app::ReviewDecision;
  const ReviewDecision review = decision == "close" ? ReviewDecision::kClose : ReviewDecision::kReject;
  return DeferHazard(200, c.lang, false,
                     [this, a = c.actor(), id, action, version, plan = std::move(plan), note = std::move(note),
                      reason = std::move(reason), evidence = std::move(evidence),
                      review](domain::WriteTx& tx) -> Result<domain::Hazard> {
                       if (!version) {
                         TRY_ASSIGN(auto found, tx.FindHazard(id));
                         if (!found || !domain::IsUnder(found->path, a.scope_path))
                           return Fail(NotFound("hazard " + id));
                         return Fail(version.error());
                       }
                       if (action == "plan") return hazards_.PlanIn(tx, a, id, *version, plan);
                       if (action == "start") return hazards_.StartIn(tx, a, id, *version);
                       if (action == "progress") return hazards_.ProgressIn(tx, a, id, *version, note, evidence);
                       if (action == "submit") return hazards_.SubmitIn(tx, a, id, *version, note, evidence);
                       if (action == "review") return hazards_.ReviewIn(tx, a, id, *version, review, reason);
                       if (action == "void") return hazards_.VoidIn(tx, a, id, *version, reason);
                       return Fail(Internal("unknown hazard action " + action));
                     });
}

Result<Response> Api::RequestExtension(Ctx& c) {
  const std::string id = c.params["id"];
  TRY_ASSIGN(auto body, Body::Parse(c.req));
  TRY_ASSIGN(auto date, body.OptDate("new_deadline"));
  TRY_ASSIGN(auto reason, body.OptString("reason"));
  TRY_STATUS(body.NoUnknownFields());
  if (!date) return Fail(BadInput("missing_field", "new_deadline is required", "new_deadline"));
  TRY_ASSIGN(auto cur, hazards_.Find(c.actor(), id));
  (void)cur;
  TRY_ASSIGN(auto version, IfMatch(c.req));
  TRY_ASSIGN(auto res, hazards_.RequestExtension(c.actor(), id, version, *date, reason.value_or("")));
  Response r = HazardResponse(201, res.hazard);
  Json j = Json::parse(r.body);
  r.body = Json{{"extension", ExtensionJson(res.extension)}, {"hazard", j}}.dump();
  r.Set("Location", "/api/v1/hazards/" + id);
  return r;
}

Result<Response> Api::DecideExtension(Ctx& c) {
  const std::string id = c.params["id"];
  TRY_ASSIGN(auto body, Body::Parse(c.req));
  TRY_ASSIGN(auto decision, body.String("decision", 16));
  TRY_ASSIGN(auto reason, body.OptString("reason"));
  TRY_STATUS(body.NoUnknownFields());
  if (decision != "approve" && decision != "deny")
    return Fail(BadInput("unknown_enum_value", "decision must be approve or deny", "decision"));
  TRY_ASSIGN(auto cur, hazards_.Find(c.actor(), id));
  (void)cur;
  TRY_ASSIGN(auto version, IfMatch(c.req));
  TRY_ASSIGN(auto res, hazards_.DecideExtension(c.actor(), id, c.params["eid"], version, decision == "approve",
                                                reason.value_or("")));
  Response r = HazardResponse(200, res.hazard);
  Json j = Json::parse(r.body);
  r.body = Json{{"extension", ExtensionJson(res.extension)}, {"hazard", j}}.dump();
  return r;
}

// ---- Idempotency keys ----
//
// The first request with a key claims it (a status-0 placeholder), runs, and
// stores its response; a replay by the same user with the same method, path and
// body gets that response again and changes nothing. The record is written
// after the business transaction commits, so a crash in between leaves a
// placeholder that expires after kIdempotencyStaleMs and lets the client retry.

namespace {
constexpr std::int64_t kIdempotencyStaleMs = 60 * 1000;
constexpr std::int64_t kIdempotencyKeepMs = 24LL * 3600 * 1000;  // replays are answered for a day

bool ValidIdempotencyKey(const std::string& k) {
  return !k.empty() && k.size() <= 128 &&
         k.find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvw"
             "xyz0123456789_.:-") == std::string::npos;
}

Response Replay(const domain::IdempotencyRecord& rec) {
  Response r;
  r.status = rec.status;
  r.body = rec.body;
  r.Set("Content-Type", "application/json; charset=utf-8");
  r.Set("Cache-Control", "no-store");
  if (!rec.etag.empty()) r.Set("ETag", rec.etag);
  r.Set("Idempotent-Replayed", "true");
  return r;
}
}  // namespace

Result<Response> Api::Idempotent(Ctx& c, const Route& route, const std::string& key) {
  if (!ValidIdempotencyKey(key))
    return Fail(Error(ErrorCode::kInvalidInput, "invalid_idempotency_key",
                      "Idempotency-Key must be 1 to 128 characters of letters, "
                      "digits, '_', '.', ':' or '-'"));
  const std::string& user = c.caller->user.id;
  const std::int64_t now = s_.clock.Now().ms;
  domain::IdempotencyRecord mine{
      user, key, c.req.method, c.req.path, Sha256Hex(c.req.method + "\n" + c.req.path + "\n" + c.req.body),
      0,    "",  "",           now};
  std::optional<domain::IdempotencyRecord> stored;
  TRY_STATUS(s_.store.Write([&](domain::WriteTx& tx) -> Status {
    TRY_STATUS(tx.PurgeIdempotency(now - kIdempotencyKeepMs));
    TRY_ASSIGN(auto existing, tx.FindIdempotency(user, key));
    if (existing && (existing->status != 0 || now - existing->created_ms < kIdempotencyStaleMs)) {
      stored = std::move(existing);
      return {};
    }
    return tx.PutIdempotency(mine);  // new, or an abandoned placeholder taken over
  }));
  if (stored) {
    if (stored->method != mine.method || stored->path != mine.path || stored->request_sha256 != mine.request_sha256)
      return Fail(Conflict("idempotency_key_reused", "this Idempotency-Key was already used for a different request"));
    if (stored->status == 0)
      return Fail(Conflict("idempotency_in_progress", "a request with this Idempotency-Key is still being processed"));
    return Replay(*stored);
  }

  Response resp;
  try {
    auto r = route.handler(c);
    resp = r ? Complete(std::move(*r)) : ErrorResponse(r.error(), c.lang);
  } catch (...) {
    (void)s_.store.Write([&](domain::WriteTx& tx) { return tx.DeleteIdempotency(user, key); });
    throw;
  }
  if (resp.status >= 500) {
    // Not an answer worth keeping: let the client retry with the same key.
    TRY_STATUS(s_.store.Write([&](domain::WriteTx& tx) { return tx.DeleteIdempotency(user, key); }));
    return resp;
  }
  mine.status = resp.status;
  mine.body = resp.body;
  for (const auto& [k, v] : resp.headers)
    if (k == "ETag") mine.etag = v;
  TRY_STATUS(s_.store.Write([&](domain::WriteTx& tx) { return tx.PutIdempotency(mine); }));
  return resp;
}

// ---- Ledgers ----

Result<Response> Api::Ledger(Ctx& c, bool rectifications, bool xlsx) {
  if (!c.req.query.empty())
    return Fail(BadInput("invalid_query", "unknown query parameter: " + c.req.query.begin()->first,
                         c.req.query.begin()->first));
  // Out of scope or missing: 404 (GetOrg checks the scope).
  TRY_ASSIGN(auto org, registry_.GetOrg(c.actor(), c.params["id"]));
  const auto kind = rectifications ? report::LedgerKind::kRectifications : report::LedgerKind::kHazards;

  // Every hazard under the org, oldest number first, in pages of 200.
  std::vector<domain::Hazard> all;
  app::HazardQuery q;
  q.org_id = org.org.id;
  q.sort = domain::HazardSort::kNumber;
  q.page.page_size = 200;
  for (q.page.page = 1;; ++q.page.page) {
    TRY_ASSIGN(auto page, hazards_.Search(c.actor(), q));
    for (auto& h : page.items) all.push_back(std::move(h));
    if (page.items.empty() || static_cast<std::int64_t>(all.size()) >= page.total) break;
  }

  std::map<std::string, std::string> schools, users;
  report::NameLookups names;
  names.school = [&](const std::string& id) {
    auto it = schools.find(id);
    if (it != schools.end()) return it->second;
    auto o = registry_.GetOrg(domain::Actor::System(), id);
    return schools[id] = o ? o->org.name : std::string();
  };
  names.user = [&](const std::string& id) {
    auto it = users.find(id);
    if (it != users.end()) return it->second;
    auto u =
        domain::ReadValue<std::optional<domain::User>>(s_.store, [&](domain::ReadView& v) { return v.FindUser(id); });
    return users[id] = (u && *u) ? (*u)->display_name : std::string();
  };
  const Timestamp now = s_.clock.Now();
  auto rows = report::BuildLedger(kind, all, names, now);

  Response r;
  r.status = 200;
  const std::string ext = xlsx ? ".xlsx" : ".csv";
  if (xlsx) {
    TRY_ASSIGN(r.body, report::LedgerXlsx(kind, rows));
    r.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  } else {
    r.body = report::LedgerCsv(rows);
    r.Set("Content-Type", "text/csv; charset=utf-8");
  }
  const std::string day = FormatDate(ChinaDateOf(now));
  const std::string name = org.org.name + std::string(report::LedgerTitle(kind)) + "-" + day + ext;
  const std::string ascii = std::string(rectifications ? "rectification-ledger-" : "hazard-ledger-") + day + ext;
  r.Set("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + PercentEncode(name));
  r.Set("Cache-Control", "no-store");
  return r;
}

}  // namespace anxiao::http
