// The bulletin, the rectification notice and the public notice check over HTTP
// (app::Documents). Transport only: query parsing, content types, JSON.

#include "http/documents_api.hpp"

#include <memory>

#include "app/documents.hpp"
#include "base/strings.hpp"
#include "http/api.hpp"
#include "http/api_kit.hpp"

namespace anxiao::http {
namespace {

Status OnlyQuery(const Request& req, std::initializer_list<const char*> allowed) {
  for (const auto& [k, v] : req.query) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || k == a;
    if (!ok) return Fail(BadInput("invalid_query", "unknown query parameter: " + k, k));
  }
  return {};
}

// Where the public verification page lives, as the client reached this server: the QR code must
// lead back to the same installation. X-Forwarded-Proto/Host when behind a proxy.
std::string BaseUrl(const Request& req) {
  std::string proto = req.Header("x-forwarded-proto");
  if (proto != "https" && proto != "http") proto = "http";
  std::string host = req.Header("x-forwarded-host");
  if (host.empty()) host = req.Header("host");
  // Only host[:port] characters: a forged header must not put arbitrary text into a QR code.
  if (host.empty() || host.size() > 255 ||
      host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
          std::string::npos)
    host = "localhost";
  return proto + "://" + host;
}

Response Bytes(std::string body, const std::string& type, const std::string& ascii_name, const std::string& name) {
  Response r;
  r.status = 200;
  r.body = std::move(body);
  r.Set("Content-Type", type);
  r.Set("Content-Disposition", "inline; filename=\"" + ascii_name + "\"; filename*=UTF-8''" + PercentEncode(name));
  r.Set("Cache-Control", "no-store");
  return r;
}

Json NoticeHazardJson(const report::NoticeHazard& h) {
  return Json{{"number", h.number},           {"location", h.location},
              {"description", h.description}, {"risk", std::string(domain::Name(h.risk))},
              {"measures", h.measures},       {"deadline", FormatDate(h.deadline)}};
}

}  // namespace

void RegisterDocumentRoutes(Api& api, app::Services& s) {
  auto docs = std::make_shared<app::Documents>(s);

  api.Add("GET", "/api/v1/campaigns/{id}/bulletin", true, [docs](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {"lang", "format"}));
    const std::string lang_s = c.req.HasQuery("lang") ? c.req.Query("lang") : "zh-Hans";
    auto lang = report::ParseBulletinLang(lang_s);
    if (!lang) return Fail(BadInput("invalid_lang", "lang must be zh-Hans, zh-Hant or en", "lang"));
    const std::string format = c.req.HasQuery("format") ? c.req.Query("format") : "txt";
    if (format != "txt" && format != "pdf")
      return Fail(BadInput("invalid_format", "format must be txt or pdf", "format"));
    TRY_ASSIGN(auto figures, docs->Bulletin(c.actor(), c.params["id"]));
    const std::string day = FormatDate(figures.as_of);
    if (format == "pdf") {
      TRY_ASSIGN(auto pdf, report::RenderBulletinPdf(figures, *lang));
      return Bytes(std::move(pdf), "application/pdf", "bulletin-" + day + ".pdf",
                   figures.region + "通报-" + day + ".pdf");
    }
    TRY_ASSIGN(auto title, report::BulletinTitle(figures, *lang));
    TRY_ASSIGN(auto body, report::BulletinText(figures, *lang));
    return Bytes(title + "\n\n" + body + "\n", "text/plain; charset=utf-8", "bulletin-" + day + ".txt",
                 figures.region + "通报-" + day + ".txt");
  });

  api.Add("GET", "/api/v1/inspections/{id}/notice.pdf", true, [docs](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {"school"}));
    TRY_ASSIGN(auto issued, docs->Notice(c.actor(), c.params["id"], c.req.Query("school")));
    issued.notice.verify_base_url = BaseUrl(c.req);
    TRY_ASSIGN(auto pdf, report::RenderNoticePdf(issued.notice));
    auto r = Bytes(std::move(pdf), "application/pdf", "notice-" + issued.code + ".pdf",
                   issued.notice.school + "整改通知书-" + issued.code + ".pdf");
    r.Set("X-Verification-Code", issued.code);
    return r;
  });

  api.Add("GET", "/api/v1/verify/notices/{code}", false, [docs](ApiCtx& c) -> Result<Response> {
    TRY_STATUS(OnlyQuery(c.req, {}));
    TRY_ASSIGN(auto chk, docs->CheckNotice(c.params["code"]));
    Json hazards = Json::array();
    for (const auto& h : chk.hazards) {
      Json j = NoticeHazardJson(h.printed);
      j["state"] = h.state.empty() ? Json(nullptr) : Json(h.state);
      j["closed_at"] = h.closed_at.empty() ? Json(nullptr) : Json(h.closed_at);
      hazards.push_back(std::move(j));
    }
    Json bad = Json::array();
    for (auto s : chk.bad_seqs) bad.push_back(s);
    const auto& n = chk.notice;
    return JsonResponse(200, Json{{"code", chk.record.id.substr(4)},
                                  {"grouped_code", report::GroupedCode(chk.record.id.substr(4))},
                                  {"number", n.number},
                                  {"bureau", n.bureau},
                                  {"school", n.school},
                                  {"inspection", n.inspection},
                                  {"inspectors", n.inspectors},
                                  {"inspected_on", FormatDate(n.inspected_on)},
                                  {"date", FormatDate(n.date)},
                                  {"issued_at", chk.record.issued_at},
                                  {"hazards", std::move(hazards)},
                                  {"latest", chk.latest},
                                  {"checks",
                                   {{"code", chk.code_ok},
                                    {"journal", chk.journal_ok},
                                    {"entries_checked", chk.entries_checked},
                                    {"bad_seqs", std::move(bad)}}},
                                  {"valid", chk.code_ok && chk.journal_ok}});
  });
}

}  // namespace anxiao::http
