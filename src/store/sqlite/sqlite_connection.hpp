#pragma once
// SQLite engine: one connection to the database file with WAL journaling, synchronous=FULL (a
// committed transaction survives power loss) and foreign keys on. Prepared statements are cached
// per connection by SQL text.

#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql/connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace anxiao::store::sqlite {

class SqliteConnection final : public Connection {
 public:
  // Opens (creating if missing) the database at `path`. Errors: kUnavailable.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
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
  Result<sqlite3_stmt*> Prepare(std::string_view sql, const std::vector<Value>& params);
  Error SqlError(int rc, std::string_view what) const;

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace anxiao::store::sqlite
