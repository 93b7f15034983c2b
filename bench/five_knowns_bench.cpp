// Five-knowns benchmark (issue 7, item 6): the latency of the dashboard's figures of an org node,
// read from the counters the projection keeps (domain/hazard_stat.hpp), beside two baselines
// measured in the same run on the same data:
//   scan          the aggregation queries over the hazard rows (AggregateHazards and HazardTrend
//                 with AggregateSource::kScan: what the five-knowns API did before the counters)
//   from-scratch  every hazard under the node loaded (ReadView::SearchHazards) and aggregated per
//                 child in C++, the way a dashboard without aggregate queries would.
// Measured: app::FiveKnowns::For (figures, league table, 30-day trend), the whole in-process
// request GET /api/v1/orgs/{id}/five-knowns (http::Api::Handle: auth, JSON), the scan and the
// from-scratch baseline; p50, p99 and max over --runs requests (baselines: runs/20, at least 5).
//
// Data: the demo (one city, ≈400 hazards with their whole journal), then grown to --hazards rows
// by copying the demo's hazard rows in SQL (new id and number, same school, state, dates and
// plan) and recomputing the counters from the rows (SqlStore::RebuildHazardStats, timed). The
// copies bypass the journal: the benchmark measures reads.
//
//   anxiao_five_knowns_bench [--hazards N] [--runs R] [--node city|root] [--pg URL]
//
// --pg URL runs on that PostgreSQL database (emptied first: use a throwaway one) instead of a
// temporary SQLite store.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/auth.hpp"
#include "app/demo_city.hpp"
#include "app/five_knowns.hpp"
#include "app/setup.hpp"
#include "base/random.hpp"
#include "http/api.hpp"
#include "media/vips_codec.hpp"
#include "store/files/evidence_files.hpp"
#ifdef ANXIAO_WITH_POSTGRES
#include "store/postgres/postgres_store.hpp"
#endif
#include "store/sqlite/sqlite_store.hpp"

namespace {

using namespace anxiao;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "five_knowns_bench: %s\n", what.c_str());
  std::exit(1);
}

double NowMs() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double CpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Stats {
  double p50 = 0, p99 = 0, max = 0, cpu = 0;  // cpu: mean CPU ms per run
  int runs = 0;
};
Stats Measure(int runs, const std::function<void()>& fn) {
  fn();  // warm the caches and prepared statements
  std::vector<double> t;
  const double c0 = CpuMs();
  for (int i = 0; i < runs; ++i) {
    double t0 = NowMs();
    fn();
    t.push_back(NowMs() - t0);
  }
  const double cpu = (CpuMs() - c0) / runs;
  std::sort(t.begin(), t.end());
  auto at = [&](double q) { return t[std::min(t.size() - 1, static_cast<std::size_t>(q * t.size()))]; };
  return {at(0.50), at(0.99), t.back(), cpu, runs};
}

void Print(const char* what, const Stats& s) {
  std::printf("  %-44s p50 %9.3f ms  p99 %9.3f ms  max %9.3f ms  CPU %8.3f ms/run  (%d runs)\n", what, s.p50, s.p99,
              s.max, s.cpu, s.runs);
}

// The from-scratch baseline: every hazard under the node, aggregated per child in C++.
std::int64_t FromScratch(domain::Store& store, const std::string& node_id, Date today) {
  std::int64_t checksum = 0;
  auto st = store.Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto node, v.FindOrg(node_id));
    TRY_ASSIGN(auto kids, v.OrgChildren(node_id));
    domain::HazardFilter f;
    f.under_path = node->path;
    f.today = today;
    f.page.page_size = 100'000'000;
    TRY_ASSIGN(auto all, v.SearchHazards(f));
    const Timestamp now{EndOfChinaDay(today).ms - 1};
    std::map<std::string, domain::HazardAggregate> per_child;
    for (const auto& h : all.items) {
      for (const auto& k : kids) {
        if (!domain::IsUnder(h.path, k.path)) continue;
        auto& a = per_child[k.id];
        if (h.state == domain::HazardState::kVoided) {
          ++a.voided;
          break;
        }
        ++a.total;
        ++a.by_risk[domain::RiskRank(h.risk_level)];
        ++a.by_category[std::string(domain::Name(h.category))];
        ++a.by_source[std::string(domain::Name(h.source))];
        if (domain::IsOpen(h.state)) {
          ++a.open;
          ++a.open_by_risk[domain::RiskRank(h.risk_level)];
        } else {
          ++a.closed;
        }
        if (domain::IsOverdue(h, now)) ++a.overdue;
        if (domain::DueWithinDays(h, now, app::kDueSoonDays)) ++a.due_soon;
        a.rejections += h.rejection_count;
        break;
      }
    }
    for (const auto& [id, a] : per_child) checksum += a.total + a.overdue;
    return {};
  });
  if (!st) Die("baseline: " + st.error().internal);
  return checksum;
}

// The paths of a node and its children (the prefixes the figures are read for), node first.
Result<std::vector<std::string>> NodeAndChildPaths(domain::ReadView& v, const std::string& node_id) {
  TRY_ASSIGN(auto node, v.FindOrg(node_id));
  if (!node) return Fail(NotFound("org " + node_id));
  TRY_ASSIGN(auto kids, v.OrgChildren(node_id));
  std::vector<std::string> paths{node->path};
  for (const auto& k : kids) paths.push_back(k.path);
  return paths;
}

// The aggregation queries over the hazard rows, for the node and its children, plus the trend.
void Scan(domain::Store& store, const std::string& node_id, Date today) {
  auto st = store.Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto prefixes, NodeAndChildPaths(v, node_id));
    TRY_ASSIGN(auto aggs, v.AggregateHazards(prefixes, today, app::kDueSoonDays, "", domain::AggregateSource::kScan));
    const Date from = CivilFromDays(DaysFromCivil(today) - (app::kTrendDays - 1));
    TRY_ASSIGN(auto trend, v.HazardTrend(prefixes[0], from, today, "", domain::AggregateSource::kScan));
    (void)aggs;
    (void)trend;
    return {};
  });
  if (!st) Die("scan: " + st.error().internal);
}

// The miss rate of the node and its children over the rows (what the self-check did before its
// counters): the same-run baseline of FiveKnowns::SelfCheck.
void ScanSelfCheck(domain::Store& store, const std::string& node_id, Date today) {
  auto st = store.Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto prefixes, NodeAndChildPaths(v, node_id));
    TRY_ASSIGN(auto misses, v.SelfInspectionMisses(prefixes, today, "", domain::AggregateSource::kScan));
    (void)misses;
    return {};
  });
  if (!st) Die("self-check scan: " + st.error().internal);
}

void Exec(store::Connection& c, const std::string& sql) {
  auto st = c.ExecScript(sql);
  if (!st) Die("sql: " + st.error().internal + "\n  in: " + sql.substr(0, 200));
}

// Grows the hazard table to `target` rows by copying the rows there are, in one transaction.
std::int64_t Grow(store::SqlStore& store, std::int64_t target) {
  auto lease = store.Acquire();
  if (!lease) Die("acquire: " + lease.error().internal);
  store::Connection& c = **lease;
  std::int64_t base = 0;
  auto st = c.QueryEach("SELECT count(*) FROM hazard", {}, [&](const store::SqlRow& r) -> Status {
    base = std::get<std::int64_t>(r[0]);
    return {};
  });
  if (!st) Die("count: " + st.error().internal);
  if (base == 0) Die("the demo has no hazards");
  const std::int64_t copies = std::max<std::int64_t>(0, (target - base + base - 1) / base);
  if (copies == 0) return base;
  std::string cols, select;
  for (const auto& col : domain::FindTable("hazard")->columns) {
    cols += (cols.empty() ? "" : ", ") + col.name;
    const std::string expr = col.name == "id"       ? "h.id || '-' || CAST(n.i AS TEXT)"
                             : col.name == "number" ? "h.number || '-' || CAST(n.i AS TEXT)"
                                                    : "h." + col.name;
    select += (select.empty() ? "" : ", ") + expr;
  }
  Exec(c, "BEGIN");
  Exec(c, "CREATE TEMP TABLE bench_n (i INTEGER PRIMARY KEY)");
  Exec(c, "INSERT INTO bench_n (i) WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " +
              std::to_string(copies) + ") SELECT i FROM r");
  Exec(c, "CREATE TEMP TABLE bench_base AS SELECT id FROM hazard");
  Exec(c, "INSERT INTO hazard (" + cols + ") SELECT " + select +
              " FROM hazard h CROSS JOIN bench_n n WHERE h.id IN (SELECT id FROM bench_base)");
  Exec(c, "DROP TABLE bench_n");
  Exec(c, "DROP TABLE bench_base");
  Exec(c, "COMMIT");
  Exec(c, "ANALYZE");
  return base * (copies + 1);
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t target = 100000;
  int runs = 200;
  std::string node_kind = "city", pg_url;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--hazards"))
      target = std::atoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs"))
      runs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--node"))
      node_kind = argv[i + 1];
    else if (!std::strcmp(argv[i], "--pg"))
      pg_url = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: %s [--hazards N] [--runs R] [--node city|root] [--pg URL]\n", argv[0]);
      return 2;
    }
  }
  if (argc % 2 == 0 || (node_kind != "city" && node_kind != "root")) {
    std::fprintf(stderr, "usage: %s [--hazards N] [--runs R] [--node city|root] [--pg URL]\n", argv[0]);
    return 2;
  }
  const char* t = std::getenv("TMPDIR");
  std::string dir = std::string(t && *t ? t : "/tmp") + "/anxiao-fk-bench-XXXXXX";
  if (!mkdtemp(dir.data())) Die("mkdtemp failed");
  InitCrypto();
  domain::SystemClock clock;
#ifdef ANXIAO_WITH_POSTGRES
  Result<std::unique_ptr<store::SqlStore>> opened =
      pg_url.empty() ? store::sqlite::OpenSqliteStore(dir, clock) : store::postgres::OpenPostgresStore(pg_url, clock);
#else
  if (!pg_url.empty()) Die("--pg: built without PostgreSQL");
  Result<std::unique_ptr<store::SqlStore>> opened = store::sqlite::OpenSqliteStore(dir, clock);
#endif
  if (!opened) Die("open store: " + opened.error().internal);
  auto store = std::move(*opened);
  const std::string engine = store->Engine();
#ifdef ANXIAO_WITH_POSTGRES
  if (!pg_url.empty()) {
    // A throwaway database (the name must say so): start from an empty schema.
    if (pg_url.find("bench") == std::string::npos && pg_url.find("test") == std::string::npos)
      Die("--pg: the database is emptied first; its URL must contain \"bench\" or \"test\"");
    {
      auto lease = store->Acquire();
      if (!lease) Die("acquire: " + lease.error().internal);
      auto st = (*lease)->ExecScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
      if (!st) Die("reset schema: " + st.error().internal);
    }
    store.reset();
    opened = store::postgres::OpenPostgresStore(pg_url, clock);
    if (!opened) Die("reopen store: " + opened.error().internal);
    store = std::move(*opened);
  }
#endif
  SeededIds ids(app::kDemoSeed);
  app::Services services{*store, clock, ids, PasswordCost::kTest};
  // The demo's hazards carry real photos: the loader needs the file store and the image codec.
  auto files = store::files::LocalEvidenceFiles::Open(dir + "/evidence");
  if (!files) Die("evidence dir: " + files.error().internal);
  auto codec = media::VipsCodec::Open();
  if (!codec) Die("image codec: " + codec.error().internal);
  services.evidence_files = files->get();
  services.images = codec->get();
  const double load0 = NowMs();
  auto sum = app::LoadDemo(services, app::GenerateDemoCity());
  if (!sum) Die("load demo: " + sum.error().internal);
  std::printf("five-knowns benchmark on %s: demo loaded in %.1f s\n", engine.c_str(), (NowMs() - load0) / 1000);

  auto node_id = domain::ReadValue<std::string>(*store, [&](domain::ReadView& v) -> Result<std::string> {
    TRY_ASSIGN(auto root, v.RootOrg());
    if (node_kind == "root") return root->id;
    TRY_ASSIGN(auto kids, v.OrgChildren(root->id));
    if (kids.empty()) return Fail(NotFound("city"));
    return kids[0].id;
  });
  if (!node_id) Die("node: " + node_id.error().internal);
  const domain::Actor admin = domain::Actor::System();
  app::FiveKnowns fk(services);
  const Date today = ChinaDateOf(clock.Now());
  app::Auth auth(services);
  auto tok = auth.CreateToken(admin, "admin", "bench");
  if (!tok) Die("create token: " + tok.error().internal);
  http::Api api(services, http::ApiOptions{});
  http::Request req;
  req.method = "GET";
  req.path = "/api/v1/orgs/" + *node_id + "/five-knowns";
  req.headers["authorization"] = "Bearer " + *tok;
  req.headers["host"] = "127.0.0.1";
  req.remote = "127.0.0.1";

  auto run = [&](const std::string& label) {
    std::int64_t hazards = 0;
    std::size_t children = 0;
    auto fast = Measure(runs, [&] {
      auto r = fk.For(admin, *node_id, today, "");
      if (!r) Die("five knowns: " + r.error().internal);
      hazards = r->node.figures.total + r->node.figures.voided;
      children = r->children.size();
    });
    std::size_t bytes = 0;
    auto http = Measure(runs, [&] {
      auto r = api.Handle(req);
      if (r.status != 200) Die("GET five-knowns: " + std::to_string(r.status) + " " + r.body);
      bytes = r.body.size();
    });
    const int slow_runs = std::max(5, runs / 20);
    // The self-inspection miss rate (GET /orgs/{id}/self-check), from counters; its baseline is the
    // join of inspections and hazards at request time.
    std::int64_t clean = 0;
    auto self_check = Measure(runs, [&] {
      auto r = fk.SelfCheck(admin, *node_id, today, "");
      if (!r) Die("self check: " + r.error().internal);
      clean = r->node.figures.clean_schools;
    });
    auto self_scan = Measure(slow_runs, [&] { ScanSelfCheck(*store, *node_id, today); });
    auto scan = Measure(slow_runs, [&] { Scan(*store, *node_id, today); });
    auto base = Measure(slow_runs, [&] { FromScratch(*store, *node_id, today); });
    std::printf("%s (%s): %lld hazards under the %s, %zu children, response %zu B\n", label.c_str(), engine.c_str(),
                static_cast<long long>(hazards), node_kind.c_str(), children, bytes);
    Print("five-knowns from counters (FiveKnowns::For)", fast);
    Print("GET /orgs/{id}/five-knowns in-process", http);
    Print("self-inspection miss rate from counters (FiveKnowns::SelfCheck)", self_check);
    Print("baseline: miss rate over rows", self_scan);
    Print("baseline: aggregation queries over rows", scan);
    Print("baseline: from scratch in C++", base);
    std::printf("  => counters p99 %.3f ms; %.0fx faster than the scan, %.0fx than from scratch (p50)\n", fast.p99,
                scan.p50 / fast.p50, base.p50 / fast.p50);
    std::printf("  => miss rate (%lld clean schools) p99 %.3f ms; %.0fx faster than over rows (p50)\n",
                static_cast<long long>(clean), self_check.p99, self_scan.p50 / self_check.p50);
  };
  run("demo");

  const double g0 = NowMs();
  const std::int64_t rows = Grow(*store, target);
  const double g1 = NowMs();
  auto rebuilt = store->RebuildHazardStats();
  if (!rebuilt) Die("rebuild stats: " + rebuilt.error().internal);
  const double g2 = NowMs();
  std::printf("generated: %lld hazard rows in %.1f s; counters rebuilt from the rows in %.1f s\n",
              static_cast<long long>(rows), (g1 - g0) / 1000, (g2 - g1) / 1000);
  run("generated");
  store.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
