// Level reports (逐级上报) over HTTP (docs/api.md "Level reports"). Transport only: the rules are
// app::LevelReports'. Reads outside the caller's scope answer 404 like missing records; the
// transitions take If-Match with the report's version (428 without, 412 when stale).
//
//   GET  /api/v1/reports?org=&campaign=&state=&to=   reports in scope (to: sent to that org)
//   GET  /api/v1/reports/preview?org=&campaign=&as_of=  the body that would be frozen now
//   POST /api/v1/reports                        {org, campaign, as_of} → 201, frozen and signed
//   GET  /api/v1/reports/{id}                   with the body, and changed_since_report + differences
//   POST /api/v1/reports/{id}/approve           the principal, for a school's report
//   POST /api/v1/reports/{id}/accept            the supervising level
//   POST /api/v1/reports/{id}/return            {reason}: the supervising level
//   GET  /api/v1/reports/{id}/export            the self-contained export `anxiao report verify` reads

#include "http/report_api.hpp"

#include <memory>

#include "app/level_reports.hpp"
#include "base/ed25519.hpp"
#include "base/sha256.hpp"
#include "http/api.hpp"
#include "http/api_kit.hpp"

namespace anxiao::http {
namespace {

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json ReportJson(const domain::LevelReport& r, bool with_body) {
  auto body = ParseJson(r.body).value_or(Json::object());
  auto name_of = [&](const char* k) {
    return body.contains(k) && body[k].is_object() ? body[k].value("name", "") : std::string();
  };
  Json j{{"id", r.id},
         {"org_id", r.org_id},
         {"org_name", name_of("org")},
         {"org_kind", std::string(domain::Name(r.org_kind))},
         {"supervising_org_id", r.supervising_org_id},
         {"supervising_org_name", name_of("supervising_org")},
         {"campaign_id", r.campaign_id},
         {"campaign_name", name_of("campaign")},
         {"period_end", r.period_end},
         {"state", std::string(domain::Name(r.state))},
         {"supersedes", OrNull(r.supersedes)},
         {"sha256", r.sha256},
         {"signature",
          {{"algorithm", "ed25519"},
           {"public_key", r.public_key},
           {"value", r.signature},
           {"valid", Ed25519Verify(domain::SignedBytesOf(r.sha256), r.signature, r.public_key)}}},
         {"checkpoint", {{"seq", r.checkpoint_seq}, {"hash", r.checkpoint_hash}}},
         {"children_reported", body.contains("children") ? body["children"].size() : 0},
         {"children_missing", body.contains("missing_children") ? body["missing_children"].size() : 0},
         {"prepared_by", r.prepared_by},
         {"prepared_at", r.prepared_at},
         {"approved_by", OrNull(r.approved_by)},
         {"approved_at", OrNull(r.approved_at)},
         {"submitted_at", OrNull(r.submitted_at)},
         {"decided_by", OrNull(r.decided_by)},
         {"decided_at", OrNull(r.decided_at)},
         {"return_reason", OrNull(r.return_reason)},
         {"version", r.version}};
  if (with_body) j["body"] = std::move(body);
  return j;
}

Response WithEtag(Response r, std::int64_t version) {
  r.Set("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

Result<Response> Detail(app::LevelReports& reports, int status, const domain::LevelReport& r) {
  Json j = ReportJson(r, true);
  TRY_ASSIGN(auto ch, reports.Changes(r));
  j["hash_valid"] = Sha256Hex(Canonical(j["body"])) == r.sha256;
  j["changed_since_report"] = ch.changed;
  j["differences"] = std::move(ch.differences);
  return WithEtag(JsonResponse(status, j), r.version);
}

Status OnlyQuery(const Request& req, std::initializer_list<const char*> allowed) {
  for (const auto& [k, v] : req.query) {
    bool ok = false;
    for (auto a : allowed) ok = ok || k == a;
    if (!ok) return Fail(InvalidInput("invalid_query", "unknown query parameter: " + k, k));
  }
  return {};
}

Result<std::optional<Date>> QueryDate(const Request& req, const char* key) {
  if (!req.HasQuery(key) || req.Query(key).empty()) return std::optional<Date>{};
  auto d = ParseDate(req.Query(key));
  if (!d) return Fail(BadInput("invalid_date", std::string(key) + " must be a date YYYY-MM-DD", key));
  return std::optional<Date>{*d};
}

}  // namespace

void RegisterReportRoutes(Api& api, app::Services& s) {
  auto reports = std::make_shared<app::LevelReports>(s);

  api.Add("GET", "/api/v1/reports", true, [reports](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {"org", "campaign", "state", "to", "page", "page_size"}));
    domain::LevelReportFilter f;
    f.org_id = c.req.Query("org");
    f.campaign_id = c.req.Query("campaign");
    f.supervising_org_id = c.req.Query("to");
    if (auto st = c.req.Query("state"); !st.empty()) {
      f.state = domain::ParseLevelReportState(st);
      if (!f.state) return Fail(BadInput("unknown_enum_value", "state: unknown value '" + st + "'", "state"));
    }
    TRY_ASSIGN(f.page, PageOf(c.req));
    const auto page = f.page;
    TRY_ASSIGN(auto found, reports->List(c.actor(), std::move(f)));
    Json items = Json::array();
    for (const auto& r : found.items) items.push_back(ReportJson(r, false));
    return JsonResponse(200, PageJson(std::move(items), found.total, page));
  });

  api.Add("GET", "/api/v1/reports/preview", true, [reports](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {"org", "campaign", "as_of"}));
    app::ReportRequest r{c.req.Query("org"), c.req.Query("campaign"), std::nullopt};
    TRY_ASSIGN(r.as_of, QueryDate(c.req, "as_of"));
    TRY_ASSIGN(auto p, reports->Preview(c.actor(), r));
    return JsonResponse(
        200, Json{{"body", std::move(p.body)}, {"live_report", p.live ? ReportJson(*p.live, false) : Json(nullptr)}});
  });

  api.Add("POST", "/api/v1/reports", true, [reports](ApiCtx& c) -> Result<Response> {
    TRY_ASSIGN(auto b, Body::Parse(c.req));
    app::ReportRequest r;
    TRY_ASSIGN(auto org, b.OptString("org", 64));
    r.org_id = org.value_or("");
    TRY_ASSIGN(r.campaign_id, b.String("campaign", 64));
    TRY_ASSIGN(r.as_of, b.OptDate("as_of"));
    TRY_STATUS(b.NoUnknownFields());
    TRY_ASSIGN(auto rep, reports->Prepare(c.actor(), r));
    auto resp = Detail(*reports, 201, rep);
    if (resp) resp->Set("Location", "/api/v1/reports/" + rep.id);
    return resp;
  });

  api.Add("GET", "/api/v1/reports/{id}", true, [reports](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {}));
    TRY_ASSIGN(auto r, reports->Get(c.actor(), c.params.at("id")));
    return Detail(*reports, 200, r);
  });

  for (const char* action : {"approve", "accept", "return"}) {
    api.Add("POST", std::string("/api/v1/reports/{id}/") + action, true,
            [reports, a = std::string(action)](ApiCtx& c) -> Result<Response> {
              TRY_ASSIGN(auto b, Body::Parse(c.req));
              std::string reason;
              if (a == "return") {
                TRY_ASSIGN(auto r, b.OptString("reason", 4000));
                reason = r.value_or("");
              }
              TRY_STATUS(b.NoUnknownFields());
              const auto& id = c.params.at("id");
              TRY_STATUS(reports->Get(c.actor(), id));  // scope first: 404 before 428
              TRY_ASSIGN(auto version, IfMatch(c.req));
              Result<domain::LevelReport> after = a == "approve"  ? reports->Approve(c.actor(), id, version)
                                                  : a == "accept" ? reports->Accept(c.actor(), id, version)
                                                                  : reports->Return(c.actor(), id, version, reason);
              if (!after) return Fail(after.error());
              return Detail(*reports, 200, *after);
            });
  }

  api.Add("GET", "/api/v1/reports/{id}/export", true, [reports](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {}));
    const auto& id = c.params.at("id");
    TRY_ASSIGN(auto j, reports->Export(c.actor(), id));
    auto r = JsonResponse(200, j);
    r.Set("Content-Disposition", "attachment; filename=\"report-" + PercentEncode(id) + ".json\"");
    return r;
  });
}

}  // namespace anxiao::http
