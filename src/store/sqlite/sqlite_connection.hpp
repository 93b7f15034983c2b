#pragma once
// SQLite engine: one connection to the database file with WAL journaling, synchronous=FULL (a
// committed transaction survives power loss) and foreign keys on. Prepared statements are cached
// per connection by SQL text.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

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

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  static int OnWalCommit(void* self, sqlite3* db, const char* schema, int pages);
  Result<sqlite3_stmt*> Prepare(std::string_view sql, const std::vector<Value>& params);
  Error SqlError(int rc, std::string_view what) const;

  sqlite3* db_;
  std::shared_ptr<WalCheckpointer> checkpointer_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace anxiao::store::sqlite
