#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <utility>

#include "base/strings.hpp"

namespace anxiao::store::postgres {
namespace {

// SqlStore's statements are a fixed set, but a caller that builds SQL text dynamically must not
// grow the server's prepared-statement memory without bound: past this many, run unnamed.
constexpr std::size_t kMaxPreparedStatements = 1000;

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;

bool IsIdentChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' ||
         u >= 0x80;
}
bool IsTagStart(char c) { return IsIdentChar(c) && c != '$' && !(c >= '0' && c <= '9'); }

// Replaces the value of every `password=` (URL query parameter or key=value form) with ***.
std::string RedactPasswordParams(std::string s) {
  static constexpr std::string_view kKey = "password=";
  std::size_t pos = 0;
  while ((pos = s.find(kKey, pos)) != std::string::npos) {
    std::size_t begin = pos + kKey.size();
    std::size_t end = begin;
    if (end < s.size() && s[end] == '\'') {
      for (++end; end < s.size() && s[end] != '\''; ++end) {
        if (s[end] == '\\') ++end;
      }
      end = std::min(end + 1, s.size());
    } else {
      while (end < s.size() && s[end] != '&' && s[end] != ' ') ++end;
    }
    s.replace(begin, end - begin, "***");
    pos = begin + 3;
  }
  return s;
}

std::string SafeUrl(std::string_view url) { return RedactPasswordParams(RedactUrl(url)); }

// Every form of the password `url` may carry, to scrub from libpq's messages (which quote parts
// of a malformed URL): libpq's decoded value, the raw userinfo password and raw `password=` values.
std::vector<std::string> SecretsOf(const std::string& url) {
  std::vector<std::string> secrets;
  char* err = nullptr;
  if (PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err)) {
    for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
      if (std::strcmp(o->keyword, "password") == 0 && o->val != nullptr) secrets.emplace_back(o->val);
    }
    PQconninfoFree(opts);
  }
  if (err != nullptr) PQfreemem(err);
  if (auto scheme = url.find("://"); scheme != std::string::npos) {
    const std::size_t host = scheme + 3;
    const std::size_t path = std::min(url.find_first_of("/?", host), url.size());
    const std::size_t at = url.rfind('@', path);
    if (at != std::string::npos && at >= host) {
      const std::size_t colon = url.find(':', host);
      if (colon < at) secrets.push_back(url.substr(colon + 1, at - colon - 1));
    }
  }
  static constexpr std::string_view kKey = "password=";
  for (std::size_t pos = url.find(kKey); pos != std::string::npos; pos = url.find(kKey, pos + 1)) {
    std::size_t begin = pos + kKey.size();
    if (begin < url.size() && url[begin] == '\'') ++begin;
    const std::size_t end = std::min(url.find_first_of("&' ", begin), url.size());
    secrets.push_back(url.substr(begin, end - begin));
  }
  return secrets;
}

std::string Scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    std::size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
      text.replace(pos, secret.size(), "***");
      pos += 3;
    }
  }
  return text;
}

std::string TrimMessage(std::string_view m) {
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.remove_suffix(1);
  std::string out(m);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

// The start of a statement for error messages: whitespace collapsed, at most 120 bytes. SQL text
// never holds values (they are bound), so it is safe to log.
std::string SqlExcerpt(std::string_view sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    // Cut only before the first byte of a UTF-8 sequence.
    if (out.size() >= 120 && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      out += "…";
      break;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool IsConnectionSqlState(std::string_view state) {
  return state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03" || state == "53300";
}

// Parameters as libpq wants them: one C string (or null) per placeholder.
struct BoundParams {
  std::vector<std::string> text;  // decimal text of the int64 values
  std::vector<const char*> values;
};

Result<BoundParams> Bind(const std::vector<Value>& params, int expected, std::string_view sql) {
  if (static_cast<int>(params.size()) != expected) {
    return Fail(Internal("postgresql: statement has " + std::to_string(expected) + " placeholders but " +
                         std::to_string(params.size()) + " parameters were given: " + SqlExcerpt(sql)));
  }
  BoundParams b;
  b.text.reserve(params.size());
  for (const Value& v : params) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) b.text.push_back(std::to_string(*i));
  }
  // Pointers are taken only now that `text` no longer grows.
  std::size_t next_int = 0;
  b.values.reserve(params.size());
  for (const Value& v : params) {
    if (std::holds_alternative<std::monostate>(v)) {
      b.values.push_back(nullptr);
    } else if (std::holds_alternative<std::int64_t>(v)) {
      b.values.push_back(b.text[next_int++].c_str());
    } else {
      const auto& s = std::get<std::string>(v);
      // libpq sends text parameters as C strings: an embedded NUL would silently truncate the
      // value (and PostgreSQL text cannot hold NUL anyway).
      if (s.find('\0') != std::string::npos) {
        return Fail(InvalidInput("invalid_text", "text must not contain NUL characters"));
      }
      b.values.push_back(s.c_str());
    }
  }
  return b;
}

enum class ColumnKind { kInt, kBool, kText };

ColumnKind KindOf(Oid type) {
  switch (type) {
    case kInt8Oid:
    case kInt4Oid:
    case kInt2Oid: return ColumnKind::kInt;
    case kBoolOid: return ColumnKind::kBool;
    default: return ColumnKind::kText;
  }
}

Status ConvertRow(const PGresult* res, int row, const std::vector<ColumnKind>& kinds, SqlRow& out) {
  out.resize(kinds.size());
  for (int c = 0; c < static_cast<int>(kinds.size()); ++c) {
    if (PQgetisnull(res, row, c)) {
      out[c] = std::monostate{};
      continue;
    }
    const char* text = PQgetvalue(res, row, c);
    const int len = PQgetlength(res, row, c);
    switch (kinds[c]) {
      case ColumnKind::kInt: {
        std::int64_t v = 0;
        auto [end, ec] = std::from_chars(text, text + len, v);
        if (ec != std::errc() || end != text + len) {
          return Fail(Internal("postgresql: column " + std::to_string(c) + ": bad integer text"));
        }
        out[c] = v;
        break;
      }
      case ColumnKind::kBool: out[c] = std::int64_t{len > 0 && text[0] == 't' ? 1 : 0}; break;
      case ColumnKind::kText: out[c] = std::string(text, static_cast<std::size_t>(len)); break;
    }
  }
  return {};
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

bool Succeeded(const PGresult* r) {
  auto st = PQresultStatus(r);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

}  // namespace

RewrittenSql RewritePlaceholders(std::string_view sql) {
  RewrittenSql out;
  out.sql.reserve(sql.size() + 16);
  const std::size_t n = sql.size();
  std::size_t i = 0;
  // Copies sql[i, end) verbatim.
  auto copy_to = [&](std::size_t end) {
    end = std::min(end, n);
    out.sql.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    const char c = sql[i];
    if (c == '?') {
      out.sql += '$';
      out.sql += std::to_string(++out.param_count);
      ++i;
    } else if (c == '\'') {
      // E'…' strings also escape with backslashes; '' is a quote in every kind of string.
      const bool backslashes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentChar(sql[i - 2]));
      std::size_t j = i + 1;
      while (j < n) {
        if (backslashes && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < n && sql[j + 1] == '\'') {
            j += 2;
          } else {
            ++j;
            break;
          }
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (c == '"') {
      std::size_t j = i + 1;
      while (j < n) {
        if (sql[j] == '"') {
          if (j + 1 < n && sql[j + 1] == '"') {
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        ++j;
      }
      copy_to(j);
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      const std::size_t nl = sql.find('\n', i);
      copy_to(nl == std::string_view::npos ? n : nl + 1);
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      // PostgreSQL block comments nest.
      std::size_t j = i + 2;
      int depth = 1;
      while (j < n && depth > 0) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1]))) {
      // $$ or $tag$ opens a dollar-quoted string that ends at the same delimiter; $1 is not one.
      std::size_t j = i + 1;
      if (j < n && IsTagStart(sql[j])) {
        while (j < n && IsIdentChar(sql[j]) && sql[j] != '$') ++j;
      }
      if (j < n && sql[j] == '$') {
        const std::string_view tag = sql.substr(i, j - i + 1);
        const std::size_t close = sql.find(tag, j + 1);
        copy_to(close == std::string_view::npos ? n : close + tag.size());
      } else {
        out.sql += c;
        ++i;
      }
    } else {
      out.sql += c;
      ++i;
    }
  }
  return out;
}

PgConnection::PgConnection(PGconn* conn, std::string safe_url) : conn_(conn), safe_url_(std::move(safe_url)) {}

PgConnection::~PgConnection() {
  // An open transaction is rolled back by the server when the connection closes.
  PQfinish(conn_);
}

Result<std::unique_ptr<Connection>> PgConnection::Open(const std::string& url) {
  std::string safe = SafeUrl(url);
  // Parameters before the expanded dbname are defaults the URL may override; those after it
  // override the URL.
  const char* const keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding", nullptr};
  const char* const values[] = {"10", "anxiao", url.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Fail(Unavailable("postgresql " + safe + ": out of memory"));
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = TrimMessage(PQerrorMessage(conn));
    PQfinish(conn);
    return Fail(Unavailable(Scrub("postgresql " + safe + ": cannot connect: " + why, SecretsOf(url))));
  }
  // Notices (e.g. "relation already exists, skipping") would go to stderr otherwise.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Connection>(new PgConnection(conn, std::move(safe)));
}

void PgConnection::SyncTxState() {
  if (PQstatus(conn_) == CONNECTION_OK) in_tx_ = PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

void PgConnection::ForgetStatements() {
  statements_.clear();
  unnamed_ = {};
}

Status PgConnection::EnsureConnected() {
  if (PQstatus(conn_) == CONNECTION_OK) return {};
  if (in_tx_) {
    return Fail(Unavailable("postgresql " + safe_url_ + ": connection lost inside a transaction"));
  }
  PQreset(conn_);
  // Prepared statements live in the server session, which is gone.
  ForgetStatements();
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Fail(Unavailable("postgresql " + safe_url_ +
                            ": connection lost and reconnect failed: " + TrimMessage(PQerrorMessage(conn_))));
  }
  return {};
}

Error PgConnection::ResultError(const PGresult* res, std::string_view sql) const {
  const bool lost = PQstatus(conn_) != CONNECTION_OK;
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state != nullptr ? state : "";
  std::string message;
  if (res != nullptr) {
    const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    message = TrimMessage(primary != nullptr ? primary : PQresultErrorMessage(res));
  }
  if (message.empty()) message = TrimMessage(PQerrorMessage(conn_));
  std::string where = sql.empty() ? std::string() : " (in: " + SqlExcerpt(sql) + ")";

  if (sqlstate == "23505") {
    Error e = Conflict("duplicate", "already exists");
    const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    e.internal =
        "postgresql 23505: " + message + (constraint != nullptr ? std::string(" [") + constraint + "]" : "") + where;
    return e;
  }
  if (lost || IsConnectionSqlState(sqlstate)) {
    return Unavailable("postgresql " + safe_url_ + (sqlstate.empty() ? "" : " " + sqlstate) + ": " + message + where);
  }
  return Internal("postgresql" + (sqlstate.empty() ? "" : " " + sqlstate) + ": " + message + where);
}

Result<const PgConnection::Statement*> PgConnection::Prepare(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return &it->second;
  RewrittenSql rewritten = RewritePlaceholders(sql);
  if (statements_.size() >= kMaxPreparedStatements) {
    unnamed_ = Statement{"", std::move(rewritten.sql), rewritten.param_count};
    return &unnamed_;
  }
  Statement st{"anxiao_" + std::to_string(++next_statement_), std::move(rewritten.sql), rewritten.param_count};
  // No parameter types: the server infers each from its context.
  ResultPtr res(PQprepare(conn_, st.name.c_str(), st.sql.c_str(), 0, nullptr));
  if (res == nullptr || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
    Error e = ResultError(res.get(), sql);
    SyncTxState();
    return Fail(std::move(e));
  }
  return &statements_.emplace(std::string(sql), std::move(st)).first->second;
}

Status PgConnection::Simple(const char* sql) {
  ResultPtr res(PQexec(conn_, sql));
  Status s = {};
  if (res == nullptr || !Succeeded(res.get())) s = Fail(ResultError(res.get(), sql));
  SyncTxState();
  return s;
}

Status PgConnection::ExecScript(std::string_view sql) {
  TRY_STATUS(EnsureConnected());
  TRY_STATUS(Simple(std::string(sql).c_str()));
  // The script may have altered tables that prepared statements were planned against (the server
  // would then fail them with "cached plan must not change result type").
  if (!statements_.empty()) {
    TRY_STATUS(Simple("DEALLOCATE ALL"));
    ForgetStatements();
  }
  return {};
}

Status PgConnection::RenewSavepoint(std::string_view name) {
  TRY_STATUS(EnsureConnected());
  const std::string n(name);
  return Simple(("RELEASE SAVEPOINT " + n + "; SAVEPOINT " + n).c_str());  // one query, one round trip
}

Result<std::int64_t> PgConnection::Exec(std::string_view sql, const std::vector<Value>& params) {
  TRY_STATUS(EnsureConnected());
  TRY_ASSIGN(const Statement* st, Prepare(sql));
  TRY_ASSIGN(BoundParams bound, Bind(params, st->param_count, sql));
  const int n = static_cast<int>(bound.values.size());
  ResultPtr res(st->name.empty()
                    ? PQexecParams(conn_, st->sql.c_str(), n, nullptr, bound.values.data(), nullptr, nullptr, 0)
                    : PQexecPrepared(conn_, st->name.c_str(), n, bound.values.data(), nullptr, nullptr, 0));
  if (res == nullptr || !Succeeded(res.get())) {
    Error e = ResultError(res.get(), sql);
    SyncTxState();
    return Fail(std::move(e));
  }
  SyncTxState();
  const char* tuples = PQcmdTuples(res.get());  // "" for commands that report no count
  std::int64_t count = 0;
  std::from_chars(tuples, tuples + std::strlen(tuples), count);
  return count;
}

Status PgConnection::QueryEach(std::string_view sql, const std::vector<Value>& params,
                               const std::function<Status(const SqlRow&)>& fn) {
  TRY_STATUS(EnsureConnected());
  TRY_ASSIGN(const Statement* st, Prepare(sql));
  TRY_ASSIGN(BoundParams bound, Bind(params, st->param_count, sql));
  const int n = static_cast<int>(bound.values.size());
  const bool in_block = PQtransactionStatus(conn_) != PQTRANS_IDLE;
  const int sent = st->name.empty()
                       ? PQsendQueryParams(conn_, st->sql.c_str(), n, nullptr, bound.values.data(), nullptr, nullptr, 0)
                       : PQsendQueryPrepared(conn_, st->name.c_str(), n, bound.values.data(), nullptr, nullptr, 0);
  if (sent == 0) return Fail(ResultError(nullptr, sql));
  // Without single-row mode the whole result would be buffered: a bug, but still correct output.
  const bool single_row = PQsetSingleRowMode(conn_) == 1;

  Status outcome = {};  // the first error wins; later results are only drained
  std::vector<ColumnKind> kinds;
  SqlRow row;
  // Every result must be read before the connection can be used again.
  while (PGresult* raw = PQgetResult(conn_)) {
    ResultPtr res(raw);
    const ExecStatusType status = PQresultStatus(raw);
    if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
      if (!outcome) continue;
      if (kinds.empty()) {
        for (int c = 0; c < PQnfields(raw); ++c) kinds.push_back(KindOf(PQftype(raw, c)));
      }
      for (int r = 0; r < PQntuples(raw) && outcome; ++r) {
        outcome = ConvertRow(raw, r, kinds, row);
        if (outcome) outcome = fn(row);
        if (!outcome && !in_block) {
          // Outside a transaction block a cancel only ends this statement: stop the server
          // producing rows nobody reads. (Inside one it would abort the caller's transaction, so
          // the rest is read and dropped instead.) A cancel that arrives after the query ended
          // is ignored by the server.
          if (PGcancel* cancel = PQgetCancel(conn_)) {
            char err[256];
            PQcancel(cancel, err, sizeof err);
            PQfreeCancel(cancel);
          }
        }
      }
    } else if (status != PGRES_COMMAND_OK && outcome) {
      outcome = Fail(ResultError(raw, sql));
    }
  }
  SyncTxState();
  if (outcome && !single_row) return Fail(Internal("postgresql: single-row mode refused: " + SqlExcerpt(sql)));
  return outcome;
}

Status PgConnection::Begin(const char* sql) {
  if (in_tx_) {
    if (PQstatus(conn_) == CONNECTION_OK) {
      return Fail(Internal("postgresql: BEGIN while a transaction is already open"));
    }
    // The caller did not roll back a transaction lost with its connection; it is gone either way,
    // and a new BEGIN cannot be mistaken for a statement of it.
    in_tx_ = false;
  }
  TRY_STATUS(EnsureConnected());
  Status s = Simple(sql);
  if (!s && PQstatus(conn_) != CONNECTION_OK) {
    // A pooled connection whose server went away (restart, idle timeout) only notices on use.
    // Nothing has happened in this transaction yet, so reconnecting and repeating BEGIN is safe.
    in_tx_ = false;
    TRY_STATUS(EnsureConnected());
    s = Simple(sql);
  }
  return s;
}

Status PgConnection::BeginRead() { return Begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }

Status PgConnection::BeginWrite() {
  // READ COMMITTED, explicitly: each statement's snapshot is taken after the lock is granted, so
  // the writer sees every earlier writer's commit (under REPEATABLE READ the snapshot would date
  // from the lock statement itself, before the previous writer committed).
  TRY_STATUS(Begin("BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE"));
  const std::string lock = "SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")";
  Status s = Simple(lock.c_str());
  if (!s) {
    (void)Rollback();
    return s;
  }
  return {};
}

Status PgConnection::Commit() {
  if (!in_tx_) return Fail(Internal("postgresql: COMMIT without a transaction"));
  ResultPtr res(PQexec(conn_, "COMMIT"));
  // Whatever happened, the transaction is over: committed, rolled back, or lost with the
  // connection.
  in_tx_ = false;
  if (res == nullptr || !Succeeded(res.get())) {
    Error e = ResultError(res.get(), "COMMIT");
    if (e.code == ErrorCode::kUnavailable) e.internal += " (the commit may or may not have happened)";
    return Fail(std::move(e));
  }
  // COMMIT of a transaction in which a statement failed succeeds as a ROLLBACK.
  if (std::strcmp(PQcmdStatus(res.get()), "ROLLBACK") == 0) {
    return Fail(Internal("postgresql: COMMIT rolled back a transaction in which a statement had failed"));
  }
  return {};
}

Status PgConnection::Rollback() {
  if (!in_tx_) return {};
  if (PQstatus(conn_) != CONNECTION_OK) {
    // The server rolls back a transaction whose connection is gone; the next call reconnects.
    in_tx_ = false;
    return {};
  }
  Status s = Simple("ROLLBACK");
  in_tx_ = false;
  return s;
}

}  // namespace anxiao::store::postgres
