#pragma once
// PgConnection: the store::Connection interface over one libpq connection (PostgreSQL 15).
//
// SQL and parameters. `?` placeholders are rewritten to $1, $2, … (see RewritePlaceholders) and
// every statement that takes parameters is prepared once per connection (PQprepare) and then run
// with PQexecPrepared / PQsendQueryPrepared, because SqlStore repeats the same few statements.
// Parameters go as text with no declared type, so the server infers each type from its context
// (the column compared with or assigned to); where there is no context (`SELECT ?`, `? IS NULL`)
// write `CAST(? AS BIGINT)` / `CAST(? AS TEXT)`, which SQLite accepts too. monostate binds NULL,
// int64 its decimal text, string its UTF-8 bytes (which must not contain NUL).
//
// Results. int2/int4/int8 columns become int64, bool becomes int64 0/1, NULL becomes monostate and
// every other type (text, numeric, timestamps, …) its text form as a string. So aggregate
// results like sum(bigint) (numeric) come back as strings: cast them to BIGINT in the SQL.
//
// Transactions. BeginRead starts REPEATABLE READ READ ONLY; BeginWrite starts READ COMMITTED and
// takes the transaction-level advisory lock kWriteLockKey, so writers in all processes run one at a
// time and each sees everything committed before it got the lock. Commit fails (kInternal) if the
// server rolled the transaction back instead (an earlier statement in it failed).
//
// Errors. SQLSTATE 23505 (unique violation) → kConflict "duplicate"; connection failures (class
// 08, admin shutdown, too many connections, a lost socket) → kUnavailable; anything else →
// kInternal whose internal message has the SQLSTATE, the server's message and the start of the
// SQL text (never parameter values or passwords). A broken connection is reset once (PQreset) at
// the start of the next call, but never inside a transaction: a transaction is lost with its
// connection, so calls fail with kUnavailable until Rollback.
//
// Thread-safety: none. One thread at a time, as store::Connection says.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sql/connection.hpp"

struct pg_conn;
struct pg_result;

namespace anxiao::store::postgres {

// Key of the advisory lock held by write transactions (pg_advisory_xact_lock).
inline constexpr std::int64_t kWriteLockKey = 7346110;

// The result of rewriting `?` placeholders.
struct RewrittenSql {
  std::string sql;  // with $1, $2, …
  int param_count = 0;
};
// Replaces each `?` with $1, $2, … in order. A `?` inside a string literal ('…', E'…'), a quoted
// identifier ("…"), a dollar-quoted body ($$…$$, $tag$…$tag$) or a comment (-- …, /* … */) is
// left alone. Note that PostgreSQL's jsonb operators ?, ?| and ?& cannot be written outside
// those: use jsonb_exists() and friends.
RewrittenSql RewritePlaceholders(std::string_view sql);

class PgConnection final : public Connection {
 public:
  // Connects to `url` (a postgresql:// URL or a libpq key=value string) with client_encoding
  // UTF8 and a 10 s connect timeout unless the URL sets one. Fails with kUnavailable; the message
  // names the URL with its password redacted.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url);

  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  // Runs a multi-statement script in one simple-protocol call; outside a transaction the server
  // runs it atomically. Forgets the prepared statements afterwards, since a script may change
  // the tables they were planned against.
  Status ExecScript(std::string_view sql) override;
  Status RenewSavepoint(std::string_view name) override;
  Result<std::int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override;
  // Streams rows in single-row mode. If `fn` fails, the rest of the result is discarded: outside
  // a transaction by cancelling the query, inside one by reading and dropping the remaining rows
  // (a cancel would abort the caller's transaction).
  Status QueryEach(std::string_view sql, const std::vector<Value>& params,
                   const std::function<Status(const SqlRow&)>& fn) override;
  Status BeginRead() override;
  Status BeginWrite() override;
  Status Commit() override;
  Status Rollback() override;

 private:
  struct Statement {
    std::string name;  // server-side prepared statement name; empty: run unnamed (cache full)
    std::string sql;   // rewritten SQL
    int param_count = 0;
  };

  PgConnection(pg_conn* conn, std::string safe_url);

  // Resets a broken connection once if no transaction is open.
  Status EnsureConnected();
  // Returns the prepared statement for `sql`, preparing it on first use.
  Result<const Statement*> Prepare(std::string_view sql);
  // Runs `sql` (no parameters) and checks that it succeeded.
  Status Simple(const char* sql);
  Status Begin(const char* sql);
  // Updates in_tx_ from the server's last ReadyForQuery, if the connection is good.
  void SyncTxState();
  // Turns a failed result (or a null one: out of memory / connection lost) into an Error.
  Error ResultError(const pg_result* res, std::string_view sql) const;
  void ForgetStatements();

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  pg_conn* conn_;
  std::string safe_url_;  // redacted, for messages
  // Whether a transaction block is open, as of the last call that reached the server (libpq
  // cannot say once the connection is broken).
  bool in_tx_ = false;
  // Keyed by the SQL text as the caller wrote it (with `?`).
  std::unordered_map<std::string, Statement, StringHash, std::equal_to<>> statements_;
  Statement unnamed_;  // the statement of the current call when the cache is full
  std::uint64_t next_statement_ = 0;
};

}  // namespace anxiao::store::postgres
