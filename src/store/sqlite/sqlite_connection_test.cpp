#include "store/sqlite/sqlite_connection.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>

namespace anxiao::store::sqlite {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "anxiao-sqlite-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

std::int64_t Count(Connection& c) {
  std::int64_t n = -1;
  EXPECT_TRUE(c.QueryEach("SELECT count(*) FROM t", {}, [&](const SqlRow& r) -> Status {
    n = std::get<std::int64_t>(r[0]);
    return {};
  }));
  return n;
}

// Opens `db` (with the checkpointer, if one is given) and creates the table t the tests fill;
// `extra` runs after that (e.g. a PRAGMA). Null, with the failure reported, if either fails.
std::unique_ptr<Connection> OpenWithTable(const std::string& db, std::shared_ptr<WalCheckpointer> ckpt = nullptr,
                                          const std::string& extra = "") {
  auto c = SqliteConnection::Open(db, std::move(ckpt));
  if (!c) {
    ADD_FAILURE() << "open " << db << ": " << c.error().internal;
    return nullptr;
  }
  auto st = (*c)->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL); " + extra);
  if (!st) {
    ADD_FAILURE() << "create table t: " << st.error().internal;
    return nullptr;
  }
  return std::move(*c);
}

// Commits `n` transactions of about five pages each.
void Fill(Connection& c, int from, int n) {
  const std::string blob(20000, 'x');
  for (int i = from; i < from + n; ++i) {
    ASSERT_TRUE(c.BeginWrite());
    ASSERT_TRUE(c.Exec("INSERT INTO t (id, body) VALUES (?, ?)", {std::int64_t{i}, blob}));
    ASSERT_TRUE(c.Commit());
  }
}

// The WAL is checkpointed by the checkpointer's thread, not by the committing connection, and
// stays bounded under a steady stream of commits; every committed row is there after reopening.
TEST(WalCheckpointer, CheckpointsOffTheWriterAndKeepsTheWalBounded) {
  TempDir dir;
  const std::string db = (dir.path / "t.db").string();
  const std::string wal = db + "-wal";
  auto ckpt = std::make_shared<WalCheckpointer>(db, 1000);  // SQLite's default size
  {
    auto c = OpenWithTable(db, ckpt);
    ASSERT_TRUE(c);
    // About 5 pages per commit: 400 commits are 2,000 pages, twice the checkpoint size.
    Fill(*c, 0, 400);
    // The checkpointer was woken; wait for it (no timing asserted, only that it happens).
    for (int i = 0; i < 3000 && ckpt->checkpoints() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_GE(ckpt->checkpoints(), 1);
    std::uintmax_t largest = 0;
    for (int round = 0; round < 10; ++round) {
      Fill(*c, 400 + round * 400, 400);
      largest = std::max(largest, fs::file_size(wal));
    }
    // Without checkpoints the WAL would hold all 4,400 commits (~90 MB). The WAL restarts from its
    // beginning after a complete checkpoint; the inline fallback caps it at inline_pages().
    EXPECT_LT(largest, std::uintmax_t(ckpt->inline_pages() + 2000) * 4096);
    EXPECT_EQ(Count(*c), 4400);
  }
  ckpt.reset();
  auto again = SqliteConnection::Open(db);
  ASSERT_TRUE(again);
  EXPECT_EQ(Count(**again), 4400);
}

// Without a checkpointer the connection keeps SQLite's automatic checkpoint.
TEST(WalCheckpointer, ConnectionsWithoutOneCheckpointThemselves) {
  TempDir dir;
  const std::string db = (dir.path / "t.db").string();
  auto c = OpenWithTable(db);
  ASSERT_TRUE(c);
  Fill(*c, 0, 800);
  EXPECT_LT(fs::file_size(db + "-wal"), std::uintmax_t{3000} * 4096);
  EXPECT_EQ(Count(*c), 800);
}

// WalSyncer: every completion runs once, after a sync that began after it was submitted, with that
// sync's status; what is pending when it is destroyed is completed first; without a WAL file the
// database file is synced; a missing database file is an error, not a silent success.
TEST(WalSyncer, CompletesEverySubmissionAfterASync) {
  TempDir dir;
  const std::string db = (dir.path / "t.db").string();
  auto c = OpenWithTable(db);
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->SetDurableCommit(false));
  Fill(*c, 0, 10);
  std::atomic<int> ok{0}, failed{0}, before_any_sync{0};
  {
    WalSyncer syncer(db);
    for (int i = 0; i < 200; ++i)
      syncer.Submit([&](Status st) {
        (st ? ok : failed)++;
        if (syncer.syncs() == 0) ++before_any_sync;
      });
  }  // destroyed with submissions pending: all are completed
  EXPECT_EQ(ok.load(), 200);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(before_any_sync.load(), 0);
  ASSERT_TRUE(c->SetDurableCommit(true));
  EXPECT_EQ(Count(*c), 10);
}

TEST(WalSyncer, SyncsTheDatabaseFileWithoutAWalAndFailsWithoutEither) {
  TempDir dir;
  const std::string db = (dir.path / "t.db").string();
  {
    auto c = SqliteConnection::Open(db);
    ASSERT_TRUE(c);
    ASSERT_TRUE((*c)->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
  }  // the last connection closed: the WAL was checkpointed and removed
  ASSERT_FALSE(fs::exists(db + "-wal"));
  std::promise<Status> synced, missing;
  WalSyncer a(db), b((dir.path / "nothing.db").string());
  a.Submit([&](Status st) { synced.set_value(st); });
  b.Submit([&](Status st) { missing.set_value(st); });
  EXPECT_TRUE(synced.get_future().get());
  auto st = missing.get_future().get();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
}

// The WAL buffer VFS (wal_buffer_vfs.hpp): a commit's frames reach the file in one write, before
// the commit is visible, so another connection (here on SQLite's default VFS) reads every commit
// at once, also across WAL restarts, and everything is there after reopening. The count of write
// system calls (/proc/self/io) shows the coalescing: a commit of 5 pages is 10 frame writes on the
// default VFS and one here.
std::int64_t WriteCalls() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::int64_t v = -1;
  while (io >> key >> v)
    if (key == "syscw:") return v;
  return -1;
}

TEST(WalBufferVfs, CommitsAreInTheFileBeforeTheyAreVisible) {
  TempDir dir;
  const std::string db = (dir.path / "t.db").string();
  auto c = OpenWithTable(db);
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->SetDurableCommit(false));  // as the group commit's deferred batches run
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db.c_str(), &reader, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  auto visible = [&] {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(reader, "SELECT count(*) FROM t", -1, &st, nullptr);
    std::int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
  };
  // First without checkpoints (they write the database file page by page): count the writes.
  ASSERT_TRUE(c->ExecScript("PRAGMA wal_autocheckpoint=0"));
  const std::int64_t before = WriteCalls();
  for (int i = 0; i < 200; ++i) {
    Fill(*c, i, 1);
    ASSERT_EQ(visible(), i + 1);
  }
  const std::int64_t calls = WriteCalls() - before;
  if (before >= 0) {
    EXPECT_LE(calls, 200 + 10) << "a commit of ~5 pages should take one write";
  }
  // Then with the reader restarting the WAL now and then: the next frames go to its beginning.
  for (int i = 200; i < 500; ++i) {
    Fill(*c, i, 1);
    ASSERT_EQ(visible(), i + 1);
    if (i % 100 == 50) {
      ASSERT_EQ(sqlite3_wal_checkpoint_v2(reader, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr), SQLITE_OK);
    }
  }
  // One commit of ~2 MB: its frames go out in several pieces (the default VFS writes at most
  // 128 KiB at a time), all before the commit is visible.
  const std::string blob(20000, 'y');
  ASSERT_TRUE(c->BeginWrite());
  for (int i = 500; i < 600; ++i)
    ASSERT_TRUE(c->Exec("INSERT INTO t (id, body) VALUES (?, ?)", {std::int64_t{i}, blob}));
  ASSERT_TRUE(c->Commit());
  ASSERT_EQ(visible(), 600);
  sqlite3_close(reader);
  ASSERT_TRUE(c->SetDurableCommit(true));
  c.reset();
  auto again = SqliteConnection::Open(db);
  ASSERT_TRUE(again);
  EXPECT_EQ(Count(**again), 600);
  auto check = (*again)->Query("PRAGMA integrity_check", {});
  ASSERT_TRUE(check);
  EXPECT_EQ(std::get<std::string>((*check)[0][0]), "ok");
}

// A transaction larger than the page cache writes pages to the WAL before its commit and, when it
// changes them again, SQLite rewrites those frames in place and then all frame headers from there
// on with new checksums, the commit frame's last. The files as a power cut would leave them right
// after the commit (copied while the connection is open; SQLite's recovery checks every frame's
// checksum) hold the whole transaction.
TEST(WalBufferVfs, ACommitThatRewritesFramesIsWholeInTheFile) {
  TempDir dir;
  const std::string db = (dir.path / "t.db").string();
  auto c = OpenWithTable(db, nullptr, "PRAGMA cache_size=8");
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->SetDurableCommit(false));
  ASSERT_TRUE(c->BeginWrite());
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(c->Exec("INSERT INTO t (id, body) VALUES (?, ?)", {std::int64_t{i}, std::string(3000, 'a')}));
  }
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(c->Exec("UPDATE t SET body = ? WHERE id = ?", {std::string(3000, 'b'), std::int64_t{i}}));
  }
  ASSERT_TRUE(c->Commit());
  fs::create_directories(dir.path / "copy");
  fs::copy_file(db, dir.path / "copy" / "t.db");
  fs::copy_file(db + "-wal", dir.path / "copy" / "t.db-wal");
  sqlite3* copy = nullptr;
  ASSERT_EQ(sqlite3_open_v2((dir.path / "copy" / "t.db").c_str(), &copy, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(copy, "SELECT count(*), sum(body = ?1) FROM t", -1, &st, nullptr), SQLITE_OK);
  const std::string b(3000, 'b');
  sqlite3_bind_text(st, 1, b.data(), static_cast<int>(b.size()), SQLITE_STATIC);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(st, 0), 200);
  EXPECT_EQ(sqlite3_column_int64(st, 1), 200);
  sqlite3_finalize(st);
  sqlite3_close(copy);
}

}  // namespace
}  // namespace anxiao::store::sqlite
