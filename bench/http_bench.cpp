// In-process cost breakdown of GET /api/v1/orgs/{id} (BENCHMARKS.md): what one request costs in
// the API layer without sockets, split into its parts (bearer-token authentication, the registry
// read, the store's read transactions). The over-the-wire figure and its hello-world baseline come
// from wrk in scripts/run-bench.sh; this binary explains where the API's share of the time goes.
//
// Sets up the demo city (3,043 schools) in a fresh SQLite store in a temp dir, creates an admin
// API token, then runs Google Benchmark. Accepts the usual --benchmark_* flags.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "app/auth.hpp"
#include "app/registry.hpp"
#include "app/setup.hpp"
#include "base/random.hpp"
#include "base/sha256.hpp"
#include "http/api.hpp"
#include "media/vips_codec.hpp"
#include "store/files/evidence_files.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace anxiao::bench {
namespace {

struct World {
  std::string dir;
  domain::SystemClock clock;
  std::unique_ptr<store::SqlStore> store;
  std::unique_ptr<SeededIds> ids;
  std::unique_ptr<store::files::LocalEvidenceFiles> files;
  std::unique_ptr<media::VipsCodec> codec;
  std::unique_ptr<app::Services> services;
  std::unique_ptr<http::Api> api;
  std::string token;
  std::string root_id, county_id;  // 山东省, 东阿县
  domain::Actor admin;
};
World* g = nullptr;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "http_bench: " << what << "\n";
  std::exit(1);
}

void SetUp() {
  g = new World;
  const char* t = std::getenv("TMPDIR");
  std::string tmpl = std::string(t && *t ? t : "/tmp") + "/anxiao-http-bench-XXXXXX";
  if (!mkdtemp(tmpl.data())) Die("mkdtemp failed");
  g->dir = tmpl;
  InitCrypto();
  auto s = store::sqlite::OpenSqliteStore(g->dir, g->clock);
  if (!s) Die("open store: " + s.error().internal);
  g->store = std::move(*s);
  g->ids = std::make_unique<SeededIds>(app::kDemoSeed);
  g->services = std::make_unique<app::Services>(app::Services{*g->store, g->clock, *g->ids, PasswordCost::kTest});
  // The demo's hazards carry real photos: the loader needs the file store and the image codec.
  auto files = store::files::LocalEvidenceFiles::Open(g->dir + "/evidence");
  if (!files) Die("evidence dir: " + files.error().internal);
  auto codec = media::VipsCodec::Open();
  if (!codec) Die("image codec: " + codec.error().internal);
  g->files = std::move(*files);
  g->codec = std::move(*codec);
  g->services->evidence_files = g->files.get();
  g->services->images = g->codec.get();
  auto sum = app::LoadDemo(*g->services, app::GenerateDemoCity());
  if (!sum) Die("load demo: " + sum.error().internal);
  app::Auth auth(*g->services);
  auto tok = auth.CreateToken(domain::Actor::System(), "admin", "bench");
  if (!tok) Die("create token: " + tok.error().internal);
  g->token = *tok;
  auto ids = domain::ReadValue<std::pair<std::string, std::string>>(
      *g->store, [](domain::ReadView& v) -> Result<std::pair<std::string, std::string>> {
        TRY_ASSIGN(auto root, v.RootOrg());
        TRY_ASSIGN(auto county, v.FindOrgByCode("371524"));  // 东阿县
        if (!root || !county) return Fail(NotFound("demo orgs"));
        return std::pair{root->id, county->id};
      });
  if (!ids) Die("demo orgs: " + ids.error().internal);
  g->root_id = ids->first;
  g->county_id = ids->second;
  auto caller = auth.FromBearer(g->token);
  if (!caller) Die("token rejected");
  g->admin = caller->actor;
  g->api = std::make_unique<http::Api>(*g->services, http::ApiOptions{});
}

void TearDown() {
  std::string dir = g->dir;
  g->api.reset();
  g->store.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

http::Request GetOrgRequest(const std::string& id) {
  http::Request r;
  r.method = "GET";
  r.path = "/api/v1/orgs/" + id;
  r.headers["authorization"] = "Bearer " + g->token;
  r.headers["accept"] = "*/*";
  r.headers["host"] = "127.0.0.1";
  r.remote = "127.0.0.1";
  return r;
}

// The whole API request, as the server hands it over (minus sockets and the access log).
void BM_ApiGetOrg(benchmark::State& state, bool root) {
  const http::Request req = GetOrgRequest(root ? g->root_id : g->county_id);
  std::size_t bytes = 0;
  for (auto _ : state) {
    http::Response resp = g->api->Handle(req);
    if (resp.status != 200) {
      state.SkipWithError(("status " + std::to_string(resp.status) + ": " + resp.body).c_str());
      break;
    }
    bytes += resp.body.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["body_B"] =
      state.iterations() ? static_cast<double>(bytes) / static_cast<double>(state.iterations()) : 0;
}
BENCHMARK_CAPTURE(BM_ApiGetOrg, county, false)->UseRealTime();
BENCHMARK_CAPTURE(BM_ApiGetOrg, root, true)->UseRealTime();
BENCHMARK_CAPTURE(BM_ApiGetOrg, county, false)->Threads(2)->UseRealTime();

// Part 1: bearer authentication (SHA-256 of the token, one read transaction: token, user, scope).
void BM_AuthFromBearer(benchmark::State& state) {
  app::Auth auth(*g->services);
  for (auto _ : state) benchmark::DoNotOptimize(auth.FromBearer(g->token));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AuthFromBearer)->UseRealTime();

// Part 2: the registry read (second read transaction: org, school count, crumbs).
void BM_RegistryGetOrg(benchmark::State& state, bool root) {
  app::Registry reg(*g->services);
  const std::string id = root ? g->root_id : g->county_id;
  for (auto _ : state) benchmark::DoNotOptimize(reg.GetOrg(g->admin, id));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_RegistryGetOrg, county, false)->UseRealTime();
BENCHMARK_CAPTURE(BM_RegistryGetOrg, root, true)->UseRealTime();

// Parts of the parts: an empty read transaction (pool + BEGIN + ROLLBACK), one primary-key
// lookup, the school count under the root, SHA-256 of a token.
void BM_StoreEmptyRead(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(g->store->Read([](domain::ReadView&) -> Status { return {}; }));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StoreEmptyRead)->UseRealTime();

void BM_StoreFindOrg(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(
        g->store->Read([](domain::ReadView& v) -> Status { return v.FindOrg(g->county_id).map([](auto&&) {}); }));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StoreFindOrg)->UseRealTime();

void BM_StoreCountSchoolsUnderRoot(benchmark::State& state) {
  std::string path;
  (void)g->store->Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto o, v.FindOrg(g->root_id));
    path = o->path;
    return {};
  });
  for (auto _ : state)
    benchmark::DoNotOptimize(
        g->store->Read([&](domain::ReadView& v) -> Status { return v.CountSchoolsUnder(path).map([](auto) {}); }));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StoreCountSchoolsUnderRoot)->UseRealTime();

void BM_Sha256HexToken(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Sha256Hex(g->token));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sha256HexToken);

}  // namespace
}  // namespace anxiao::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  anxiao::bench::SetUp();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  anxiao::bench::TearDown();
  return 0;
}
