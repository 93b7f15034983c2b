#pragma once
// One database connection, engine-neutral. SqlStore (sql_store.hpp) holds all of Anxiao's SQL and
// runs it through this interface on SQLite (store/sqlite) or PostgreSQL (store/postgres).
//
// SQL text uses `?` placeholders; the PostgreSQL connection rewrites them to $1, $2, … (our SQL
// never has a literal '?' inside quotes). Every value is bound, never spliced into SQL text.
// A Connection is used by one thread at a time.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "domain/projection.hpp"

namespace anxiao::store {

using domain::Value;
using SqlRow = std::vector<Value>;  // column values in SELECT order; INTEGER/BIGINT → int64, text → string

enum class Dialect { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  // Runs one statement; returns the number of rows changed.
  virtual Result<std::int64_t> Exec(std::string_view sql, const std::vector<Value>& params) = 0;
  // Runs one query and calls `fn` for each row, in order, without materialising the result
  // (PostgreSQL: single-row mode). Stops and returns fn's error if fn fails.
  virtual Status QueryEach(std::string_view sql, const std::vector<Value>& params,
                           const std::function<Status(const SqlRow&)>& fn) = 0;

  // Transactions. BeginWrite takes the engine's write lock up front (SQLite: BEGIN IMMEDIATE;
  // PostgreSQL: BEGIN + a transaction-level advisory lock) so that journal appends are serialised
  // across processes and seqs have no gaps.
  virtual Status BeginRead() = 0;
  virtual Status BeginWrite() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Whether Commit waits until the transaction is on disk (the default). Off, it does not, and the
  // caller makes the commit durable before acknowledging it (SQLite: WalSyncer). Outside a
  // transaction only. Engines whose commit is always durable ignore it.
  virtual Status SetDurableCommit(bool /*on*/) { return {}; }

  // Between two writes of a group commit: releases the savepoint `name` (an identifier from our own
  // code, never user input) and sets a new one of that name. PostgreSQL sends both in one round
  // trip.
  virtual Status RenewSavepoint(std::string_view name) {
    TRY_STATUS(Exec("RELEASE SAVEPOINT " + std::string(name), {}));
    TRY_STATUS(Exec("SAVEPOINT " + std::string(name), {}));
    return {};
  }

  // Convenience: all rows.
  Result<std::vector<SqlRow>> Query(std::string_view sql, const std::vector<Value>& params) {
    std::vector<SqlRow> out;
    TRY_STATUS(QueryEach(sql, params, [&](const SqlRow& r) -> Status {
      out.push_back(r);
      return {};
    }));
    return out;
  }
};

// Opens new connections to one database (for the pool).
using ConnectionFactory = std::function<Result<std::unique_ptr<Connection>>()>;

}  // namespace anxiao::store
