#pragma once
// The REST API v1 (docs/api.md): routing, authentication, CSRF, scope, JSON
// DTOs. Independent of the HTTP library: server.cpp feeds it Requests.
// Thread-safe (handlers share only thread-safe services).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/auth.hpp"
#include "app/hazards.hpp"
#include "app/registry.hpp"
#include "app/users.hpp"
#include "http/api_kit.hpp"
#include "http/errors.hpp"
#include "http/request.hpp"

namespace anxiao::http {

// A write that a handler has validated but not done: `apply` runs inside the write transaction
// (group commit), and `finish` makes the answer from its outcome once it is durable or has failed.
struct DeferredWrite {
  std::function<Status(domain::WriteTx&)> apply;
  std::function<Response(const Status&)> finish;
};

struct ApiOptions {
  std::string version = ANXIAO_VERSION;
  bool secure_cookies = false;  // set the Secure attribute (behind TLS)
};

class Api {
 public:
  Api(app::Services& s, ApiOptions opts);
  ~Api();

  // Handles one /api/v1 request. Never throws.
  Response Handle(const Request& req);

  // Asynchronous writes (server.cpp). Defers(req): the request goes to a route whose handler
  // defers its write, and carries no Idempotency-Key. Prepare(req) then does everything before
  // the write (parsing, authentication, validation) and returns either the final answer or one
  // with `deferred` set, whose `apply` the caller hands to the store's WriteAsync and whose
  // `finish` makes the answer. Never throws.
  bool Defers(const Request& req) const;
  Response Prepare(const Request& req);
  domain::Store& store() { return s_.store; }

  // Feature modules (e.g. evidence_api.cpp) register their routes through Add;
  // "{id}" in a pattern matches one path segment, available as
  // ctx.params["id"].
  using Ctx = ApiCtx;
  using Handler = std::function<Result<Response>(Ctx&)>;
  void Add(std::string method, std::string pattern, bool auth, Handler h);

 private:
  struct Route;
  const Route* FindRoute(const Request& req, std::vector<std::string_view>* parts, bool* path_matched) const;
  Result<Response> Dispatch(const Request& req, Lang lang);
  // Does a deferred write at once (Handle, idempotent requests).
  Response Complete(Response r);
  // A deferred hazard write: `apply` runs `write` in the transaction; the answer is the hazard.
  Response DeferHazard(int status, Lang lang, bool location,
                       std::function<Result<domain::Hazard>(domain::WriteTx&)> write);

  Result<Response> Health(Ctx& c);
  Result<Response> Login(Ctx& c);
  Result<Response> Logout(Ctx& c);
  Result<Response> Me(Ctx& c);
  Result<Response> GetOrg(Ctx& c);
  Result<Response> OrgChildren(Ctx& c);
  Result<Response> ListSchools(Ctx& c);
  Result<Response> GetSchool(Ctx& c);
  Result<Response> CreateSchool(Ctx& c);
  Result<Response> PatchSchool(Ctx& c);
  Result<Response> ListUsers(Ctx& c);
  Result<Response> GetUser(Ctx& c);
  Result<Response> CreateUser(Ctx& c);
  Result<Response> PatchUser(Ctx& c);
  Result<Response> SetPassword(Ctx& c);
  Result<Response> Integrity(Ctx& c);
  Result<Response> VerifyNow(Ctx& c);
  // Hazards (docs/api.md "Hazards"; DTOs in hazard_json.hpp).
  Result<Response> ListHazards(Ctx& c);
  Result<Response> GetHazard(Ctx& c);
  Result<Response> CreateHazard(Ctx& c);
  Result<Response> HazardAction(Ctx& c, const std::string& action);
  Result<Response> RequestExtension(Ctx& c);
  Result<Response> DecideExtension(Ctx& c);
  Response HazardResponse(int status, const domain::Hazard& h);
  Response HazardResponse(int status, const domain::Hazard& h, const std::string& school_name);
  // Ledgers (台账) of an org in scope as a download (docs/api.md "Ledgers";
  // src/report).
  Result<Response> Ledger(Ctx& c, bool rectifications, bool xlsx);
  // POST with an Idempotency-Key: replays the stored response of the same user,
  // method, path and body; kConflict "idempotency_key_reused" when the key was
  // used for another request.
  Result<Response> Idempotent(Ctx& c, const Route& route, const std::string& key);

  app::Services& s_;
  ApiOptions opts_;
  app::Auth auth_;
  app::Registry registry_;
  app::Users users_;
  app::Hazards hazards_;
  std::vector<Route> routes_;
};

// Evidence photos (evidence_api.cpp): POST /api/v1/evidence, GET /api/v1/evidence/{sha256}[/thumb].
void RegisterEvidenceRoutes(Api& api, app::Services& s);
// The upload's JSON: {sha256, size, mime, width, height, taken_at, gps, phash, url, thumb_url}.
Json EvidenceJson(const domain::EvidenceRecord& r);
// Uploads may be larger than other bodies: the server lets this much reach the evidence route,
// which answers 413 "evidence_too_large" for a photo over app::kMaxEvidenceBytes.
inline constexpr std::size_t kEvidenceBodyLimit = std::size_t{32} << 20;
inline constexpr const char* kEvidencePath = "/api/v1/evidence";

// Feature modules, each in its own file, called from the Api constructor.
void AddSettingsRoutes(Api& api, app::Services& s);  // settings_api.cpp: settings and notices

// The OpenAPI 3.1 document describing every endpoint (openapi.cpp).
const std::string& OpenApiDocument();

}  // namespace anxiao::http
