#pragma once
// SQLite engine: one connection to the database file with WAL journaling, synchronous=FULL (a
// committed transaction survives power loss; the group commit's asynchronous batches commit with
// NORMAL and are synced by a WalSyncer before they are acknowledged) and foreign keys on. Prepared statements are
// cached per connection by SQL text.

#include <sys/types.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "store/sql/connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace anxiao::store::sqlite {

// Checkpoints the WAL of one database file on a thread of its own, so that the writer (the group
// commit's thread, the serial part of the write path) never copies pages into the database file
// and fsyncs it after a commit, as SQLite's automatic checkpoint would (BENCHMARKS.md, "Write
// path, session 6"). Connections opened with it turn the automatic checkpoint off and wake it once
// the WAL holds kPages pages; it runs a PASSIVE checkpoint, which never blocks readers or the
// writer. If it falls far behind (4 × its size), the writer checkpoints itself, as before.
//
// kPages is 8,000 pages (32 MiB of WAL), not SQLite's default 1,000: a checkpoint copies each page
// once however many times the WAL holds it, and the write path rewrites the same hot pages (the
// journal's and counters' last leaves, index interior pages) many times between two checkpoints.
// Measured in pairs: 20 % less server CPU per write (BENCHMARKS.md, "Write path, session 7").
class WalCheckpointer {
 public:
  static constexpr int kPages = 8000;
  explicit WalCheckpointer(std::string path, int pages = kPages);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  void Wake();
  std::int64_t checkpoints() const;                // done so far (tests)
  int pages() const { return pages_; }             // WAL size that wakes the thread
  int inline_pages() const { return 4 * pages_; }  // WAL size at which the writer checkpoints itself

 private:
  void Run();
  std::string path_;
  int pages_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool wanted_ = false, stopping_ = false;
  std::int64_t done_ = 0;
  std::thread thread_;
};

// Makes the group commit's batches durable on a thread of its own (BENCHMARKS.md, "Write path,
// session 7"). The commit thread commits a batch of asynchronous writes with synchronous=NORMAL
// (SQLite writes the WAL frames but does not fsync them) and goes on with the next batch at once;
// this thread fdatasyncs the WAL and only then runs the batch's completions, which acknowledge the
// writes. So nothing is acknowledged before it is on disk, and one fdatasync covers every batch
// committed before it began: batches that commit while one runs share the next.
//
// The WAL file is not removed while the store is open (its connections stay in the pool); if it
// was (the last connection closed checkpoints it into the database file, fsyncs that and removes
// it) or was replaced, the database file is fsynced too, since what was committed is there.
class WalSyncer {
 public:
  explicit WalSyncer(std::string db_path);
  ~WalSyncer();  // completes everything submitted, after a last sync
  WalSyncer(const WalSyncer&) = delete;
  WalSyncer& operator=(const WalSyncer&) = delete;
  // `done` runs on the syncer's thread after an fdatasync that began after this call, with that
  // sync's status (kUnavailable when it failed: the commit may not be on disk).
  void Submit(std::function<void(Status)> done);
  std::int64_t syncs() const;  // done so far (tests)

 private:
  void Run();
  Status Sync();  // on the thread
  std::string db_path_, wal_path_;
  int wal_fd_ = -1;
  dev_t wal_dev_ = 0;
  ino_t wal_ino_ = 0;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::function<void(Status)>> pending_;
  bool stopping_ = false;
  std::int64_t syncs_ = 0;
  std::thread thread_;
};

class SqliteConnection final : public Connection {
 public:
  // Opens (creating if missing) the database at `path`. Errors: kUnavailable. With `checkpointer`,
  // the WAL is checkpointed by it (WalCheckpointer) instead of by the committing connection.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  std::shared_ptr<WalCheckpointer> checkpointer = nullptr);
  ~SqliteConnection() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Status ExecScript(std::string_view sql) override;
  Result<std::int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override;
  Status QueryEach(std::string_view sql, const std::vector<Value>& params,
                   const std::function<Status(const SqlRow&)>& fn) override;
  Status BeginRead() override;
  Status BeginWrite() override;
  Status Commit() override;
  Status Rollback() override;
  // synchronous=FULL (on) or NORMAL (off: commits are not fsynced; see WalSyncer).
  Status SetDurableCommit(bool on) override;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  static int OnWalCommit(void* self, sqlite3* db, const char* schema, int pages);
  Result<sqlite3_stmt*> Prepare(std::string_view sql, const std::vector<Value>& params);
  Error SqlError(int rc, std::string_view what) const;

  sqlite3* db_;
  bool durable_commit_ = true;
  std::shared_ptr<WalCheckpointer> checkpointer_;
  // Looked up by std::string_view without building a std::string (transparent hash and equality).
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
};

}  // namespace anxiao::store::sqlite
