// Five-knowns benchmark (issue 7, item 6): the latency of the city's five-knowns figures
// (app::FiveKnowns::For, the work behind GET /api/v1/orgs/{city}/five-knowns) over the demo city
// (≈400 hazards) and over a generated data set of 100,000 hazards, beside a from-scratch baseline
// measured in the same run: load every hazard under the city (ReadView::SearchHazards) and
// aggregate in C++ per child, the way a dashboard without aggregate queries would.
//
// The large data set is made by copying the demo's hazard rows in SQL (new id and number, same
// school, state, dates and plan), straight into the projection table: the benchmark measures
// reads, and the journal is not involved in them.
//
//   anxiao_five_knowns_bench [--hazards N] [--runs R]

#include <sqlite3.h>
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

#include "app/demo_city.hpp"
#include "app/five_knowns.hpp"
#include "app/setup.hpp"
#include "base/random.hpp"
#include "media/vips_codec.hpp"
#include "store/files/evidence_files.hpp"
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

struct Stats {
  double p50 = 0, p99 = 0, max = 0;
};
Stats Measure(int runs, const std::function<void()>& fn) {
  fn();  // warm the caches and prepared statements
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    double t0 = NowMs();
    fn();
    t.push_back(NowMs() - t0);
  }
  std::sort(t.begin(), t.end());
  auto at = [&](double q) { return t[std::min(t.size() - 1, static_cast<std::size_t>(q * t.size()))]; };
  return {at(0.50), at(0.99), t.back()};
}

// The baseline: every hazard under the city, aggregated per child in C++.
std::int64_t FromScratch(domain::Store& store, const std::string& city_id, Date today) {
  std::int64_t checksum = 0;
  auto st = store.Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto city, v.FindOrg(city_id));
    TRY_ASSIGN(auto kids, v.OrgChildren(city_id));
    domain::HazardFilter f;
    f.under_path = city->path;
    f.today = today;
    f.page.page_size = 10'000'000;
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

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) Die(std::string("sqlite: ") + err);
}

}  // namespace

int main(int argc, char** argv) {
  int target = 100000, runs = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--hazards"))
      target = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs"))
      runs = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: %s [--hazards N] [--runs R]\n", argv[0]);
      return 2;
    }
  }
  const char* t = std::getenv("TMPDIR");
  std::string dir = std::string(t && *t ? t : "/tmp") + "/anxiao-fk-bench-XXXXXX";
  if (!mkdtemp(dir.data())) Die("mkdtemp failed");
  InitCrypto();
  domain::SystemClock clock;
  auto opened = store::sqlite::OpenSqliteStore(dir, clock);
  if (!opened) Die("open store: " + opened.error().internal);
  auto store = std::move(*opened);
  SeededIds ids(app::kDemoSeed);
  app::Services services{*store, clock, ids, PasswordCost::kTest};
  // The demo's hazards carry real photos: the loader needs the file store and the image codec.
  auto files = store::files::LocalEvidenceFiles::Open(dir + "/evidence");
  if (!files) Die("evidence dir: " + files.error().internal);
  auto codec = media::VipsCodec::Open();
  if (!codec) Die("image codec: " + codec.error().internal);
  services.evidence_files = files->get();
  services.images = codec->get();
  auto sum = app::LoadDemo(services, app::GenerateDemoCity());
  if (!sum) Die("load demo: " + sum.error().internal);

  auto city_id = domain::ReadValue<std::string>(*store, [](domain::ReadView& v) -> Result<std::string> {
    TRY_ASSIGN(auto root, v.RootOrg());
    TRY_ASSIGN(auto kids, v.OrgChildren(root->id));
    if (kids.empty()) return Fail(NotFound("city"));
    return kids[0].id;
  });
  if (!city_id) Die("city: " + city_id.error().internal);
  const domain::Actor admin = domain::Actor::System();
  app::FiveKnowns fk(services);
  const Date today = ChinaDateOf(clock.Now());

  auto run = [&](const char* label) {
    std::int64_t hazards = 0;
    auto fast = Measure(runs, [&] {
      auto r = fk.For(admin, *city_id, today);
      if (!r) Die("five knowns: " + r.error().internal);
      hazards = r->node.figures.total + r->node.figures.voided;
    });
    auto base = Measure(std::max(5, runs / 10), [&] { FromScratch(*store, *city_id, today); });
    std::printf(
        "%-28s hazards %7lld  five-knowns p50 %8.3f ms  p99 %8.3f ms | from-scratch p50 %9.3f ms  p99 %9.3f ms\n",
        label, static_cast<long long>(hazards), fast.p50, fast.p99, base.p50, base.p99);
  };
  run("demo city (SQLite)");

  // Grow the hazard table to `target` rows by copying the demo's rows.
  sqlite3* db = nullptr;
  if (sqlite3_open((dir + "/anxiao.db").c_str(), &db) != SQLITE_OK) Die("sqlite3_open");
  sqlite3_busy_timeout(db, 10000);
  std::int64_t base_rows = sum->hazards > 0 ? sum->hazards : 1;
  const std::int64_t copies = std::max<std::int64_t>(0, (target - base_rows + base_rows - 1) / base_rows);
  Exec(db, "BEGIN");
  Exec(db, "CREATE TEMP TABLE n(i INTEGER PRIMARY KEY)");
  Exec(db, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < " + std::to_string(copies) +
               ") INSERT INTO n SELECT i FROM c");
  Exec(db, "CREATE TEMP TABLE base AS SELECT id FROM hazard");
  // Every column of hazard, with id and number made unique per copy.
  std::string cols;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info('hazard') ORDER BY cid", -1, &st, nullptr);
  std::string select;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string c = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    cols += (cols.empty() ? "" : ", ") + c;
    std::string expr = c == "id" ? "h.id || '-' || n.i" : c == "number" ? "h.number || '-' || n.i" : "h." + c;
    select += (select.empty() ? "" : ", ") + expr;
  }
  sqlite3_finalize(st);
  Exec(db,
       "INSERT INTO hazard (" + cols + ") SELECT " + select + " FROM hazard h, n WHERE h.id IN (SELECT id FROM base)");
  Exec(db, "COMMIT");
  Exec(db, "ANALYZE");
  sqlite3_close(db);
  run("generated (SQLite)");
  std::filesystem::remove_all(dir);
  return 0;
}
