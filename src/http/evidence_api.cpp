// Evidence photos over HTTP (docs/api.md "Evidence"): POST /api/v1/evidence (raw image body or
// multipart/form-data with a `file` part), GET /api/v1/evidence/{sha256} and …/thumb. The rules
// (content checks, durable storage, visibility) are app::Evidence's; this file is transport.

#include <memory>

#include "app/evidence.hpp"
#include "http/api.hpp"
#include "http/api_kit.hpp"

namespace anxiao::http {
namespace {

// The value of parameter `name` in a header such as `multipart/form-data; boundary="xyz"`.
std::string HeaderParam(const std::string& header, const std::string& name) {
  for (auto& part : Split(header, ';')) {
    auto p = std::string(TrimAscii(part));
    auto eq = p.find('=');
    if (eq == std::string::npos || ToLowerAscii(std::string(TrimAscii(p.substr(0, eq)))) != name) continue;
    auto v = std::string(TrimAscii(p.substr(eq + 1)));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return v;
  }
  return {};
}

Error BadMultipart(const std::string& why) {
  return InvalidInput("malformed_multipart", "the multipart/form-data body is malformed: " + why);
}

// The bytes of the part named "file" of a multipart/form-data body (RFC 7578).
Result<std::string_view> MultipartFile(std::string_view body, const std::string& boundary) {
  if (boundary.empty() || boundary.size() > 70) return Fail(BadMultipart("missing or overlong boundary"));
  const std::string delim = "--" + boundary;
  std::size_t pos = body.find(delim);
  if (pos == std::string_view::npos) return Fail(BadMultipart("no boundary in the body"));
  for (;;) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") break;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return Fail(BadMultipart("boundary not followed by a line break"));
    pos += 2;
    std::size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return Fail(BadMultipart("part headers do not end"));
    std::string headers = ToLowerAscii(std::string(body.substr(pos, head_end - pos)));
    std::size_t data = head_end + 4;
    std::size_t next = body.find("\r\n" + delim, data);
    if (next == std::string_view::npos) return Fail(BadMultipart("part does not end with the boundary"));
    std::string disposition;
    for (auto& line : Split(headers, '\n')) {
      auto l = std::string(TrimAscii(line));
      if (l.rfind("content-disposition:", 0) == 0) disposition = l.substr(20);
    }
    if (HeaderParam(disposition, "name") == "file") return body.substr(data, next - data);
    pos = next + 2;
  }
  return Fail(InvalidInput("missing_field", "the multipart body has no part named file", "file"));
}

Json GpsJson(const domain::EvidenceRecord& r) {
  if (r.latitude.empty() || r.longitude.empty()) return nullptr;
  return Json{{"lat", std::stod(r.latitude)}, {"lon", std::stod(r.longitude)}};
}

}  // namespace

Json EvidenceJson(const domain::EvidenceRecord& r) {
  return Json{{"sha256", r.sha256},
              {"size", r.size},
              {"mime", r.mime},
              {"width", r.width},
              {"height", r.height},
              {"taken_at", r.taken_at.empty() ? Json(nullptr) : Json(r.taken_at)},
              {"gps", GpsJson(r)},
              {"phash", r.phash},
              {"url", "/api/v1/evidence/" + r.sha256},
              {"thumb_url", "/api/v1/evidence/" + r.sha256 + "/thumb"}};
}

void RegisterEvidenceRoutes(Api& api, app::Services& s) {
  auto ev = std::make_shared<app::Evidence>(s);

  api.Add("POST", "/api/v1/evidence", true, [ev](ApiCtx& c) -> Result<Response> {
    const std::string ct = ToLowerAscii(c.req.Header("content-type"));
    std::string_view bytes = c.req.body;
    if (ct.rfind("multipart/form-data", 0) == 0) {
      TRY_ASSIGN(bytes, MultipartFile(c.req.body, HeaderParam(c.req.Header("content-type"), "boundary")));
    }
    // Anything else is the raw image; its Content-Type is not trusted (the codec sniffs the bytes).
    TRY_ASSIGN(auto stored, ev->Upload(c.actor(), bytes));
    Response r = JsonResponse(stored.created ? 201 : 200, EvidenceJson(stored.record));
    r.Set("Location", "/api/v1/evidence/" + stored.record.sha256);
    return r;
  });

  for (bool thumb : {false, true}) {
    api.Add("GET", thumb ? "/api/v1/evidence/{sha256}/thumb" : "/api/v1/evidence/{sha256}", true,
            [ev, thumb](ApiCtx& c) -> Result<Response> {
              TRY_ASSIGN(auto file, ev->Read(c.actor(), c.params["sha256"], thumb));
              Response r;
              r.status = 200;
              r.body = std::move(file.bytes);
              r.Set("Content-Type", file.mime);
              // Content-addressed: the bytes behind this URL never change. Private: access is
              // checked per user, so shared caches must not keep it.
              r.Set("Cache-Control", "private, max-age=31536000, immutable");
              r.Set("ETag", "\"" + c.params["sha256"] + (thumb ? "-thumb" : "") + "\"");
              r.Set("Content-Security-Policy", "default-src 'none'; sandbox");
              return r;
            });
  }
}

}  // namespace anxiao::http
