#include "store/sqlite/sqlite_connection.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include "store/sqlite/wal_buffer_vfs.hpp"

namespace anxiao::store::sqlite {

WalCheckpointer::WalCheckpointer(std::string path, int pages)
    : path_(std::move(path)), pages_(pages), thread_([this] { Run(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard g(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void WalCheckpointer::Wake() {
  {
    std::lock_guard g(mu_);
    wanted_ = true;
  }
  cv_.notify_one();
}

std::int64_t WalCheckpointer::checkpoints() const {
  std::lock_guard g(mu_);
  return done_;
}

void WalCheckpointer::Run() {
  sqlite3* db = nullptr;  // opened on first use: the file may not exist before the store migrates
  std::unique_lock lk(mu_);
  for (;;) {
    cv_.wait(lk, [&] { return wanted_ || stopping_; });
    if (stopping_) break;
    wanted_ = false;
    lk.unlock();
    if (!db) {
      if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 1000);
        // synchronous=FULL here too: the database file is fsynced before the WAL may be reused.
        sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
      } else {
        sqlite3_close(db);
        db = nullptr;
      }
    }
    if (db) {
      // PASSIVE: copies what no reader still needs, without waiting for anyone. A failure (e.g.
      // SQLITE_BUSY while another checkpoint runs) only leaves the WAL longer until the next one.
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
    lk.lock();
    ++done_;
  }
  lk.unlock();
  sqlite3_close(db);
}

WalSyncer::WalSyncer(std::string db_path)
    : db_path_(std::move(db_path)), wal_path_(db_path_ + "-wal"), thread_([this] { Run(); }) {}

WalSyncer::~WalSyncer() {
  {
    std::lock_guard g(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
  if (wal_fd_ >= 0) ::close(wal_fd_);
}

void WalSyncer::Submit(std::function<void(Status)> done) {
  {
    std::lock_guard g(mu_);
    pending_.push_back(std::move(done));
  }
  cv_.notify_one();
}

std::int64_t WalSyncer::syncs() const {
  std::lock_guard g(mu_);
  return syncs_;
}

void WalSyncer::Run() {
  std::vector<std::function<void(Status)>> batch;
  std::unique_lock lk(mu_);
  for (;;) {
    cv_.wait(lk, [&] { return !pending_.empty() || stopping_; });
    if (pending_.empty()) break;  // stopping, and everything completed
    batch.swap(pending_);
    lk.unlock();
    const Status st = Sync();
    lk.lock();
    ++syncs_;
    lk.unlock();
    for (auto& done : batch) {
      try {
        done(st);
      } catch (...) {  // a completion must not take the syncer down with it
      }
    }
    batch.clear();
    lk.lock();
  }
}

namespace {
Status FsyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return Fail(Unavailable("cannot open " + path + " to sync it: " + std::strerror(errno)));
  const int rc = ::fdatasync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return Fail(Unavailable("fdatasync of " + path + " failed: " + std::strerror(err)));
  return {};
}
}  // namespace

Status WalSyncer::Sync() {
  struct stat now {};
  if (::stat(wal_path_.c_str(), &now) != 0) {
    if (errno != ENOENT) return Fail(Unavailable("cannot stat " + wal_path_ + ": " + std::strerror(errno)));
    return FsyncFile(db_path_);  // checkpointed into the database file and removed
  }
  if (wal_fd_ < 0 || now.st_dev != wal_dev_ || now.st_ino != wal_ino_) {
    const bool replaced = wal_fd_ >= 0;
    if (wal_fd_ >= 0) ::close(wal_fd_);
    wal_fd_ = ::open(wal_path_.c_str(), O_RDWR | O_CLOEXEC);
    if (wal_fd_ < 0) return Fail(Unavailable("cannot open " + wal_path_ + ": " + std::strerror(errno)));
    struct stat opened {};
    if (::fstat(wal_fd_, &opened) != 0) return Fail(Unavailable("cannot stat " + wal_path_));
    wal_dev_ = opened.st_dev;
    wal_ino_ = opened.st_ino;
    if (replaced) TRY_STATUS(FsyncFile(db_path_));
  }
  if (::fdatasync(wal_fd_) != 0)
    return Fail(Unavailable("fdatasync of " + wal_path_ + " failed: " + std::strerror(errno)));
  return {};
}

int SqliteConnection::OnWalCommit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* c = static_cast<SqliteConnection*>(self);
  if (pages >= c->checkpointer_->inline_pages()) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (pages >= c->checkpointer_->pages()) {
    c->checkpointer_->Wake();
  }
  return SQLITE_OK;
}

namespace {

// Process-wide settings, before SQLite initializes itself (sqlite3_config refuses them afterwards;
// then the defaults stay, which is only slower). MEMSTATUS off: SQLite otherwise counts every
// allocation and free under one global mutex, shared by the commit thread and all reader threads
// (its lock and unlock were 6 % of the commit thread in the write benchmark, BENCHMARKS.md); nothing
// here reads sqlite3_memory_used or sets a soft heap limit, which are what the counting serves.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Result<std::unique_ptr<Connection>> SqliteConnection::Open(const std::string& path,
                                                           std::shared_ptr<WalCheckpointer> checkpointer) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  // WalBufferVfs: the WAL frames of a commit go out in 64 KiB writes (wal_buffer_vfs.hpp).
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           WalBufferVfs());
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(Unavailable("cannot open SQLite database " + path + ": " + msg));
  }
  sqlite3_busy_timeout(db, 30000);
  std::unique_ptr<SqliteConnection> c(new SqliteConnection(db));
  // WAL: readers never block the writer; synchronous=FULL: every commit is fsynced before it is
  // acknowledged (the durability promise of the product).
  // temp_store=MEMORY: the statement journal of each group-commit savepoint stays in memory instead
  // of spilling to a temporary file (a pwrite per statement on the commit thread); it only serves
  // ROLLBACK TO SAVEPOINT inside the open transaction, never crash recovery, which is the WAL's.
  // cache_size: 16 MiB (default 2 MiB), so that a batch's dirty pages are not spilled into the WAL
  // before its commit.
  TRY_STATUS(c->ExecScript(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
      "PRAGMA cache_size=-16384;"));
  if (checkpointer) {
    // Replaces the automatic checkpoint (sqlite3_wal_hook is also what wal_autocheckpoint sets).
    c->checkpointer_ = std::move(checkpointer);
    sqlite3_wal_hook(db, &SqliteConnection::OnWalCommit, c.get());
  }
  return std::unique_ptr<Connection>(std::move(c));
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, st] : cache_) sqlite3_finalize(st);
  sqlite3_close(db_);
}

Error SqliteConnection::SqlError(int rc, std::string_view what) const {
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    int ext = sqlite3_extended_errcode(db_);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
      return Error(ErrorCode::kConflict, "duplicate", "a record with this key already exists", msg);
    return Error(ErrorCode::kConflict, "constraint", "the change violates a data constraint", msg);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR || primary == SQLITE_FULL ||
      primary == SQLITE_CANTOPEN)
    return Unavailable(msg);
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Corrupt(msg);
  return Internal(msg);
}

Status SqliteConnection::ExecScript(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Fail(SqlError(rc, "SQL script failed (" + msg + ")"));
  }
  return {};
}

// Every statement of the write path passes here: the cache is looked up by the SQL text as given
// (no copy), and bindings are not cleared first, since every parameter is bound again below.
Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql, const std::vector<Value>& params) {
  sqlite3_stmt* st = nullptr;
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    st = it->second;
    sqlite3_reset(st);
  } else {
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr);
    if (rc != SQLITE_OK) return Fail(SqlError(rc, "prepare failed"));
    cache_.emplace(std::string(sql), st);
  }
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(st))
    return Fail(Internal("parameter count mismatch for: " + std::string(sql)));
  for (std::size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    int rc;
    if (auto* n = std::get_if<std::int64_t>(&params[i]))
      rc = sqlite3_bind_int64(st, idx, *n);
    else if (auto* s = std::get_if<std::string>(&params[i]))
      rc = sqlite3_bind_text(st, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    else
      rc = sqlite3_bind_null(st, idx);
    if (rc != SQLITE_OK) return Fail(SqlError(rc, "bind failed"));
  }
  return st;
}

Result<std::int64_t> SqliteConnection::Exec(std::string_view sql, const std::vector<Value>& params) {
  TRY_ASSIGN(sqlite3_stmt * st, Prepare(sql, params));
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    auto err = SqlError(rc, "statement failed");
    sqlite3_reset(st);
    return Fail(err);
  }
  sqlite3_reset(st);
  return static_cast<std::int64_t>(sqlite3_changes(db_));
}

Status SqliteConnection::QueryEach(std::string_view sql, const std::vector<Value>& params,
                                   const std::function<Status(const SqlRow&)>& fn) {
  TRY_ASSIGN(sqlite3_stmt * st, Prepare(sql, params));
  const int ncols = sqlite3_column_count(st);
  SqlRow row(static_cast<std::size_t>(ncols));
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (int i = 0; i < ncols; ++i) {
      switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER: row[i] = static_cast<std::int64_t>(sqlite3_column_int64(st, i)); break;
        case SQLITE_NULL: row[i] = std::monostate{}; break;
        default: {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
          row[i] = std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st, i)));
        }
      }
    }
    auto r = fn(row);
    if (!r) {
      sqlite3_reset(st);
      return r;
    }
  }
  if (rc != SQLITE_DONE) {
    auto err = SqlError(rc, "query failed");
    sqlite3_reset(st);
    return Fail(err);
  }
  sqlite3_reset(st);
  return {};
}

// Transaction statements go through the prepared-statement cache: sqlite3_exec would parse them
// again on every request (measured: 14 % of a simple API read).
Status SqliteConnection::BeginRead() {
  return Exec("BEGIN DEFERRED", {}).map([](std::int64_t) {});
}
Status SqliteConnection::BeginWrite() {
  return Exec("BEGIN IMMEDIATE", {}).map([](std::int64_t) {});
}
Status SqliteConnection::Commit() {
  return Exec("COMMIT", {}).map([](std::int64_t) {});
}
// Outside a transaction only: SQLite refuses to change the safety level inside one.
Status SqliteConnection::SetDurableCommit(bool on) {
  if (on == durable_commit_) return {};
  TRY_STATUS(Exec(on ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", {}).map([](std::int64_t) {}));
  durable_commit_ = on;
  return {};
}

Status SqliteConnection::Rollback() {
  if (sqlite3_get_autocommit(db_)) return {};
  return Exec("ROLLBACK", {}).map([](std::int64_t) {});
}

}  // namespace anxiao::store::sqlite
