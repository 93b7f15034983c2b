// The store contract: one suite, typed over both engines (SQLite and PostgreSQL). Every behaviour
// the domain relies on from domain::Store is pinned here, so the two engines cannot drift.
//
// PostgreSQL cases use ANXIAO_TEST_PG_URL (a database they may wipe). They are skipped when it is
// unset, unless ANXIAO_TEST_REQUIRE_PG=1 (set by `make test`), in which case they fail.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "app/campaigns.hpp"
#include "app/demo_hazards.hpp"
#include "app/evidence.hpp"
#include "app/hazards.hpp"
#include "app/inspections.hpp"
#include "app/level_reports.hpp"
#include "app/registry.hpp"
#include "app/setup.hpp"
#include "app/users.hpp"
#include "app/verify.hpp"
#include "base/sha256.hpp"
#include "media/vips_codec.hpp"
#include "store/files/evidence_files.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace anxiao {
namespace {

using store::SqlStore;

class FixedClock final : public domain::Clock {
 public:
  Timestamp Now() override { return Timestamp{now_.fetch_add(1)}; }
  std::atomic<std::int64_t> now_{1796000000000};
};

struct SqliteEngine {
  static constexpr const char* kName = "sqlite";
  static Result<std::unique_ptr<SqlStore>> Open(domain::Clock& clock, std::string* skip) {
    (void)skip;
    static int n = 0;
    auto dir = std::filesystem::temp_directory_path() /
               ("anxiao_contract_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
    std::filesystem::remove_all(dir);
    return store::sqlite::OpenSqliteStore(dir.string(), clock);
  }
};

struct PostgresEngine {
  static constexpr const char* kName = "postgresql";
  static Result<std::unique_ptr<SqlStore>> Open(domain::Clock& clock, std::string* skip) {
    const char* url = std::getenv("ANXIAO_TEST_PG_URL");
    if (url == nullptr || *url == '\0') {
      const char* req = std::getenv("ANXIAO_TEST_REQUIRE_PG");
      if (req != nullptr && std::string(req) == "1")
        return Fail(Unavailable("ANXIAO_TEST_PG_URL is unset but ANXIAO_TEST_REQUIRE_PG=1"));
      *skip = "ANXIAO_TEST_PG_URL is unset";
      return std::unique_ptr<SqlStore>{};
    }
    // A schema of its own for every test (CTest runs tests in parallel on one database): the
    // store's connections select it through the libpq `options` parameter.
    std::string schema = "ct";
    for (char ch : std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()))
      schema.push_back(std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::tolower(ch)) : '_');
    schema = schema.substr(0, 60);
    TRY_ASSIGN(auto conn, store::postgres::PgConnection::Open(url));
    TRY_STATUS(conn->ExecScript("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema + ";"));
    std::string u = url;
    u += (u.find('?') == std::string::npos ? "?" : "&");
    u += "options=-csearch_path%3D" + schema;
    return store::postgres::OpenPostgresStore(u, clock);
  }
};

template <typename Engine>
class StoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string skip;
    auto s = Engine::Open(clock_, &skip);
    ASSERT_TRUE(s) << s.error().internal;
    if (!skip.empty()) GTEST_SKIP() << skip;
    store_ = std::move(*s);
    services_ = std::make_unique<app::Services>(app::Services{*store_, clock_, ids_, PasswordCost::kTest});
    // Evidence photos: a directory of this test's own, and the libvips codec.
    static std::atomic<int> n{0};
    evidence_dir_ = std::filesystem::temp_directory_path() / ("anxiao-ct-evidence-" + std::to_string(::getpid()) + "-" +
                                                              std::to_string(n++) + "-" + Engine::kName);
    std::filesystem::remove_all(evidence_dir_);
    auto files = store::files::LocalEvidenceFiles::Open(evidence_dir_.string());
    ASSERT_TRUE(files) << files.error().internal;
    files_ = std::move(*files);
    auto codec = media::VipsCodec::Open();
    ASSERT_TRUE(codec) << codec.error().internal;
    codec_ = std::move(*codec);
    services_->evidence_files = files_.get();
    services_->images = codec_.get();
  }
  void TearDown() override {
    if (!evidence_dir_.empty()) std::filesystem::remove_all(evidence_dir_);
  }
  // Uploads a rendered photo (the same bytes for the same seed) as `by`; returns its SHA-256.
  std::string Photo(const domain::Actor& by, std::uint64_t seed) {
    auto jpeg = codec_->RenderDemoPhoto(domain::DemoPhotoSpec{seed, "测试照片", "2026-01-01", 160, 120});
    EXPECT_TRUE(jpeg);
    auto r = app::Evidence(*services_).Upload(by, jpeg ? *jpeg : std::string());
    EXPECT_TRUE(r) << r.error().internal << r.error().public_message;
    return r ? r->record.sha256 : std::string();
  }

  // A root, a city, two counties whose ids share a prefix, and a few schools.
  void Seed() {
    app::Registry reg(*services_);
    auto sys = domain::Actor::System();
    root_ = *app::EnsureRoot(*services_, "山东省", "370000");
    city_ = reg.CreateOrg(sys, root_, domain::OrgKind::kCity, "聊城市", "371500")->id;
    donge_ = reg.CreateOrg(sys, city_, domain::OrgKind::kCounty, "东阿县", "371524")->id;
    guan_ = reg.CreateOrg(sys, city_, domain::OrgKind::kCounty, "冠县", "371525")->id;
    AddSchool(donge_, "3137240001", "东阿县实验小学", domain::SchoolType::kPrimary, domain::LocationClass::kUrban);
    AddSchool(donge_, "3137240002", "东阿县刘集镇中心幼儿园", domain::SchoolType::kKindergarten,
              domain::LocationClass::kRural);
    AddSchool(donge_, "3137240003", "东阿县第100%中学", domain::SchoolType::kJuniorMiddle,
              domain::LocationClass::kTown);
    AddSchool(guan_, "3137250001", "冠县实验小学", domain::SchoolType::kPrimary, domain::LocationClass::kUrban);
  }
  std::string AddSchool(const std::string& parent, const std::string& code, const std::string& name,
                        domain::SchoolType type, domain::LocationClass loc) {
    domain::School s;
    s.parent_id = parent;
    s.code = code;
    s.name = name;
    s.type = type;
    s.location_class = loc;
    auto r = app::Registry(*services_).CreateSchool(domain::Actor::System(), s);
    EXPECT_TRUE(r) << r.error().internal << r.error().public_message;
    return r ? r->id : "";
  }
  domain::PageOf<domain::School> Search(domain::SchoolFilter f) {
    if (f.under_path.empty()) f.under_path = "/" + root_ + "/";
    return *domain::ReadValue<domain::PageOf<domain::School>>(*store_,
                                                              [&](domain::ReadView& v) { return v.SearchSchools(f); });
  }
  domain::JournalHead Head() {
    return *domain::ReadValue<domain::JournalHead>(*store_, [](domain::ReadView& v) { return v.Head(); });
  }
  // hazard_stat holds more than `at_least` counters, and rebuilding it from the rows (the backfill
  // of migrations 0008 and 0011) gives the same table.
  void ExpectStatsRebuildTheSame(std::size_t at_least) {
    auto lease = store_->Acquire();
    ASSERT_TRUE(lease);
    auto dump = [&] {
      std::map<std::string, std::int64_t> m;
      EXPECT_TRUE((*lease)->QueryEach("SELECT id, n FROM hazard_stat", {}, [&](const store::SqlRow& r) -> Status {
        m[std::get<std::string>(r[0])] = std::get<std::int64_t>(r[1]);
        return {};
      }));
      return m;
    };
    auto before = dump();
    EXPECT_GT(before.size(), at_least);
    ASSERT_TRUE(store_->RebuildHazardStats());
    EXPECT_EQ(dump(), before);
  }

  FixedClock clock_;
  SeededIds ids_{11};
  std::unique_ptr<SqlStore> store_;
  std::unique_ptr<app::Services> services_;
  std::string root_, city_, donge_, guan_;
  std::filesystem::path evidence_dir_;
  std::unique_ptr<store::files::LocalEvidenceFiles> files_;
  std::unique_ptr<media::VipsCodec> codec_;
};

using Engines = ::testing::Types<SqliteEngine, PostgresEngine>;
class EngineNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};
TYPED_TEST_SUITE(StoreContract, Engines, EngineNames);

TYPED_TEST(StoreContract, MigrateIsIdempotentAndVersioned) {
  EXPECT_TRUE(this->store_->Migrate());
  EXPECT_TRUE(this->store_->Migrate());
  EXPECT_EQ(this->store_->SchemaVersion(), 11);
}

TYPED_TEST(StoreContract, ProjectionTablesHaveExactlyTheSpecColumns) {
  this->Seed();
  auto lease = this->store_->Acquire();
  ASSERT_TRUE(lease);
  for (const auto& spec : domain::ProjectionTables()) {
    std::size_t ncols = 0;
    // Count columns from a one-row SELECT * (every projection table has rows after Seed, except
    // api_token, for which we select from a join that yields the column count anyway).
    auto st = (*lease)->QueryEach("SELECT * FROM " + spec.name + " LIMIT 1", {}, [&](const store::SqlRow& r) -> Status {
      ncols = r.size();
      return {};
    });
    ASSERT_TRUE(st) << spec.name;
    if (ncols == 0) continue;  // empty table: checked by the SELECT of named columns below
    EXPECT_EQ(ncols, spec.columns.size()) << spec.name;
  }
  for (const auto& spec : domain::ProjectionTables()) {
    std::string cols;
    for (const auto& c : spec.columns) cols += (cols.empty() ? "" : ", ") + c.name;
    EXPECT_TRUE((*lease)->QueryEach("SELECT " + cols + " FROM " + spec.name + " LIMIT 0", {},
                                    [](const store::SqlRow&) -> Status { return {}; }))
        << spec.name;
  }
}

TYPED_TEST(StoreContract, AppendChainsGaplessFromGenesis) {
  this->Seed();
  std::vector<domain::JournalEntry> all;
  ASSERT_TRUE(this->store_->ScanJournal([&](const domain::JournalEntry& e) -> Status {
    all.push_back(e);
    return {};
  }));
  ASSERT_GE(all.size(), 8u);
  EXPECT_EQ(all[0].prev_hash, std::string(domain::kGenesisHash));
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(all[i].hash, domain::ComputeHash(all[i]));
    EXPECT_TRUE(ParseIso(all[i].at)) << all[i].at;
    if (i) {
      EXPECT_EQ(all[i].prev_hash, all[i - 1].hash);
      EXPECT_GE(all[i].at, all[i - 1].at);
    }
  }
  auto head = this->Head();
  EXPECT_EQ(head.seq, static_cast<std::int64_t>(all.size()));
  EXPECT_EQ(head.hash, all.back().hash);
}

TYPED_TEST(StoreContract, FailedWriteRollsBackJournalAndProjections) {
  this->Seed();
  auto before = this->Head();
  auto st = this->store_->Write([&](domain::WriteTx& tx) -> Status {
    domain::School s;
    s.parent_id = this->donge_;
    s.code = "3137249999";
    s.name = "将被回滚的学校";
    TRY_STATUS(app::Registry(*this->services_).CreateSchoolIn(tx, domain::Actor::System(), s));
    return Fail(InvalidInput("test", "abort"));
  });
  EXPECT_FALSE(st);
  EXPECT_EQ(this->Head().seq, before.seq);
  EXPECT_EQ(this->Search({.q = "3137249999"}).total, 0);
}

TYPED_TEST(StoreContract, ExceptionInWriteRollsBack) {
  this->Seed();
  auto before = this->Head();
  EXPECT_THROW((void)this->store_->Write([&](domain::WriteTx& tx) -> Status {
    (void)tx.Append("system", domain::Event{"note.added", "x", Json{{"a", 1}}});
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(this->Head().seq, before.seq);
  // The store is still usable afterwards.
  EXPECT_TRUE(this->store_->Write([](domain::WriteTx& tx) -> Status {
    TRY_STATUS(tx.Append("system", domain::Event{"note.added", "x", Json{{"a", 2}}}));
    return {};
  }));
  EXPECT_EQ(this->Head().seq, before.seq + 1);
}

TYPED_TEST(StoreContract, ConcurrentWritersNeverLeaveGaps) {
  this->Seed();
  auto before = this->Head();
  constexpr int kThreads = 4, kEach = 40;
  std::vector<std::thread> ts;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto st = this->store_->Write([&](domain::WriteTx& tx) -> Status {
          TRY_STATUS(tx.Append("system", domain::Event{"note.added", "t" + std::to_string(t), Json{{"i", i}}}));
          return {};
        });
        if (!st) ++failures;
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(this->Head().seq, before.seq + kThreads * kEach);
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems[0].message);
}

// Group commit: concurrent writes share transactions, yet each one succeeds, fails or throws on
// its own. A failing write that already appended is rolled back alone (its savepoint), the
// journal stays gapless, and exactly the acknowledged writes are there afterwards.
TYPED_TEST(StoreContract, GroupCommitIsolatesFailingWrites) {
  this->Seed();
  auto before = this->Head();
  constexpr int kThreads = 16, kEach = 30;
  std::atomic<int> ok{0}, failed{0}, thrown{0}, wrong{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int mode = (t * kEach + i) % 3;  // 0: commit, 1: fail after appending, 2: throw after appending
        const std::string subject = "g" + std::to_string(t) + "-" + std::to_string(i);
        try {
          auto st = this->store_->Write([&](domain::WriteTx& tx) -> Status {
            TRY_STATUS(tx.Append("system", domain::Event{"note.added", subject, Json{{"i", i}}}));
            TRY_STATUS(tx.Append("system", domain::Event{"note.added", subject, Json{{"i", i + 1}}}));
            if (mode == 1) return Fail(InvalidInput("test", "abort " + subject));
            if (mode == 2) throw std::runtime_error("boom " + subject);
            return {};
          });
          if (st && mode == 0)
            ++ok;
          else if (!st && mode == 1 && st.error().public_message == "abort " + subject)
            ++failed;
          else
            ++wrong;
        } catch (const std::runtime_error& e) {
          if (mode == 2 && std::string(e.what()) == "boom " + subject)
            ++thrown;
          else
            ++wrong;
        }
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(ok.load() + failed.load() + thrown.load(), kThreads * kEach);
  EXPECT_EQ(this->Head().seq, before.seq + 2 * ok.load());
  // Exactly the committed writes are in the journal, each with both of its entries.
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kEach; ++i) {
      const int mode = (t * kEach + i) % 3;
      const std::string subject = "g" + std::to_string(t) + "-" + std::to_string(i);
      auto entries = domain::ReadValue<std::vector<domain::JournalEntry>>(
          *this->store_, [&](domain::ReadView& v) { return v.JournalFor(subject); });
      ASSERT_TRUE(entries);
      EXPECT_EQ(entries->size(), mode == 0 ? 2u : 0u) << subject;
    }
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems[0].message);
}

// Asynchronous writes (WriteAsync, the HTTP server's hazard writes) join the same group commits
// as synchronous ones. Each completion is called exactly once, after the commit that contains
// the write (its entries are readable from another connection inside the callback), or with
// the write's own error, which rolls back that write alone; a throwing write fails with
// kInternal. Synchronous writers run at the same time.
TYPED_TEST(StoreContract, AsyncWritesAreCompletedAfterTheirCommit) {
  this->Seed();
  auto before = this->Head();
  constexpr int kThreads = 8, kEach = 30;
  std::atomic<int> ok{0}, failed{0}, thrown{0}, wrong{0}, not_visible{0}, sync_ok{0};
  std::mutex mu;
  std::condition_variable cv;
  int completed = 0;
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int mode = (t * kEach + i) % 3;  // 0: commit, 1: fail after appending, 2: throw after appending
        const std::string subject = "a" + std::to_string(t) + "-" + std::to_string(i);
        this->store_->WriteAsync(
            [=](domain::WriteTx& tx) -> Status {
              TRY_STATUS(tx.Append("system", domain::Event{"note.added", subject, Json{{"i", i}}}));
              if (mode == 1) return Fail(InvalidInput("test", "abort " + subject));
              if (mode == 2) throw std::runtime_error("boom " + subject);
              return {};
            },
            [&, mode, subject](Status st) {
              if (st && mode == 0) {
                ++ok;
                auto entries = domain::ReadValue<std::vector<domain::JournalEntry>>(
                    *this->store_, [&](domain::ReadView& v) { return v.JournalFor(subject); });
                if (!entries || entries->size() != 1) ++not_visible;
              } else if (!st && mode == 1 && st.error().public_message == "abort " + subject) {
                ++failed;
              } else if (!st && mode == 2 && st.error().code == ErrorCode::kInternal) {
                ++thrown;
              } else {
                ++wrong;
              }
              std::lock_guard g(mu);
              ++completed;
              cv.notify_all();
            });
        // A synchronous writer in between: both kinds share batches.
        if (i % 5 == 0) {
          auto st = this->store_->Write([&](domain::WriteTx& tx) -> Status {
            TRY_STATUS(tx.Append("system", domain::Event{"note.added", "s" + std::to_string(t), Json{{"i", i}}}));
            return {};
          });
          if (st) ++sync_ok;
        }
      }
    });
  for (auto& t : ts) t.join();
  {
    std::unique_lock lk(mu);
    cv.wait(lk, [&] { return completed == kThreads * kEach; });
  }
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(not_visible.load(), 0);
  EXPECT_EQ(ok.load(), kThreads * kEach / 3);
  EXPECT_EQ(failed.load(), kThreads * kEach / 3);
  EXPECT_EQ(thrown.load(), kThreads * kEach / 3);
  EXPECT_EQ(sync_ok.load(), kThreads * (kEach / 5));
  EXPECT_EQ(this->Head().seq, before.seq + ok.load() + sync_ok.load());
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems[0].message);
}

// The writes of one batch share the orgs the transaction has read (SqlTx::FindOrg), yet each sees
// the orgs as they stand for it: a write that renames an org reads the new name at once, and after
// it is rolled back to its savepoint the next write in the batch reads the old name again. The
// three writes are queued while a synchronous writer holds the batch before them, so that they
// commit together.
TYPED_TEST(StoreContract, WritesOfOneBatchReadOrgsAsTheyStand) {
  this->Seed();
  const std::string county = this->donge_;
  auto name_of = [&](domain::WriteTx& tx) -> std::string {
    auto o = tx.FindOrg(county);
    return o && *o ? (*o)->name : "<none>";
  };
  std::promise<void> queued;
  std::promise<void> holding;
  std::thread holder([&] {
    auto st = this->store_->Write([&](domain::WriteTx& tx) -> Status {
      TRY_STATUS(tx.Append("system", domain::Event{"note.added", "holder", Json{{"i", 0}}}));
      holding.set_value();
      queued.get_future().wait();
      return {};
    });
    EXPECT_TRUE(st);
  });
  holding.get_future().wait();
  std::mutex mu;
  std::vector<std::string> seen;  // in write order
  std::vector<std::promise<Status>> done(3);
  auto record = [&](const std::string& what) {
    std::lock_guard g(mu);
    seen.push_back(what);
  };
  // Queues write k: it records the county's name as it reads it (`label`), appends `e` and fails
  // with `fail` when one is given.
  auto queue = [&](std::size_t k, std::string label, domain::Event e, std::string fail = "") {
    this->store_->WriteAsync(
        [&, label, e, fail](domain::WriteTx& tx) -> Status {
          TRY_STATUS(tx.Append("system", e));
          record(label + " " + name_of(tx));
          if (!fail.empty()) return Fail(InvalidInput("test", fail));
          return {};
        },
        [&, k](Status st) { done[k].set_value(std::move(st)); });
  };
  queue(0, "before", domain::Event{"note.added", "reader1", Json{{"i", 1}}});
  queue(1, "renamed",
        domain::Event{"org.updated", county, Json{{"changes", {{"name", "东阿县（改名）"}}}, {"version", 2}}},
        "rename rolled back");
  queue(2, "after", domain::Event{"note.added", "reader2", Json{{"i", 2}}});
  queued.set_value();
  holder.join();
  auto r0 = done[0].get_future().get();
  auto r1 = done[1].get_future().get();
  auto r2 = done[2].get_future().get();
  EXPECT_TRUE(r0);
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().public_message, "rename rolled back");
  EXPECT_TRUE(r2);
  EXPECT_EQ(seen, (std::vector<std::string>{"before 东阿县", "renamed 东阿县（改名）", "after 东阿县"}));
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems[0].message);
}

// On SQLite a batch of asynchronous writes commits without waiting for the disk and is
// acknowledged after the WalSyncer's fdatasync (sqlite_connection.hpp); the connection it used goes
// back to the pool with durable commits again (synchronous=FULL), for the synchronous writers and
// tools that borrow it next. Its write is there.
TYPED_TEST(StoreContract, AsyncBatchesLeaveTheirConnectionDurable) {
  this->Seed();
  std::promise<Status> done;
  this->store_->WriteAsync(
      [](domain::WriteTx& tx) -> Status {
        TRY_STATUS(tx.Append("system", domain::Event{"note.added", "durable", Json{{"i", 1}}}));
        return {};
      },
      [&](Status st) { done.set_value(std::move(st)); });
  auto st = done.get_future().get();
  ASSERT_TRUE(st) << st.error().internal;
  // The pool hands out the connection released last: the batch's (the completion ran after it).
  auto lease = this->store_->Acquire();
  ASSERT_TRUE(lease);
  if ((*lease)->dialect() == store::Dialect::kSqlite) {
    auto rows = (*lease)->Query("PRAGMA synchronous", {});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(std::get<std::int64_t>((*rows)[0][0]), 2);  // FULL
  }
  auto rows = (*lease)->Query("SELECT count(*) FROM journal WHERE subject = 'durable'", {});
  ASSERT_TRUE(rows);
  EXPECT_EQ(std::get<std::int64_t>((*rows)[0][0]), 1);
}

TYPED_TEST(StoreContract, JournalIsAppendOnlyInTheDatabase) {
  this->Seed();
  auto lease = this->store_->Acquire();
  ASSERT_TRUE(lease);
  EXPECT_FALSE((*lease)->Exec("UPDATE journal SET payload = '{}' WHERE seq = 1", {}));
  EXPECT_FALSE((*lease)->Exec("DELETE FROM journal WHERE seq = 1", {}));
  EXPECT_EQ(this->Head().seq, this->Head().seq);
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok);
}

TYPED_TEST(StoreContract, SearchByNameCodePinyinAndInitials) {
  this->Seed();
  EXPECT_EQ(this->Search({.q = "实验"}).total, 2);
  EXPECT_EQ(this->Search({.q = "东阿"}).total, 3);
  EXPECT_EQ(this->Search({.q = "donge"}).total, 3);
  EXPECT_EQ(this->Search({.q = "DongE"}).total, 3);
  EXPECT_EQ(this->Search({.q = "dexsy"}).total, 1);
  EXPECT_EQ(this->Search({.q = "313725"}).total, 1);
  EXPECT_EQ(this->Search({.q = "da"}).total, 0);
  // LIKE metacharacters are literal.
  EXPECT_EQ(this->Search({.q = "100%"}).total, 1);
  EXPECT_EQ(this->Search({.q = "%"}).total, 1);
  EXPECT_EQ(this->Search({.q = "_"}).total, 0);
}

TYPED_TEST(StoreContract, FiltersAndPagination) {
  this->Seed();
  EXPECT_EQ(this->Search({.type = domain::SchoolType::kPrimary}).total, 2);
  EXPECT_EQ(this->Search({.location_class = domain::LocationClass::kRural}).total, 1);
  EXPECT_EQ(this->Search({.boarding = true}).total, 0);
  domain::SchoolFilter f;
  f.page = {1, 3};
  auto p1 = this->Search(f);
  f.page = {2, 3};
  auto p2 = this->Search(f);
  EXPECT_EQ(p1.total, 4);
  EXPECT_EQ(p2.total, 4);
  ASSERT_EQ(p1.items.size(), 3u);
  ASSERT_EQ(p2.items.size(), 1u);
  EXPECT_LT(p1.items[2].code, p2.items[0].code);  // ordered by code, pages disjoint
}

TYPED_TEST(StoreContract, SubtreeQueriesRespectPathBoundaries) {
  this->Seed();
  auto donge = *domain::ReadValue<std::optional<domain::Org>>(
      *this->store_, [&](domain::ReadView& v) { return v.FindOrg(this->donge_); });
  ASSERT_TRUE(donge);
  EXPECT_EQ(this->Search({.under_path = donge->path}).total, 3);
  auto n = domain::ReadValue<std::int64_t>(*this->store_,
                                           [&](domain::ReadView& v) { return v.CountSchoolsUnder(donge->path); });
  EXPECT_EQ(*n, 3);
  // A path that is a string prefix of another org's path but not an ancestor matches nothing.
  auto partial = donge->path.substr(0, donge->path.size() - 3) + "/";
  EXPECT_EQ(this->Search({.under_path = partial}).total, 0);
  auto kids = domain::ReadValue<std::vector<domain::Org>>(
      *this->store_, [&](domain::ReadView& v) { return v.OrgChildren(this->city_); });
  ASSERT_EQ(kids->size(), 2u);
  EXPECT_EQ((*kids)[0].name, "东阿县");  // by division code
}

// Read views serve the upper org tree from a cache (store/sql/org_cache.hpp): a read that comes
// after a commit must still see that commit, for the org rows and for the school counts.
TYPED_TEST(StoreContract, ReadsAfterACommitSeeTheChangedUpperTree) {
  this->Seed();
  auto read_county = [&] {
    return *domain::ReadValue<std::pair<domain::Org, std::int64_t>>(
        *this->store_, [&](domain::ReadView& v) -> Result<std::pair<domain::Org, std::int64_t>> {
          TRY_ASSIGN(auto o, v.FindOrg(this->donge_));
          if (!o) return Fail(NotFound("county"));
          TRY_ASSIGN(auto n, v.CountSchoolsUnder(o->path));
          return std::pair{*o, n};
        });
  };
  auto before = read_county();
  EXPECT_EQ(before.second, 3);
  EXPECT_EQ(read_county().first.name, before.first.name);  // a second read, from the cache if any
  this->AddSchool(this->donge_, "3137240009", "东阿县新建小学", domain::SchoolType::kPrimary,
                  domain::LocationClass::kTown);
  EXPECT_EQ(read_county().second, 4);
  ASSERT_TRUE(this->store_->Write([&](domain::WriteTx& tx) -> Status {
    Json changes{{"name", "东阿县（更名）"}};
    TRY_STATUS(
        tx.Append("system", domain::Event{"org.updated", this->donge_, Json{{"changes", changes}, {"version", 2}}}));
    return {};
  }));
  EXPECT_EQ(read_county().first.name, "东阿县（更名）");
  // A failed write that touched the tree changes nothing, also not what reads see.
  auto failed = this->store_->Write([&](domain::WriteTx& tx) -> Status {
    Json changes{{"name", "不应出现"}};
    TRY_STATUS(
        tx.Append("system", domain::Event{"org.updated", this->donge_, Json{{"changes", changes}, {"version", 3}}}));
    return Fail(InvalidInput("test", "roll back"));
  });
  EXPECT_FALSE(failed);
  EXPECT_EQ(read_county().first.name, "东阿县（更名）");
}

TYPED_TEST(StoreContract, UnicodeRoundTrips) {
  this->Seed();
  std::string name = "东阿县𠀋文字学校🙂";
  auto id =
      this->AddSchool(this->donge_, "3137240077", name, domain::SchoolType::kPrimary, domain::LocationClass::kTown);
  auto s = domain::ReadValue<std::optional<domain::School>>(*this->store_,
                                                            [&](domain::ReadView& v) { return v.FindSchool(id); });
  ASSERT_TRUE(s && *s);
  EXPECT_EQ((*s)->name, name);
}

TYPED_TEST(StoreContract, DuplicateKeysAreConflicts) {
  this->Seed();
  app::Users users(*this->services_);
  auto sys = domain::Actor::System();
  ASSERT_TRUE(users.Create(sys, {"dup.user", "甲", "password-1", this->root_, "", domain::Role::kInspector}));
  auto again = users.Create(sys, {"dup.user", "乙", "password-1", this->root_, "", domain::Role::kInspector});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  // The engine itself also refuses a duplicate key (defence in depth), as kConflict.
  auto lease = this->store_->Acquire();
  auto raw = (*lease)->Exec(
      "INSERT INTO org (id, parent_id, kind, name, code, path, depth) VALUES (?, NULL, 'province', 'x', '1', ?, 0)",
      {this->root_, std::string("/zzz/")});
  ASSERT_FALSE(raw);
  EXPECT_EQ(raw.error().code, ErrorCode::kConflict);
}

TYPED_TEST(StoreContract, SessionsAndCredentials) {
  this->Seed();
  app::Users users(*this->services_);
  auto u = users.Create(domain::Actor::System(),
                        {"sess.user", "丙", "password-1", this->root_, "", domain::Role::kInspector});
  ASSERT_TRUE(u);
  ASSERT_TRUE(this->store_->Write([&](domain::WriteTx& tx) {
    return tx.PutSession(domain::SessionRecord{"abc", u->id, "csrf", 1, 2});
  }));
  auto s = domain::ReadValue<std::optional<domain::SessionRecord>>(
      *this->store_, [](domain::ReadView& v) { return v.FindSession("abc"); });
  ASSERT_TRUE(s && *s);
  EXPECT_EQ((*s)->csrf_token, "csrf");
  EXPECT_EQ((*s)->expires_ms, 2);
  ASSERT_TRUE(this->store_->Write([](domain::WriteTx& tx) { return tx.DeleteSession("abc"); }));
  s = domain::ReadValue<std::optional<domain::SessionRecord>>(*this->store_,
                                                              [](domain::ReadView& v) { return v.FindSession("abc"); });
  EXPECT_FALSE(*s);
  auto h1 = domain::ReadValue<std::optional<std::string>>(*this->store_,
                                                          [&](domain::ReadView& v) { return v.PasswordHash(u->id); });
  ASSERT_TRUE(users.SetPassword(domain::Actor::System(), u->id, "password-2"));
  auto h2 = domain::ReadValue<std::optional<std::string>>(*this->store_,
                                                          [&](domain::ReadView& v) { return v.PasswordHash(u->id); });
  EXPECT_NE(**h1, **h2);
  EXPECT_TRUE(CheckPassword(**h2, "password-2"));
  auto rep = app::Verify(*this->store_);
  EXPECT_TRUE(rep && rep->ok);
}

TYPED_TEST(StoreContract, CheckpointsAreRecordedNewestFirst) {
  this->Seed();
  ASSERT_TRUE(this->store_->Write([](domain::WriteTx& tx) { return tx.AddCheckpoint("export"); }));
  auto cps = domain::ReadValue<std::vector<domain::Checkpoint>>(*this->store_,
                                                                [](domain::ReadView& v) { return v.Checkpoints(10); });
  ASSERT_GE(cps->size(), 2u);
  EXPECT_EQ((*cps)[0].reason, "export");
  EXPECT_EQ((*cps)[0].seq, this->Head().seq);
  EXPECT_EQ((*cps)[0].hash, this->Head().hash);
  EXPECT_EQ((*cps).back().reason, "init");
}

TYPED_TEST(StoreContract, VerifyNamesProjectionTampering) {
  this->Seed();
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok);
  auto id = this->AddSchool(this->donge_, "3137240055", "东阿县被篡改小学", domain::SchoolType::kPrimary,
                            domain::LocationClass::kTown);
  {
    auto lease = this->store_->Acquire();
    ASSERT_TRUE((*lease)->Exec("UPDATE school SET student_count = 999 WHERE id = ?", {id}));
  }
  rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_FALSE(rep->ok);
  ASSERT_EQ(rep->problems.size(), 1u);
  const auto& p = rep->problems[0];
  EXPECT_EQ(p.kind, "field_differs");
  EXPECT_EQ(p.table, "school");
  EXPECT_EQ(p.record, id);
  EXPECT_EQ(p.field, "student_count");
  EXPECT_EQ(p.stored, "999");
  EXPECT_EQ(p.replayed, "0");
}

TYPED_TEST(StoreContract, JournalForSubjectListsHistoryInOrder) {
  this->Seed();
  auto id = this->AddSchool(this->donge_, "3137240066", "东阿县历史小学", domain::SchoolType::kPrimary,
                            domain::LocationClass::kTown);
  app::SchoolPatch p;
  p.student_count = 5;
  ASSERT_TRUE(app::Registry(*this->services_).UpdateSchool(domain::Actor::System(), id, 1, p));
  auto h = domain::ReadValue<std::vector<domain::JournalEntry>>(*this->store_,
                                                                [&](domain::ReadView& v) { return v.JournalFor(id); });
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].kind, "school.created");
  EXPECT_EQ((*h)[1].kind, "school.updated");
  EXPECT_LT((*h)[0].seq, (*h)[1].seq);
}

TYPED_TEST(StoreContract, DemoCityLoadsAndVerifies) {
  SeededIds demo_ids(app::kDemoSeed);
  app::Services s{*this->store_, this->clock_, demo_ids, PasswordCost::kTest};
  s.evidence_files = this->files_.get();
  s.images = this->codec_.get();
  auto sum = app::LoadDemo(s, app::GenerateDemoCity());
  ASSERT_TRUE(sum) << sum.error().internal;
  EXPECT_EQ(sum->schools, 3043);
  app::VerifyOptions vo;
  vo.evidence_files = this->files_.get();
  auto rep = app::Verify(*this->store_, vo);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems[0].message);
  EXPECT_GT(rep->evidence_files, app::kDemoHazardCount);  // every hazard has a before-photo, many more
  EXPECT_EQ(rep->entries, sum->head.seq);
  // Loading twice is refused and changes nothing.
  auto again = app::LoadDemo(s, app::GenerateDemoCity());
  ASSERT_FALSE(again);
  EXPECT_EQ(this->Head().seq, sum->head.seq);

  // The demo hazards cover the whole loop: every state, rejections, extensions, red plans, and
  // never a reviewer who rectified.
  auto lease = this->store_->Acquire();
  auto count = [&](const std::string& sql) {
    std::int64_t n = -1;
    EXPECT_TRUE((*lease)->QueryEach(sql, {}, [&](const store::SqlRow& r) -> Status {
      n = std::get<std::int64_t>(r[0]);
      return {};
    })) << sql;
    return n;
  };
  // The demo's own hazards (demo_hazards.hpp) have no campaign; the demo campaign's inspections
  // add their findings on top.
  EXPECT_EQ(count("SELECT count(*) FROM hazard WHERE campaign_id = ''"), app::kDemoHazardCount);
  EXPECT_EQ(count("SELECT count(*) FROM hazard"), sum->hazards);
  for (const char* st : {"registered", "planned", "rectifying", "awaiting_review", "closed", "voided"})
    EXPECT_GT(count(std::string("SELECT count(*) FROM hazard WHERE state = '") + st + "'"), 0) << st;
  EXPECT_GT(count("SELECT count(*) FROM hazard WHERE rejection_count > 0"), 0);
  EXPECT_GT(count("SELECT count(*) FROM hazard WHERE extension_count > 0"), 0);
  EXPECT_GT(count("SELECT count(*) FROM hazard_extension WHERE state = 'denied'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM hazard WHERE risk_level = 'red' AND state NOT IN ('registered', 'voided') "
                  "AND (interim_measures = '' OR funds = '' OR contingency_plan = '')"),
            0);
  EXPECT_EQ(
      count("SELECT count(*) FROM hazard WHERE reviewed_by <> '' AND rectifiers LIKE '%,' || reviewed_by || ',%'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notice"), count("SELECT count(*) FROM hazard WHERE risk_level = 'red'"));
  EXPECT_GT(count("SELECT count(*) FROM hazard h JOIN app_user u ON u.username = 'school.officer' AND h.school_id = "
                  "u.scope_org_id"),
            10);

  // The counters the projection keeps (domain/hazard_stat.hpp) give exactly what the aggregation
  // over the rows gives, for every level, all hazards and the demo campaign's, and the trend.
  std::string campaign_id;
  EXPECT_TRUE((*lease)->QueryEach("SELECT campaign_id FROM hazard WHERE campaign_id <> '' LIMIT 1", {},
                                  [&](const store::SqlRow& r) -> Status {
                                    campaign_id = std::get<std::string>(r[0]);
                                    return {};
                                  }));
  ASSERT_FALSE(campaign_id.empty());
  auto same = [](const domain::HazardAggregate& a, const domain::HazardAggregate& b) {
    return a.total == b.total && a.open == b.open && a.closed == b.closed && a.voided == b.voided &&
           a.by_risk == b.by_risk && a.open_by_risk == b.open_by_risk && a.by_category == b.by_category &&
           a.by_source == b.by_source && a.open_with_plan == b.open_with_plan && a.red_open == b.red_open &&
           a.red_open_interim == b.red_open_interim && a.red_open_five == b.red_open_five && a.overdue == b.overdue &&
           a.due_soon == b.due_soon && a.extended == b.extended && a.rejections == b.rejections &&
           a.close_days == b.close_days;
  };
  const Date today = ChinaDateOf(this->clock_.Now());
  std::int64_t clean_seen = 0;  // schools with a clean self-inspection among the compared nodes
  auto check = [&](domain::ReadView& v, const std::vector<std::string>& prefixes) -> Status {
    for (const std::string& camp : {std::string(), campaign_id}) {
      for (Date d : {today, CivilFromDays(DaysFromCivil(today) + 10), CivilFromDays(DaysFromCivil(today) - 20)}) {
        TRY_ASSIGN(auto fast, v.AggregateHazards(prefixes, d, 3, camp));
        TRY_ASSIGN(auto scan, v.AggregateHazards(prefixes, d, 3, camp, domain::AggregateSource::kScan));
        EXPECT_EQ(fast.size(), scan.size());
        for (std::size_t i = 0; i < std::min(fast.size(), scan.size()); ++i)
          EXPECT_TRUE(same(fast[i], scan[i])) << prefixes[i] << " campaign " << camp << " as of " << FormatDate(d);
      }
      for (Date d : {today, CivilFromDays(DaysFromCivil(today) - 5)}) {
        TRY_ASSIGN(auto fast, v.SelfInspectionMisses(prefixes, d, camp));
        TRY_ASSIGN(auto scan, v.SelfInspectionMisses(prefixes, d, camp, domain::AggregateSource::kScan));
        EXPECT_EQ(fast.size(), scan.size());
        for (std::size_t i = 0; i < std::min(fast.size(), scan.size()); ++i) {
          EXPECT_TRUE(fast[i].clean_schools == scan[i].clean_schools &&
                      fast[i].missed_schools == scan[i].missed_schools &&
                      fast[i].missed_hazards == scan[i].missed_hazards)
              << prefixes[i] << " campaign " << camp << " as of " << FormatDate(d) << ": clean "
              << fast[i].clean_schools << "/" << scan[i].clean_schools << ", missed " << fast[i].missed_schools << "/"
              << scan[i].missed_schools << ", hazards " << fast[i].missed_hazards << "/" << scan[i].missed_hazards;
          if (d == today) clean_seen += scan[i].clean_schools;
        }
      }
      const Date from = CivilFromDays(DaysFromCivil(today) - 400);
      TRY_ASSIGN(auto ft, v.HazardTrend(prefixes[0], from, today, camp));
      TRY_ASSIGN(auto st, v.HazardTrend(prefixes[0], from, today, camp, domain::AggregateSource::kScan));
      EXPECT_EQ(ft.size(), st.size());
      for (std::size_t i = 0; i < std::min(ft.size(), st.size()); ++i)
        EXPECT_TRUE(ft[i].found == st[i].found && ft[i].closed == st[i].closed)
            << prefixes[0] << " " << FormatDate(ft[i].day);
    }
    return {};
  };
  std::int64_t nonzero_found = 0;
  ASSERT_TRUE(this->store_->Read([&](domain::ReadView& v) -> Status {
    TRY_ASSIGN(auto root, v.RootOrg());
    TRY_ASSIGN(auto cities, v.OrgChildren(root->id));
    std::vector<std::string> top{root->path};
    for (const auto& c : cities) top.push_back(c.path);
    TRY_STATUS(check(v, top));
    for (const auto& c : cities) {
      TRY_ASSIGN(auto counties, v.OrgChildren(c.id));
      std::vector<std::string> level{c.path};
      for (const auto& k : counties) level.push_back(k.path);
      TRY_STATUS(check(v, level));
      for (const auto& k : counties) {
        if (k.kind != domain::OrgKind::kCounty) continue;
        TRY_ASSIGN(auto schools, v.OrgChildren(k.id));
        std::vector<std::string> ps{k.path};
        for (const auto& sc : schools) ps.push_back(sc.path);
        TRY_ASSIGN(auto fast, v.AggregateHazards(ps, today, 3, ""));
        TRY_ASSIGN(auto scan, v.AggregateHazards(ps, today, 3, "", domain::AggregateSource::kScan));
        for (std::size_t i = 0; i < ps.size(); ++i) {
          EXPECT_TRUE(same(fast[i], scan[i])) << ps[i];
          nonzero_found += fast[i].total > 0 ? 1 : 0;
        }
      }
    }
    return {};
  }));
  EXPECT_GT(nonzero_found, 100);  // schools with hazards were compared, not only empty ones
  EXPECT_GT(clean_seen, 0);       // and clean self-inspections, not only zeros
  this->ExpectStatsRebuildTheSame(1000);
}

}  // namespace
}  // namespace anxiao

namespace anxiao {
namespace {

// Hazards on both engines: numbering, the whole loop, filters, rollback and verification.
template <typename Engine>
class HazardContract : public StoreContract<Engine> {
 protected:
  void SeedHazards() {
    this->Seed();
    donge_path_ = OrgPath(this->donge_);
    guan_path_ = OrgPath(this->guan_);
    school_ = SchoolByCode("3137240001");
    school2_ = SchoolByCode("3137240002");
    guan_school_ = SchoolByCode("3137250001");
    officer_ = domain::Actor{"usr_so", domain::Role::kSchoolOfficer, school_.path, school_.id};
    inspector_ = domain::Actor{"usr_in", domain::Role::kInspector, donge_path_, this->donge_};
    guan_inspector_ = domain::Actor{"usr_gi", domain::Role::kInspector, guan_path_, this->guan_};
    hazards_ = std::make_unique<app::Hazards>(*this->services_);
  }
  std::string OrgPath(const std::string& id) {
    auto o = domain::ReadValue<std::optional<domain::Org>>(*this->store_,
                                                           [&](domain::ReadView& v) { return v.FindOrg(id); });
    return (*o)->path;
  }
  domain::School SchoolByCode(const std::string& code) {
    auto s = domain::ReadValue<std::optional<domain::School>>(
        *this->store_, [&](domain::ReadView& v) { return v.FindSchoolByCode(code); });
    return **s;
  }
  domain::Hazard Register(const domain::School& school, const domain::Actor& by, domain::RiskLevel risk,
                          std::optional<Date> found = std::nullopt,
                          domain::HazardCategory cat = domain::HazardCategory::kFire) {
    app::NewHazard n;
    n.school_id = school.id;
    n.source =
        by.role == domain::Role::kSchoolOfficer ? domain::HazardSource::kSelf : domain::HazardSource::kCountySpotCheck;
    n.category = cat;
    n.description = "疏散通道堆放杂物";
    n.location = "教学楼一楼";
    n.risk_level = risk;
    n.found_at = found;
    n.evidence = {this->Photo(by, 1)};
    auto h = hazards_->Register(by, n);
    EXPECT_TRUE(h) << h.error().internal << " " << h.error().public_message;
    return h ? *h : domain::Hazard{};
  }
  domain::PageOf<domain::Hazard> Find(app::HazardQuery q, const domain::Actor* as = nullptr) {
    auto r = hazards_->Search(as ? *as : inspector_, q);
    EXPECT_TRUE(r) << r.error().internal;
    return r ? *r : domain::PageOf<domain::Hazard>{};
  }
  Date Today() { return ChinaDateOf(this->clock_.Now()); }
  static Date DaysAgo(Date d, int n) { return CivilFromDays(DaysFromCivil(d) - n); }

  std::string donge_path_, guan_path_;
  domain::School school_, school2_, guan_school_;
  domain::Actor officer_, inspector_, guan_inspector_;
  std::unique_ptr<app::Hazards> hazards_;
};

TYPED_TEST_SUITE(HazardContract, Engines, EngineNames);

TYPED_TEST(HazardContract, NumbersRunPerCountyAndYear) {
  this->SeedHazards();
  const int year = this->Today().year;
  auto a = this->Register(this->school_, this->officer_, domain::RiskLevel::kYellow);
  auto b = this->Register(this->school2_, this->inspector_, domain::RiskLevel::kBlue);
  auto c = this->Register(this->guan_school_, this->guan_inspector_, domain::RiskLevel::kBlue);
  EXPECT_EQ(a.number, "371524-" + std::to_string(year) + "-000001");
  EXPECT_EQ(b.number, "371524-" + std::to_string(year) + "-000002");
  EXPECT_EQ(c.number, "371525-" + std::to_string(year) + "-000001");
  EXPECT_EQ(a.state, domain::HazardState::kRegistered);
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(a.supervising_org_id, this->donge_);  // self-inspection: the county supervises
  EXPECT_EQ(a.deadline, domain::DefaultDeadline(domain::RiskLevel::kYellow, this->Today()));
  auto next = domain::ReadValue<std::int64_t>(*this->store_,
                                              [&](domain::ReadView& v) { return v.NextHazardSeq(this->donge_, year); });
  EXPECT_EQ(*next, 3);
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems[0].message);
}

TYPED_TEST(HazardContract, FullLoopWithTwoPeopleThenVerifies) {
  this->SeedHazards();
  auto& hz = *this->hazards_;
  auto h = this->Register(this->school_, this->inspector_, domain::RiskLevel::kRed);
  domain::HazardPlan plan;
  plan.measures = "更换老化电线";
  plan.responsible_person = "王校长";
  plan.funds = "8000元";
  plan.deadline = h.deadline;
  plan.contingency_plan = "停用宿舍，学生临时安置";
  plan.interim_measures = "断电、警戒、专人值守";
  plan.closed_for_use = true;
  auto p = hz.Plan(this->officer_, h.id, 1, plan);
  ASSERT_TRUE(p) << p.error().public_message;
  EXPECT_EQ(p->state, domain::HazardState::kPlanned);
  EXPECT_TRUE(p->closed_for_use);
  auto ext = hz.RequestExtension(this->officer_, h.id, 2, CivilFromDays(DaysFromCivil(h.deadline) + 10), "材料未到货");
  ASSERT_TRUE(ext) << ext.error().public_message;
  auto dec = hz.DecideExtension(this->inspector_, h.id, ext->extension.id, 3, true, "");
  ASSERT_TRUE(dec) << dec.error().public_message;
  EXPECT_EQ(dec->hazard.deadline, ext->extension.new_deadline);
  EXPECT_EQ(dec->extension.state, domain::ExtensionState::kApproved);
  ASSERT_TRUE(hz.Start(this->officer_, h.id, 4));
  ASSERT_TRUE(hz.Progress(this->officer_, h.id, 5, "已采购电线", {this->Photo(this->officer_, 2)}));
  ASSERT_TRUE(hz.Submit(this->officer_, h.id, 6, "整改完成", {this->Photo(this->officer_, 3)}));
  auto rej = hz.Review(this->inspector_, h.id, 7, app::ReviewDecision::kReject, "照片未显示漏电保护器");
  ASSERT_TRUE(rej);
  EXPECT_EQ(rej->state, domain::HazardState::kRectifying);
  EXPECT_EQ(rej->rejection_count, 1);
  ASSERT_TRUE(hz.Submit(this->officer_, h.id, 8, "已补装", {this->Photo(this->officer_, 4)}));
  // The school cannot close; the inspector can.
  auto self_close = hz.Review(this->officer_, h.id, 9, app::ReviewDecision::kClose, "");
  ASSERT_FALSE(self_close);
  EXPECT_EQ(self_close.error().code, ErrorCode::kForbidden);
  auto closed = hz.Review(this->inspector_, h.id, 9, app::ReviewDecision::kClose, "复查合格");
  ASSERT_TRUE(closed) << closed.error().public_message;
  EXPECT_EQ(closed->state, domain::HazardState::kClosed);
  EXPECT_EQ(closed->version, 10);
  EXPECT_EQ(closed->reviewed_by, "usr_in");
  EXPECT_FALSE(closed->closed_at.empty());

  auto d = hz.Get(this->inspector_, h.id);
  ASSERT_TRUE(d);
  // registered + notice (red) + planned + ext requested + decided + started + progressed + submitted ×2 + reviewed ×2
  EXPECT_EQ(d->history.size(), 11u);
  EXPECT_EQ(d->history[0].kind, "hazard.registered");
  EXPECT_EQ(d->history[1].kind, "notice.sent");
  EXPECT_EQ(d->history.back().kind, "hazard.reviewed");
  EXPECT_EQ(d->evidence.size(), 4u);
  EXPECT_EQ(d->extensions.size(), 1u);
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems[0].message);
  // The notice to the city is projected.
  auto lease = this->store_->Acquire();
  auto rows = (*lease)->Query("SELECT to_org_id, kind, hazard_id FROM notice", {});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(std::get<std::string>((*rows)[0][0]), this->city_);
  EXPECT_EQ(std::get<std::string>((*rows)[0][1]), "red_hazard_supervision");
}

TYPED_TEST(HazardContract, WrongMovesChangeNothing) {
  this->SeedHazards();
  auto& hz = *this->hazards_;
  auto h = this->Register(this->school_, this->inspector_, domain::RiskLevel::kYellow);
  auto before = this->Head();
  auto illegal = hz.Submit(this->officer_, h.id, 1, "", {std::string(64, 'c')});
  ASSERT_FALSE(illegal);
  EXPECT_EQ(illegal.error().slug, "illegal_transition");
  EXPECT_EQ(illegal.error().public_message, "cannot submit a hazard in state registered");
  auto stale = hz.Start(this->officer_, h.id, 7);
  EXPECT_EQ(stale.error().code, ErrorCode::kVersionMismatch);
  auto outside = hz.Void(this->guan_inspector_, h.id, 1, "重复登记");
  EXPECT_EQ(outside.error().code, ErrorCode::kNotFound);
  auto school_void = hz.Void(this->officer_, h.id, 1, "重复登记");
  EXPECT_EQ(school_void.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(this->Head().seq, before.seq);
  // A failing transaction after a successful registration leaves neither hazard nor counter.
  auto st = this->store_->Write([&](domain::WriteTx& tx) -> Status {
    app::NewHazard n;
    n.school_id = this->school_.id;
    n.description = "将被回滚";
    TRY_STATUS(hz.RegisterIn(tx, this->officer_, n));
    return Fail(InvalidInput("test", "abort"));
  });
  EXPECT_FALSE(st);
  EXPECT_EQ(this->Head().seq, before.seq);
  EXPECT_EQ(this->Find({.q = "将被回滚"}).total, 0);
  auto again = this->Register(this->school_, this->officer_, domain::RiskLevel::kBlue);
  EXPECT_EQ(again.number.substr(again.number.size() - 6), "000002");
}

// Counter deltas are written as multi-row upserts (sql_store.cpp, AddBuffer::Flush). A counter the
// write would take below zero (here: a void, after the counters were deleted behind the store's back) fails the
// write as kCorrupt and changes nothing; after a rebuild of the counters the same write goes through,
// and the counters that came to zero are gone (the rebuild gives the same table).
TYPED_TEST(HazardContract, ACounterBelowZeroFailsTheWrite) {
  this->SeedHazards();
  auto& hz = *this->hazards_;
  auto h = this->Register(this->school_, this->inspector_, domain::RiskLevel::kYellow);
  ASSERT_TRUE(hz.Plan(this->officer_, h.id, 1, {"清理杂物", "王建国", "", "", "", std::nullopt, false}));
  {
    auto lease = this->store_->Acquire();
    ASSERT_TRUE(lease);
    ASSERT_TRUE((*lease)->Exec("DELETE FROM hazard_stat", {}));
  }
  auto before = this->Head();
  auto st = hz.Void(this->inspector_, h.id, 2, "重复登记");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(st.error().internal.find("would fall below zero"), std::string::npos) << st.error().internal;
  EXPECT_EQ(this->Head().seq, before.seq);
  ASSERT_TRUE(this->store_->RebuildHazardStats());
  auto voided = hz.Void(this->inspector_, h.id, 2, "重复登记");
  ASSERT_TRUE(voided) << voided.error().internal;
  EXPECT_EQ(voided->state, domain::HazardState::kVoided);
  this->ExpectStatsRebuildTheSame(1);
}

// The group commit holds counter deltas back and writes them once per batch (sql_store.cpp,
// AddBuffer). Writes that are kept, rolled back to their savepoint after moving counters, and
// that read the counters in the middle of the write (which writes the held deltas first), in
// shared batches with synchronous writers: the counters stay equal to the aggregation over the
// rows, inside the writes and afterwards, and to a rebuild from the rows.
TYPED_TEST(HazardContract, CountersHeldBackInABatchMatchTheRows) {
  this->SeedHazards();
  app::Hazards& hz = *this->hazards_;
  const Date today = this->Today();
  const std::vector<std::string> prefixes{this->donge_path_, this->school_.path, this->school2_.path};
  auto same = [](const std::vector<domain::HazardAggregate>& a, const std::vector<domain::HazardAggregate>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].total != b[i].total || a[i].open != b[i].open || a[i].by_risk != b[i].by_risk ||
          a[i].by_source != b[i].by_source || a[i].by_category != b[i].by_category || a[i].due_soon != b[i].due_soon)
        return false;
    return true;
  };
  constexpr int kThreads = 6, kEach = 24;
  std::atomic<int> kept{0}, aborted{0}, mismatch{0}, wrong{0};
  std::mutex mu;
  std::condition_variable cv;
  int completed = 0;
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // 0: kept; 1: rolled back after registering; 2: reads the counters mid-write, kept;
        // 3: reads them mid-write, then rolled back.
        const int mode = (t + i) % 4;
        const auto& school = (t + i) % 3 == 0 ? this->school2_ : this->school_;
        const domain::Actor by = (t + i) % 3 == 0 ? this->inspector_ : this->officer_;
        this->store_->WriteAsync(
            [&, mode, school, by, t, i](domain::WriteTx& tx) -> Status {
              app::NewHazard n;
              n.school_id = school.id;
              n.source = by.role == domain::Role::kSchoolOfficer ? domain::HazardSource::kSelf
                                                                 : domain::HazardSource::kCountySpotCheck;
              n.category = i % 2 ? domain::HazardCategory::kFood : domain::HazardCategory::kFire;
              n.risk_level = static_cast<domain::RiskLevel>((t + i) % 4);
              n.description = "批内计数 " + std::to_string(t) + "-" + std::to_string(i);
              TRY_STATUS(hz.RegisterIn(tx, by, n));
              if (mode >= 2) {
                TRY_ASSIGN(auto fast, tx.AggregateHazards(prefixes, today, 3, ""));
                TRY_ASSIGN(auto scan, tx.AggregateHazards(prefixes, today, 3, "", domain::AggregateSource::kScan));
                if (!same(fast, scan)) ++mismatch;
              }
              if (mode % 2) return Fail(InvalidInput("test", "abort"));
              return {};
            },
            [&, mode](Status st) {
              if (st && mode % 2 == 0) {
                ++kept;
              } else if (!st && mode % 2 && st.error().public_message == "abort") {
                ++aborted;
              } else {
                ++wrong;
              }
              std::lock_guard g(mu);
              ++completed;
              cv.notify_all();
            });
        if (i % 6 == 0) {  // a synchronous writer in between, also moving counters
          auto st = this->store_->Write([&](domain::WriteTx& tx) -> Status {
            app::NewHazard n;
            n.school_id = this->school_.id;
            n.description = "同步写入 " + std::to_string(t) + "-" + std::to_string(i);
            TRY_STATUS(hz.RegisterIn(tx, this->officer_, n));
            return {};
          });
          EXPECT_TRUE(st);
        }
      }
    });
  for (auto& th : ts) th.join();
  {
    std::unique_lock lk(mu);
    cv.wait(lk, [&] { return completed == kThreads * kEach; });
  }
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(mismatch.load(), 0);
  EXPECT_EQ(kept.load(), kThreads * kEach / 2);
  EXPECT_EQ(aborted.load(), kThreads * kEach / 2);
  EXPECT_EQ(this->Find({.q = "批内计数"}).total, kThreads * kEach / 2);
  auto after = domain::ReadValue<std::pair<std::vector<domain::HazardAggregate>, std::vector<domain::HazardAggregate>>>(
      *this->store_,
      [&](domain::ReadView& v)
          -> Result<std::pair<std::vector<domain::HazardAggregate>, std::vector<domain::HazardAggregate>>> {
        TRY_ASSIGN(auto fast, v.AggregateHazards(prefixes, today, 3, ""));
        TRY_ASSIGN(auto scan, v.AggregateHazards(prefixes, today, 3, "", domain::AggregateSource::kScan));
        return std::make_pair(fast, scan);
      });
  ASSERT_TRUE(after);
  EXPECT_TRUE(same(after->first, after->second));
  EXPECT_EQ(after->first[0].total, kThreads * kEach / 2 + kThreads * (kEach / 6));
  this->ExpectStatsRebuildTheSame(20);
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems[0].message);
}

TYPED_TEST(HazardContract, FiltersSortAndOverdueWithAFixedClock) {
  this->SeedHazards();
  const Date today = this->Today();
  // Blue found 10 days ago: deadline 7 days ago → overdue. Yellow found today: due in 7 days.
  auto late = this->Register(this->school2_, this->inspector_, domain::RiskLevel::kBlue, this->DaysAgo(today, 10));
  auto soon =
      this->Register(this->school_, this->officer_, domain::RiskLevel::kBlue, today, domain::HazardCategory::kFood);
  auto red = this->Register(this->school_, this->inspector_, domain::RiskLevel::kRed, this->DaysAgo(today, 1),
                            domain::HazardCategory::kDormitory);
  auto other = this->Register(this->guan_school_, this->guan_inspector_, domain::RiskLevel::kYellow);
  // A closed-looking deadline in the past that is awaiting review is not overdue: move `late2` on.
  auto late2 = this->Register(this->school_, this->officer_, domain::RiskLevel::kBlue, this->DaysAgo(today, 20));
  ASSERT_TRUE(this->hazards_->Plan(this->officer_, late2.id, 1, {"清理", "王", "", "", "", std::nullopt, false}));
  ASSERT_TRUE(this->hazards_->Start(this->officer_, late2.id, 2));
  ASSERT_TRUE(this->hazards_->Submit(this->officer_, late2.id, 3, "", {this->Photo(this->officer_, 5)}));

  EXPECT_EQ(this->Find({}).total, 4);  // the Guan hazard is outside the Dong'e inspector's scope
  auto overdue = this->Find({.overdue = true});
  ASSERT_EQ(overdue.total, 1);
  EXPECT_EQ(overdue.items[0].id, late.id);
  EXPECT_EQ(this->Find({.overdue = false}).total, 3);
  auto due = this->Find({.due_within_days = 3});
  ASSERT_EQ(due.total, 1);
  EXPECT_EQ(due.items[0].id, soon.id);
  EXPECT_EQ(this->Find({.state = domain::HazardState::kAwaitingReview}).total, 1);
  EXPECT_EQ(this->Find({.risk_level = domain::RiskLevel::kRed}).total, 1);
  EXPECT_EQ(this->Find({.category = domain::HazardCategory::kFood}).total, 1);
  EXPECT_EQ(this->Find({.source = domain::HazardSource::kSelf}).total, 2);
  EXPECT_EQ(this->Find({.school_id = this->school2_.id}).total, 1);
  EXPECT_EQ(this->Find({.q = red.number}).total, 1);
  EXPECT_EQ(this->Find({.q = "杂物"}).total, 4);
  EXPECT_EQ(this->Find({.q = "%"}).total, 0);
  auto by_risk = this->Find({.sort = domain::HazardSort::kRisk});
  ASSERT_EQ(by_risk.items.size(), 4u);
  EXPECT_EQ(by_risk.items[0].id, red.id);
  auto by_deadline = this->Find({.sort = domain::HazardSort::kDeadline, .page = {1, 2}});
  EXPECT_EQ(by_deadline.total, 4);
  ASSERT_EQ(by_deadline.items.size(), 2u);
  EXPECT_EQ(by_deadline.items[0].id, late2.id);
  EXPECT_EQ(by_deadline.items[1].id, late.id);
  // The city-wide view sees both counties; narrowing by org works.
  domain::Actor city{"usr_c", domain::Role::kBureauOfficer, this->OrgPath(this->city_), this->city_};
  EXPECT_EQ(this->Find({}, &city).total, 5);
  EXPECT_EQ(this->Find({.org_id = this->guan_}, &city).total, 1);
  EXPECT_EQ(this->Find({.org_id = this->guan_}, &city).items[0].id, other.id);
  auto narrow = this->hazards_->Search(this->inspector_, {.org_id = this->guan_});
  ASSERT_FALSE(narrow);
  EXPECT_EQ(narrow.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(HazardContract, VerifyNamesATamperedHazardField) {
  this->SeedHazards();
  auto h = this->Register(this->school_, this->inspector_, domain::RiskLevel::kOrange);
  {
    auto lease = this->store_->Acquire();
    ASSERT_TRUE((*lease)->Exec("UPDATE hazard SET state = 'closed' WHERE id = ?", {h.id}));
  }
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_FALSE(rep->ok);
  ASSERT_EQ(rep->problems.size(), 1u);
  const auto& p = rep->problems[0];
  EXPECT_EQ(p.kind, "field_differs");
  EXPECT_EQ(p.table, "hazard");
  EXPECT_EQ(p.record, h.id);
  EXPECT_EQ(p.field, "state");
  EXPECT_EQ(p.stored, "\"closed\"");
  EXPECT_EQ(p.replayed, "\"registered\"");
}

// Evidence on both engines: stored once, the uploaders recorded, visibility by reference and scope,
// the gallery facts joined into a hazard's evidence, and verify over the files.
TYPED_TEST(HazardContract, EvidenceIsStoredOnceVisibleByScopeAndVerified) {
  this->SeedHazards();
  app::Evidence ev(*this->services_);
  auto jpeg = this->codec_->RenderDemoPhoto(domain::DemoPhotoSpec{7, "疏散通道堆放杂物", "2026-01-02", 200, 150});
  ASSERT_TRUE(jpeg);
  auto first = ev.Upload(this->officer_, *jpeg);
  ASSERT_TRUE(first) << first.error().internal;
  EXPECT_TRUE(first->created);
  const std::string sha = Sha256Hex(*jpeg);
  EXPECT_EQ(first->record.sha256, sha);
  EXPECT_EQ(first->record.size, static_cast<std::int64_t>(jpeg->size()));
  EXPECT_EQ(first->record.mime, "image/jpeg");
  EXPECT_EQ(first->record.width, 200);
  EXPECT_EQ(first->record.height, 150);
  EXPECT_EQ(first->record.phash.size(), 16u);
  EXPECT_EQ(first->record.uploaded_by, "usr_so");
  EXPECT_EQ(first->record.taken_at, "");
  const auto head = this->Head();
  auto same = ev.Upload(this->officer_, *jpeg);  // the same user again: nothing journaled
  ASSERT_TRUE(same);
  EXPECT_FALSE(same->created);
  EXPECT_EQ(this->Head().seq, head.seq);

  // Preview: the uploader only, while nothing references it.
  EXPECT_TRUE(ev.Read(this->officer_, sha, false));
  EXPECT_EQ(ev.Read(this->officer_, sha, false)->bytes, *jpeg);
  EXPECT_EQ(ev.Read(this->officer_, sha, true)->mime, "image/jpeg");
  EXPECT_EQ(ev.Read(this->inspector_, sha, false).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ev.Read(this->inspector_, std::string(64, '0'), false).error().code, ErrorCode::kNotFound);
  // Nobody else may reference it.
  app::NewHazard n;
  n.school_id = this->school_.id;
  n.source = domain::HazardSource::kCountySpotCheck;
  n.description = "灭火器过期";
  n.evidence = {sha};
  auto theirs = this->hazards_->Register(this->inspector_, n);
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().slug, "unknown_evidence");
  EXPECT_EQ(theirs.error().internal, sha);

  // Another uploader of the same bytes is recorded (and may then reference it).
  auto second = ev.Upload(this->inspector_, *jpeg);
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->created);
  EXPECT_EQ(this->Head().seq, head.seq + 1);
  auto uploaded =
      domain::ReadValue<bool>(*this->store_, [&](domain::ReadView& v) { return v.EvidenceUploadedBy(sha, "usr_in"); });
  EXPECT_TRUE(*uploaded);
  auto h = this->hazards_->Register(this->inspector_, n);
  ASSERT_TRUE(h) << h.error().public_message;

  // Referenced: visible in the hazard's scope, not outside it.
  auto refd = domain::ReadValue<bool>(
      *this->store_, [&](domain::ReadView& v) { return v.EvidenceReferenced(sha, this->donge_path_); });
  EXPECT_TRUE(*refd);
  auto elsewhere = domain::ReadValue<bool>(
      *this->store_, [&](domain::ReadView& v) { return v.EvidenceReferenced(sha, this->guan_path_); });
  EXPECT_FALSE(*elsewhere);
  EXPECT_TRUE(ev.Read(this->inspector_, sha, false));
  EXPECT_EQ(ev.Read(this->guan_inspector_, sha, false).error().code, ErrorCode::kNotFound);
  auto items = domain::ReadValue<std::vector<domain::HazardEvidence>>(
      *this->store_, [&](domain::ReadView& v) { return v.HazardEvidenceFor(h->id); });
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].mime, "image/jpeg");
  EXPECT_EQ((*items)[0].width, 200);
  EXPECT_EQ((*items)[0].height, 150);

  app::VerifyOptions vo;
  vo.evidence_files = this->files_.get();
  auto ok = app::Verify(*this->store_, vo);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->ok);
  EXPECT_EQ(ok->evidence_files, 1);
  // A swapped file is named.
  std::filesystem::path file = this->files_->PathOf(sha, false);
  std::filesystem::remove(file);
  { std::ofstream(file, std::ios::binary) << "not the photo"; }
  auto bad = app::Verify(*this->store_, vo);
  ASSERT_TRUE(bad);
  EXPECT_FALSE(bad->ok);
  ASSERT_EQ(bad->problems.size(), 1u);
  EXPECT_EQ(bad->problems[0].kind, "evidence_altered");
  EXPECT_EQ(bad->problems[0].record, sha);
}

TYPED_TEST(HazardContract, VerifyNamesASwappedEvidenceReference) {
  this->SeedHazards();
  auto h = this->Register(this->school_, this->inspector_, domain::RiskLevel::kBlue);
  {
    auto lease = this->store_->Acquire();
    ASSERT_TRUE(
        (*lease)->Exec("UPDATE hazard_evidence SET sha256 = ? WHERE hazard_id = ?", {std::string(64, 'f'), h.id}));
  }
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_FALSE(rep->ok);
  ASSERT_EQ(rep->problems.size(), 1u);
  EXPECT_EQ(rep->problems[0].table, "hazard_evidence");
  EXPECT_EQ(rep->problems[0].field, "sha256");
  EXPECT_EQ(rep->problems[0].replayed, "\"" + this->Photo(this->inspector_, 1) + "\"");
}

TYPED_TEST(HazardContract, ConcurrentTransitionsOnOneVersionLetExactlyOneWin) {
  this->SeedHazards();
  auto h = this->Register(this->school_, this->officer_, domain::RiskLevel::kYellow);
  ASSERT_TRUE(this->hazards_->Plan(this->officer_, h.id, 1, {"清理", "王", "", "", "", std::nullopt, false}));
  std::atomic<int> ok{0}, stale{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      auto r = this->hazards_->Start(this->officer_, h.id, 2);
      if (r)
        ++ok;
      else if (r.error().code == ErrorCode::kVersionMismatch)
        ++stale;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(stale.load(), 3);
  auto d = this->hazards_->Get(this->officer_, h.id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->hazard.version, 3);
  EXPECT_EQ(d->history.size(), 3u);
}

TYPED_TEST(HazardContract, IdempotencyRecordsAreClaimedOnce) {
  this->SeedHazards();
  domain::IdempotencyRecord r{"usr_so", "key-1", "POST", "/api/v1/hazards", std::string(64, '0'), 0, "", "", 5};
  auto first = domain::WriteValue<bool>(*this->store_, [&](domain::WriteTx& tx) { return tx.ClaimIdempotency(r); });
  auto second = domain::WriteValue<bool>(*this->store_, [&](domain::WriteTx& tx) { return tx.ClaimIdempotency(r); });
  EXPECT_TRUE(*first);
  EXPECT_FALSE(*second);
  r.status = 201;
  r.body = "{\"id\":\"hz_1\"}";
  ASSERT_TRUE(this->store_->Write([&](domain::WriteTx& tx) { return tx.PutIdempotency(r); }));
  auto got = domain::ReadValue<std::optional<domain::IdempotencyRecord>>(
      *this->store_, [&](domain::ReadView& v) { return v.FindIdempotency("usr_so", "key-1"); });
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->status, 201);
  EXPECT_EQ((*got)->body, r.body);
  auto other_user = domain::ReadValue<std::optional<domain::IdempotencyRecord>>(
      *this->store_, [&](domain::ReadView& v) { return v.FindIdempotency("usr_in", "key-1"); });
  EXPECT_FALSE(*other_user);
  ASSERT_TRUE(this->store_->Write([&](domain::WriteTx& tx) { return tx.DeleteIdempotency("usr_so", "key-1"); }));
  got = domain::ReadValue<std::optional<domain::IdempotencyRecord>>(
      *this->store_, [&](domain::ReadView& v) { return v.FindIdempotency("usr_so", "key-1"); });
  EXPECT_FALSE(*got);
  // Old records are purged; recent ones stay.
  domain::IdempotencyRecord old_one{"usr_so", "old", "POST", "/p", "", 200, "{}", "", 100};
  domain::IdempotencyRecord new_one{"usr_so", "new", "POST", "/p", "", 200, "{}", "", 1000};
  ASSERT_TRUE(this->store_->Write([&](domain::WriteTx& tx) -> Status {
    TRY_STATUS(tx.PutIdempotency(old_one));
    TRY_STATUS(tx.PutIdempotency(new_one));
    return tx.PurgeIdempotency(500);
  }));
  auto find = [&](const char* k) {
    return *domain::ReadValue<std::optional<domain::IdempotencyRecord>>(
        *this->store_, [&](domain::ReadView& v) { return v.FindIdempotency("usr_so", k); });
  };
  EXPECT_FALSE(find("old"));
  EXPECT_TRUE(find("new"));
}

}  // namespace
}  // namespace anxiao

namespace anxiao {
namespace {

// Campaigns, teams, checklists and inspections on both engines (app/campaigns.hpp,
// app/inspections.hpp; queries in store/sql/campaign_queries.cpp).
template <typename Engine>
class CampaignContract : public HazardContract<Engine> {
 protected:
  void SeedCampaign() {
    this->SeedHazards();
    city_path_ = this->OrgPath(this->city_);
    city_officer_ = domain::Actor{"usr_co", domain::Role::kBureauOfficer, city_path_, this->city_};
    donge_officer_ = domain::Actor{"usr_do", domain::Role::kBureauOfficer, this->donge_path_, this->donge_};
    guan_officer_ = domain::Actor{"usr_go", domain::Role::kBureauOfficer, this->guan_path_, this->guan_};
    guan_school_officer_ =
        domain::Actor{"usr_gso", domain::Role::kSchoolOfficer, this->guan_school_.path, this->guan_school_.id};
    campaigns_ = std::make_unique<app::Campaigns>(*this->services_);
    inspections_ = std::make_unique<app::Inspections>(*this->services_);
    auto list = campaigns_->ListChecklists({1, 50});
    ASSERT_TRUE(list);
    ASSERT_EQ(list->total, 11);  // the built-in catalog, installed by EnsureRoot
    fire_ = list->items[0];
    const Date today = this->Today();
    domain::CampaignDraft d{
        "全市学校安全大排查大整治集中行动",
        today,
        CivilFromDays(DaysFromCivil(today) + 60),
        {domain::CampaignMode::kCrossInspection, domain::CampaignMode::kUnannounced, domain::CampaignMode::kThematic},
        {fire_.id}};
    auto c = campaigns_->Create(city_officer_, "", d);
    ASSERT_TRUE(c) << c.error().internal << c.error().public_message;
    campaign_ = *c;
  }
  std::int64_t Visible(const domain::Actor& a) {
    app::InspectionQuery q;
    q.campaign_id = campaign_.id;
    auto r = inspections_->Search(a, q);
    EXPECT_TRUE(r);
    return r ? r->total : -1;
  }
  std::string city_path_;
  domain::Actor city_officer_, donge_officer_, guan_officer_, guan_school_officer_;
  std::unique_ptr<app::Campaigns> campaigns_;
  std::unique_ptr<app::Inspections> inspections_;
  domain::ChecklistTemplate fire_;
  domain::Campaign campaign_;
};
TYPED_TEST_SUITE(CampaignContract, Engines, EngineNames);

TYPED_TEST(CampaignContract, UnannouncedCrossInspectionStaysHiddenUntilCheckInThenFeedsTheLoop) {
  this->SeedCampaign();
  app::NewTeam nt;
  nt.campaign_id = this->campaign_.id;
  nt.kind = domain::TeamKind::kCrossInspection;
  nt.name = "东阿县互查组";
  nt.leader_name = "李明";
  nt.leader_rank = "县级干部";
  nt.target_org_id = this->donge_;
  auto own = this->campaigns_->CreateTeam(this->donge_officer_, nt);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().slug, "own_county");
  nt.target_org_id = this->guan_;
  auto team = this->campaigns_->CreateTeam(this->donge_officer_, nt);
  ASSERT_TRUE(team) << team.error().internal << team.error().public_message;
  EXPECT_EQ(team->level, domain::TeamLevel::kCounty);

  app::NewInspection ni;
  ni.team_id = team->id;
  ni.school_id = this->guan_school_.id;
  ni.template_id = this->fire_.id;
  ni.unannounced = true;
  auto wrong_school = ni;
  wrong_school.school_id = this->school_.id;  // a Dong'e school: not in the target county
  EXPECT_EQ(this->inspections_->Plan(this->donge_officer_, wrong_school).error().slug, "school_not_assigned");
  auto ins = this->inspections_->Plan(this->donge_officer_, ni);
  ASSERT_TRUE(ins) << ins.error().internal << ins.error().public_message;
  EXPECT_EQ(ins->source, domain::HazardSource::kCrossInspection);

  // 四不两直: the inspected county and school see nothing, not even in the figures.
  EXPECT_EQ(this->Visible(this->guan_school_officer_), 0);
  EXPECT_EQ(this->Visible(this->guan_officer_), 0);
  EXPECT_EQ(this->inspections_->Find(this->guan_officer_, ins->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->Visible(this->donge_officer_), 1);
  EXPECT_EQ(this->Visible(this->city_officer_), 1);
  EXPECT_EQ(this->campaigns_->Get(this->guan_officer_, this->campaign_.id)->figures.inspections_planned, 0);
  EXPECT_EQ(this->campaigns_->Get(this->city_officer_, this->campaign_.id)->figures.inspections_planned, 1);
  EXPECT_EQ(this->campaigns_->Get(this->city_officer_, this->campaign_.id)->figures.teams_county, 1);
  // Nor may the inspected county act on it.
  EXPECT_EQ(this->inspections_->CheckIn(this->guan_officer_, ins->id, 1, "", "").error().code, ErrorCode::kNotFound);

  auto in = this->inspections_->CheckIn(this->donge_officer_, ins->id, 1, "36.4560", "115.9855");
  ASSERT_TRUE(in) << in.error().public_message;
  EXPECT_EQ(this->Visible(this->guan_school_officer_), 1);
  EXPECT_EQ(this->Visible(this->guan_officer_), 1);

  // A failed item becomes a hazard: source, category, default risk, links; supervised by the city.
  auto ver = this->campaigns_->GetChecklistVersion(this->fire_.id, 0);
  ASSERT_TRUE(ver);
  app::ItemInput blocked{"FIRE-01", domain::ItemResult::kFail, "一楼东侧疏散通道堆放课桌", {}, std::nullopt};
  EXPECT_EQ(this->inspections_->Record(this->donge_officer_, ins->id, blocked).error().slug, "photo_required");
  app::ItemInput fail{"FIRE-06", domain::ItemResult::kFail, "夜班值班人员未持证", {}, std::nullopt};
  auto rec = this->inspections_->Record(this->donge_officer_, ins->id, fail);
  ASSERT_TRUE(rec) << rec.error().internal << rec.error().public_message;
  ASSERT_TRUE(rec->hazard);
  EXPECT_EQ(rec->hazard->inspection_id, ins->id);
  EXPECT_EQ(rec->hazard->campaign_id, this->campaign_.id);
  EXPECT_EQ(rec->hazard->item_code, "FIRE-06");
  EXPECT_EQ(rec->hazard->source, domain::HazardSource::kCrossInspection);
  EXPECT_EQ(rec->hazard->risk_level, domain::RiskLevel::kOrange);
  EXPECT_EQ(rec->hazard->supervising_org_id, this->city_);
  // Recording it again needs the item's version.
  EXPECT_EQ(this->inspections_->Record(this->donge_officer_, ins->id, fail).error().code, ErrorCode::kVersionRequired);
  for (const auto& item : ver->items) {
    if (item.code == "FIRE-06") continue;
    app::ItemInput pass{item.code, domain::ItemResult::kPass, "", {}, std::nullopt};
    ASSERT_TRUE(this->inspections_->Record(this->donge_officer_, ins->id, pass)) << item.code;
  }
  std::int64_t v = in->version;
  auto sub = this->inspections_->Submit(this->donge_officer_, ins->id, v);
  ASSERT_FALSE(sub);
  EXPECT_EQ(sub.error().slug, "signature_missing");
  auto fb = this->inspections_->Feedback(this->donge_officer_, ins->id, v, "现场反馈：疏散通道立即清理");
  ASSERT_TRUE(fb);
  auto s1 =
      this->inspections_->Sign(this->donge_officer_, ins->id, fb->version, domain::SignerRole::kInspector, "李明");
  ASSERT_TRUE(s1);
  auto s2 = this->inspections_->Sign(this->donge_officer_, ins->id, s1->version, domain::SignerRole::kSchool, "王校长");
  ASSERT_TRUE(s2);
  auto done = this->inspections_->Submit(this->donge_officer_, ins->id, s2->version);
  ASSERT_TRUE(done) << done.error().public_message;
  EXPECT_EQ(done->state, domain::InspectionState::kSubmitted);
  // Submitted: no more recording; amendments need a reason and are journaled.
  app::ItemInput fix{"FIRE-02", domain::ItemResult::kPass, "补记：压力正常", {}, std::int64_t{1}};
  EXPECT_EQ(this->inspections_->Record(this->donge_officer_, ins->id, fix).error().slug,
            "illegal_inspection_transition");
  EXPECT_EQ(this->inspections_->Amend(this->donge_officer_, ins->id, done->version, fix, "").error().slug,
            "missing_field");
  auto am = this->inspections_->Amend(this->donge_officer_, ins->id, done->version, fix, "现场记录遗漏备注");
  ASSERT_TRUE(am) << am.error().public_message;
  EXPECT_EQ(am->inspection.amend_count, 1);

  auto f = this->campaigns_->Get(this->city_officer_, this->campaign_.id);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->figures.inspections_done, 1);
  EXPECT_EQ(f->figures.schools_inspected, 1);
  EXPECT_EQ(f->figures.hazards_found, 1);
  EXPECT_EQ(f->figures.schools_in_scope, 4);

  auto detail = this->inspections_->Get(this->guan_school_officer_, ins->id);
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->signatures.size(), 2u);
  EXPECT_EQ(detail->records.size(), ver->items.size());

  // A re-inspection carries the open hazard forward as an item to re-check.
  app::NewInspection re;
  re.team_id = team->id;
  re.school_id = this->guan_school_.id;
  re.template_id = this->fire_.id;
  re.previous_id = ins->id;
  auto again = this->inspections_->Plan(this->donge_officer_, re);
  ASSERT_TRUE(again) << again.error().public_message;
  auto items = this->inspections_->Get(this->donge_officer_, again->id);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->records.size(), 1u);
  EXPECT_EQ(items->records[0].code, "HZ:" + rec->hazard->id);

  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok);
}

TYPED_TEST(CampaignContract, ChecklistVersionsCopiesAndSelfInspectionProgress) {
  this->SeedCampaign();
  auto v1 = this->campaigns_->GetChecklistVersion(this->fire_.id, 1);
  ASSERT_TRUE(v1);
  auto items = v1->items;
  items.pop_back();
  EXPECT_EQ(this->campaigns_->NewChecklistVersion(this->city_officer_, this->fire_.id, 1, "消防安全检查表", items, "")
                .error()
                .code,
            ErrorCode::kForbidden);  // the catalog belongs to the province
  auto copy = this->campaigns_->CopyChecklist(this->city_officer_, this->fire_.id, 0, "", "聊城市消防安全检查表");
  ASSERT_TRUE(copy) << copy.error().public_message;
  EXPECT_EQ(copy->copied_from, this->fire_.id + ":1");
  auto v2 = this->campaigns_->NewChecklistVersion(this->city_officer_, copy->id, 1, "聊城市消防安全检查表", items,
                                                  "删去一项");
  ASSERT_TRUE(v2) << v2.error().public_message;
  EXPECT_EQ(v2->current_version, 2);
  EXPECT_EQ(this->campaigns_->NewChecklistVersion(this->city_officer_, copy->id, 1, "x表", items, "").error().code,
            ErrorCode::kVersionMismatch);
  EXPECT_EQ(this->campaigns_->GetChecklistVersion(copy->id, 1)->items.size(), v1->items.size());
  EXPECT_EQ(this->campaigns_->GetChecklistVersion(copy->id, 0)->items.size(), items.size());

  const Date due = CivilFromDays(DaysFromCivil(this->Today()) + 10);
  EXPECT_EQ(
      this->campaigns_->AssignSelfInspection(this->donge_officer_, this->campaign_.id, copy->id, "", due).error().code,
      ErrorCode::kForbidden);
  auto n = this->campaigns_->AssignSelfInspection(this->city_officer_, this->campaign_.id, copy->id, "", due);
  ASSERT_TRUE(n) << n.error().public_message;
  EXPECT_EQ(*n, 4);
  EXPECT_EQ(*this->campaigns_->AssignSelfInspection(this->city_officer_, this->campaign_.id, copy->id, "", due), 0);
  auto prog = this->campaigns_->SelfInspectionProgress(this->city_officer_, this->campaign_.id, "");
  ASSERT_TRUE(prog);
  ASSERT_EQ(prog->counties.size(), 2u);
  EXPECT_EQ(prog->counties[0].assigned + prog->counties[1].assigned, 4);
  auto reminded = this->campaigns_->Remind(this->donge_officer_, this->campaign_.id, "");
  ASSERT_TRUE(reminded);
  EXPECT_EQ(*reminded, 3);  // Dong'e's three schools, not Guan's
  // The school fills in its own: it sees its self-inspection, inspectors of the county do not act on it.
  app::InspectionQuery q;
  q.self_inspection = true;
  auto mine = this->inspections_->Search(this->guan_school_officer_, q);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->total, 1);
  EXPECT_EQ(this->inspections_->CheckIn(this->guan_officer_, mine->items[0].id, 1, "", "").error().code,
            ErrorCode::kForbidden);
  ASSERT_TRUE(this->inspections_->CheckIn(this->guan_school_officer_, mine->items[0].id, 1, "", ""));
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok);
}

// Level reports (app/level_reports.hpp; queries in sql_store.cpp): the store's report queries, the
// signing key and its non-journaled secret, the checkpoint entry, the slot after a return, and a
// journal that still verifies.
TYPED_TEST(CampaignContract, LevelReportsReturnedCorrectedAcceptedThenVerify) {
  this->SeedCampaign();
  app::LevelReports reports(*this->services_);
  const app::ReportRequest req{this->donge_, this->campaign_.id, this->Today()};
  auto first = reports.Prepare(this->donge_officer_, req);
  ASSERT_TRUE(first) << first.error().public_message;
  EXPECT_EQ(first->state, domain::LevelReportState::kSubmitted);
  EXPECT_EQ(first->supervising_org_id, this->city_);
  EXPECT_EQ(reports.Prepare(this->donge_officer_, req).error().slug, "report_exists");
  EXPECT_EQ(reports.Prepare(this->guan_officer_, req).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reports.Accept(this->donge_officer_, first->id, 1).error().slug, "not_supervising_level");
  auto read = [&](auto f) {
    using T = std::remove_cvref_t<decltype(f(std::declval<domain::ReadView&>()).value())>;
    return domain::ReadValue<T>(*this->store_, f);
  };
  // The key is journaled, the secret is not; the checkpoint names an existing entry.
  auto key = read([&](domain::ReadView& v) { return v.FindSigningKey(this->donge_); });
  ASSERT_TRUE(key && *key);
  EXPECT_EQ(**key, first->public_key);
  auto secret = read([&](domain::ReadView& v) { return v.FindSigningSecret(this->donge_); });
  ASSERT_TRUE(secret && *secret);
  EXPECT_EQ((*secret)->size(), 128u);
  EXPECT_EQ((*secret)->substr(64), first->public_key);
  auto entry = read([&](domain::ReadView& v) { return v.JournalEntryAt(first->checkpoint_seq); });
  ASSERT_TRUE(entry && *entry);
  EXPECT_EQ((*entry)->hash, first->checkpoint_hash);
  EXPECT_FALSE(*read([&](domain::ReadView& v) { return v.JournalEntryAt(1000000); }));
  // Returned, corrected, accepted.
  auto ret = reports.Return(this->city_officer_, first->id, 1, "数字有误");
  ASSERT_TRUE(ret) << ret.error().public_message;
  auto second = reports.Prepare(this->donge_officer_, req);
  ASSERT_TRUE(second) << second.error().public_message;
  EXPECT_EQ(second->supersedes, first->id);
  EXPECT_EQ(second->public_key, first->public_key);  // one key per org
  ASSERT_TRUE(reports.Accept(this->city_officer_, second->id, 1));
  // The queries: by org, by supervising org, by state, live only, paging.
  auto search = [&](domain::LevelReportFilter f) {
    if (f.under_path.empty()) f.under_path = this->city_path_;
    return *read([&](domain::ReadView& v) { return v.SearchLevelReports(f); });
  };
  domain::LevelReportFilter f;
  f.org_id = this->donge_;
  auto all = search(f);
  ASSERT_EQ(all.total, 2);
  EXPECT_EQ(all.items[0].id, second->id);  // newest first
  EXPECT_EQ(all.items[1].state, domain::LevelReportState::kReturned);
  EXPECT_EQ(all.items[1].return_reason, "数字有误");
  f.live_only = true;
  EXPECT_EQ(search(f).total, 1);
  domain::LevelReportFilter to;
  to.supervising_org_id = this->city_;
  to.state = domain::LevelReportState::kAccepted;
  auto acc = search(to);
  ASSERT_EQ(acc.total, 1);
  EXPECT_EQ(acc.items[0].id, second->id);
  EXPECT_EQ(acc.items[0].body, second->body);
  domain::LevelReportFilter other;
  other.under_path = this->guan_path_;
  EXPECT_EQ(search(other).total, 0);
  domain::LevelReportFilter paged;
  paged.page = {2, 1};
  auto p2 = search(paged);
  EXPECT_EQ(p2.total, 2);
  ASSERT_EQ(p2.items.size(), 1u);
  EXPECT_EQ(p2.items[0].id, first->id);
  // Unchanged since the report; the journal and the projections verify.
  auto ch = reports.Changes(*second);
  ASSERT_TRUE(ch) << ch.error().public_message;
  EXPECT_FALSE(ch->changed) << ch->differences.dump();
  auto rep = app::Verify(*this->store_);
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok) << (rep->problems.empty() ? "" : rep->problems[0].message);
}

}  // namespace
}  // namespace anxiao
