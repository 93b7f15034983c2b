#include "store/postgres/pg_connection.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace anxiao::store::postgres {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// ---- Placeholder rewriting (no database needed) ----

TEST(RewritePlaceholders, NumbersPlaceholdersInOrder) {
  auto r = RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c > ? LIMIT ?");
  EXPECT_EQ(r.sql, "SELECT a FROM t WHERE b = $1 AND c > $2 LIMIT $3");
  EXPECT_EQ(r.param_count, 3);
}

TEST(RewritePlaceholders, NumbersPastNine) {
  auto r = RewritePlaceholders("VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  EXPECT_EQ(r.sql, "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)");
  EXPECT_EQ(r.param_count, 12);
}

TEST(RewritePlaceholders, NoPlaceholders) {
  auto r = RewritePlaceholders("SELECT 1");
  EXPECT_EQ(r.sql, "SELECT 1");
  EXPECT_EQ(r.param_count, 0);
}

TEST(RewritePlaceholders, IgnoresStringLiterals) {
  auto r = RewritePlaceholders("SELECT 'a?b', 'it''s ?', ? FROM t");
  EXPECT_EQ(r.sql, "SELECT 'a?b', 'it''s ?', $1 FROM t");
  EXPECT_EQ(r.param_count, 1);
}

TEST(RewritePlaceholders, IgnoresBackslashEscapesOnlyInEStrings) {
  auto r = RewritePlaceholders(R"(SELECT E'x\'?', ?, 'y\', ?)");
  EXPECT_EQ(r.sql, R"(SELECT E'x\'?', $1, 'y\', $2)");
  EXPECT_EQ(r.param_count, 2);
}

// SqlStore's search filters look like this: '\' is one backslash in a standard string.
TEST(RewritePlaceholders, BackslashEndsAStandardString) {
  auto r = RewritePlaceholders(R"(name LIKE ? ESCAPE '\' OR code LIKE ? ESCAPE'\')");
  EXPECT_EQ(r.sql, R"(name LIKE $1 ESCAPE '\' OR code LIKE $2 ESCAPE'\')");
  EXPECT_EQ(r.param_count, 2);
}

TEST(RewritePlaceholders, IgnoresQuotedIdentifiers) {
  auto r = RewritePlaceholders(R"(SELECT "wh?y", "a""?" FROM t WHERE x = ?)");
  EXPECT_EQ(r.sql, R"(SELECT "wh?y", "a""?" FROM t WHERE x = $1)");
}

TEST(RewritePlaceholders, IgnoresComments) {
  auto r = RewritePlaceholders("SELECT ? -- why?\n, /* what? /* nested? */ still? */ ?");
  EXPECT_EQ(r.sql, "SELECT $1 -- why?\n, /* what? /* nested? */ still? */ $2");
  EXPECT_EQ(r.param_count, 2);
}

TEST(RewritePlaceholders, IgnoresDollarQuotedBodies) {
  auto r = RewritePlaceholders("SELECT $$a?$$, $fn$ b? $$ c? $fn$, ?");
  EXPECT_EQ(r.sql, "SELECT $$a?$$, $fn$ b? $$ c? $fn$, $1");
  EXPECT_EQ(r.param_count, 1);
}

TEST(RewritePlaceholders, DollarNumberAndIdentifierDollarAreNotQuotes) {
  auto r = RewritePlaceholders("SELECT $1, a$b, ? FROM t");
  EXPECT_EQ(r.sql, "SELECT $1, a$b, $1 FROM t");
  EXPECT_EQ(r.param_count, 1);
}

TEST(RewritePlaceholders, UnterminatedQuoteRunsToEnd) {
  auto r = RewritePlaceholders("SELECT ?, 'oops ?");
  EXPECT_EQ(r.sql, "SELECT $1, 'oops ?");
  EXPECT_EQ(r.param_count, 1);
  EXPECT_EQ(RewritePlaceholders("SELECT $$ ?").param_count, 0);
  EXPECT_EQ(RewritePlaceholders("/* ?").param_count, 0);
}

TEST(RewritePlaceholders, KeepsUtf8) {
  auto r = RewritePlaceholders("SELECT '东阿?' WHERE name = ?");
  EXPECT_EQ(r.sql, "SELECT '东阿?' WHERE name = $1");
}

// ---- Opening (no server needed) ----

void ExpectUnavailableWithoutSecret(const std::string& url) {
  auto c = PgConnection::Open(url);
  ASSERT_FALSE(c) << url;
  EXPECT_EQ(c.error().code, ErrorCode::kUnavailable) << url;
  EXPECT_EQ(c.error().internal.find("s3cretpw"), std::string::npos) << c.error().internal;
  EXPECT_EQ(c.error().public_message.find("s3cretpw"), std::string::npos);
  EXPECT_FALSE(c.error().internal.empty());
}

// Port 1 on loopback refuses connections.
TEST(PgConnectionOpen, RefusedConnectionIsUnavailableAndHidesUrlPassword) {
  ExpectUnavailableWithoutSecret("postgresql://anxiao:s3cretpw@127.0.0.1:1/anxiao");
}

TEST(PgConnectionOpen, HidesQueryParameterPassword) {
  ExpectUnavailableWithoutSecret("postgresql://anxiao@127.0.0.1:1/anxiao?password=s3cretpw&sslmode=disable");
}

TEST(PgConnectionOpen, HidesKeywordPassword) {
  ExpectUnavailableWithoutSecret("host=127.0.0.1 port=1 user=anxiao password=s3cretpw dbname=anxiao");
}

TEST(PgConnectionOpen, MalformedUrlIsUnavailableAndHidesPassword) {
  ExpectUnavailableWithoutSecret("postgresql://anxiao:s3cretpw@127.0.0.1:1/anxiao?bogus_option=1");
  // libpq quotes a bad percent-escape verbatim in its message.
  ExpectUnavailableWithoutSecret("postgresql://anxiao:s3cretpw%zz@127.0.0.1:1/anxiao");
  ExpectUnavailableWithoutSecret("postgresql://anxiao@127.0.0.1:1/anxiao?password=s3cretpw%zz");
  ExpectUnavailableWithoutSecret("host=127.0.0.1 port=1 password='s3cretpw");
}

TEST(PgConnectionOpen, UnknownHostIsUnavailable) {
  auto c = PgConnection::Open("postgresql://anxiao@host.invalid/anxiao");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kUnavailable);
}

// ---- Against a server: ANXIAO_TEST_PG_URL (scripts/pg-test-cluster.sh start) ----

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("ANXIAO_TEST_PG_URL");
    if (url == nullptr || *url == '\0') GTEST_SKIP() << "ANXIAO_TEST_PG_URL is not set";
    url_ = url;
  }

  std::unique_ptr<Connection> Connect() {
    auto c = PgConnection::Open(url_);
    if (!c) ADD_FAILURE() << "cannot connect: " << c.error().internal;
    return c ? std::move(*c) : nullptr;
  }

  // Runs a query that must succeed and returns all rows.
  static std::vector<SqlRow> Rows(Connection& c, std::string_view sql, const std::vector<Value>& params = {}) {
    auto r = c.Query(sql, params);
    if (!r) {
      ADD_FAILURE() << sql << ": " << r.error().internal;
      return {};
    }
    return *r;
  }

  static std::int64_t BackendPid(Connection& c) {
    auto rows = Rows(c, "SELECT pg_backend_pid()");
    return rows.size() == 1 ? std::get<std::int64_t>(rows[0][0]) : 0;
  }

  // Makes the server drop `victim`'s connection, as a restart or an idle timeout would.
  void Terminate(Connection& victim) {
    auto killer = Connect();
    ASSERT_TRUE(killer);
    std::int64_t pid = BackendPid(victim);
    auto rows = Rows(*killer, "SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000)", {pid});
    ASSERT_EQ(rows.size(), 1u);
    ASSERT_EQ(rows[0][0], Value(std::int64_t{1}));
  }

  std::string url_;
};

TEST_F(PgConnectionTest, DialectIsPostgres) {
  auto c = Connect();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->dialect(), Dialect::kPostgres);
}

TEST_F(PgConnectionTest, RoundTripsNullIntegersAndUtf8Text) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->ExecScript("CREATE TEMP TABLE rt (k TEXT PRIMARY KEY, n BIGINT, s TEXT)"));
  const std::vector<std::vector<Value>> rows = {
      {std::string("null"), std::monostate{}, std::monostate{}},
      {std::string("max"), std::int64_t{INT64_MAX}, std::string("东阿县实验小学")},
      {std::string("min"), std::int64_t{INT64_MIN}, std::string("")},
      {std::string("zero"), std::int64_t{0}, std::string("a'b\"c\\d ? $1 😀")},
  };
  for (const auto& r : rows) {
    auto n = c->Exec("INSERT INTO rt (k, n, s) VALUES (?, ?, ?)", r);
    ASSERT_TRUE(n) << n.error().internal;
    EXPECT_EQ(*n, 1);
  }
  auto got = Rows(*c, "SELECT k, n, s FROM rt ORDER BY k");
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], rows[1]);  // max
  EXPECT_EQ(got[1], rows[2]);  // min
  EXPECT_EQ(got[2], rows[0]);  // null
  EXPECT_EQ(got[3], rows[3]);  // zero
  // Text parameters compare as text, integer parameters as integers.
  auto by_text = Rows(*c, "SELECT n FROM rt WHERE s = ?", {std::string("东阿县实验小学")});
  ASSERT_EQ(by_text.size(), 1u);
  EXPECT_EQ(by_text[0][0], Value(std::int64_t{INT64_MAX}));
  auto by_int = Rows(*c, "SELECT k FROM rt WHERE n < ?", {std::int64_t{0}});
  ASSERT_EQ(by_int.size(), 1u);
  EXPECT_EQ(by_int[0][0], Value(std::string("min")));
}

TEST_F(PgConnectionTest, MapsColumnTypes) {
  auto c = Connect();
  ASSERT_TRUE(c);
  auto rows = Rows(*c,
                   "SELECT CAST(7 AS SMALLINT), CAST(8 AS INTEGER), CAST(9 AS BIGINT), true, false, "
                   "CAST(NULL AS BIGINT), CAST(NULL AS TEXT), CAST(1.5 AS NUMERIC), 'x', count(*) "
                   "FROM (VALUES (1), (2)) v(a)");
  ASSERT_EQ(rows.size(), 1u);
  const SqlRow expected = {std::int64_t{7},  std::int64_t{8},  std::int64_t{9},    std::int64_t{1},  std::int64_t{0},
                           std::monostate{}, std::monostate{}, std::string("1.5"), std::string("x"), std::int64_t{2}};
  EXPECT_EQ(rows[0], expected);
}

TEST_F(PgConnectionTest, BindsTwelveParametersInOrder) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->ExecScript(
      "CREATE TEMP TABLE twelve (a1 BIGINT, a2 TEXT, a3 BIGINT, a4 TEXT, a5 BIGINT, a6 TEXT, a7 BIGINT, a8 TEXT, "
      "a9 BIGINT, a10 TEXT, a11 BIGINT, a12 TEXT)"));
  std::vector<Value> params;
  for (int i = 1; i <= 12; ++i) {
    if (i % 2 == 1) {
      params.emplace_back(std::int64_t{i * 100});
    } else {
      params.emplace_back("v" + std::to_string(i));
    }
  }
  params[10] = std::monostate{};
  auto n = c->Exec("INSERT INTO twelve VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params);
  ASSERT_TRUE(n) << n.error().internal;
  // And the same statement again, now from the prepared-statement cache.
  ASSERT_TRUE(c->Exec("INSERT INTO twelve VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params));
  auto rows = Rows(*c, "SELECT * FROM twelve WHERE a1 = ? AND a12 = ?", {std::int64_t{100}, std::string("v12")});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], params);
  EXPECT_EQ(rows[1], params);
}

TEST_F(PgConnectionTest, LikeWithEscapeMatchesLiterally) {
  auto c = Connect();
  ASSERT_TRUE(c);
  auto rows = Rows(*c, R"(SELECT CAST('a_b' AS TEXT) LIKE ? ESCAPE '\', CAST('axb' AS TEXT) LIKE ? ESCAPE '\')",
                   {std::string(R"(a\_b)"), std::string(R"(a\_b)")});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (SqlRow{std::int64_t{1}, std::int64_t{0}}));
}

// Past the prepared-statement cap, statements run unnamed and still work.
TEST_F(PgConnectionTest, ManyDistinctStatementsKeepWorking) {
  auto c = Connect();
  ASSERT_TRUE(c);
  for (int i = 0; i < 1100; ++i) {
    const std::string sql = "SELECT CAST(? AS BIGINT) + " + std::to_string(i);
    std::int64_t got = -1;
    auto st = c->QueryEach(sql, {std::int64_t{1}}, [&](const SqlRow& r) -> Status {
      got = std::get<std::int64_t>(r[0]);
      return {};
    });
    ASSERT_TRUE(st) << i << ": " << st.error().internal;
    ASSERT_EQ(got, i + 1);
    auto n = c->Exec(sql, {std::int64_t{1}});
    ASSERT_TRUE(n) << i << ": " << n.error().internal;
  }
  auto prepared = Rows(*c, "SELECT count(*) FROM pg_prepared_statements");
  ASSERT_EQ(prepared.size(), 1u);
  EXPECT_LE(std::get<std::int64_t>(prepared[0][0]), 1001);
}

TEST_F(PgConnectionTest, WrongParameterCountIsInternal) {
  auto c = Connect();
  ASSERT_TRUE(c);
  auto r = c->Exec("SELECT CAST(? AS BIGINT) + CAST(? AS BIGINT)", {std::int64_t{1}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_NE(r.error().internal.find("2 placeholders but 1"), std::string::npos) << r.error().internal;
  // The statement is still usable with the right count.
  auto ok = Rows(*c, "SELECT CAST(? AS BIGINT) + CAST(? AS BIGINT)", {std::int64_t{1}, std::int64_t{2}});
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0][0], Value(std::int64_t{3}));
}

TEST_F(PgConnectionTest, TextWithNulIsRejectedNotTruncated) {
  auto c = Connect();
  ASSERT_TRUE(c);
  auto r = c->Exec("SELECT CAST(? AS TEXT)", {std::string("ab\0cd", 5)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
}

TEST_F(PgConnectionTest, StreamsManyRowsInOrder) {
  auto c = Connect();
  ASSERT_TRUE(c);
  std::int64_t count = 0, sum = 0;
  bool ordered = true;
  auto st = c->QueryEach("SELECT g, 'row ' || g FROM generate_series(1, CAST(? AS BIGINT)) AS g ORDER BY g",
                         {std::int64_t{100000}}, [&](const SqlRow& r) -> Status {
                           const auto g = std::get<std::int64_t>(r[0]);
                           ordered =
                               ordered && g == count + 1 && std::get<std::string>(r[1]) == "row " + std::to_string(g);
                           ++count;
                           sum += g;
                           return {};
                         });
  ASSERT_TRUE(st) << st.error().internal;
  EXPECT_EQ(count, 100000);
  EXPECT_EQ(sum, std::int64_t{100000} * 100001 / 2);
  EXPECT_TRUE(ordered);
}

// A materialised result would carry only the error; single-row mode delivers the rows that came
// before it.
TEST_F(PgConnectionTest, DeliversRowsBeforeALaterServerError) {
  auto c = Connect();
  ASSERT_TRUE(c);
  std::vector<std::int64_t> seen;
  auto st = c->QueryEach("SELECT 10 / (CAST(? AS BIGINT) - g) FROM generate_series(1, 5) AS g", {std::int64_t{3}},
                         [&](const SqlRow& r) -> Status {
                           seen.push_back(std::get<std::int64_t>(r[0]));
                           return {};
                         });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kInternal);
  EXPECT_NE(st.error().internal.find("22012"), std::string::npos) << st.error().internal;
  EXPECT_EQ(seen, (std::vector<std::int64_t>{5, 10}));
  // The connection is clean afterwards.
  EXPECT_EQ(Rows(*c, "SELECT 1").size(), 1u);
}

TEST_F(PgConnectionTest, CallbackErrorStopsAHugeScanQuickly) {
  auto c = Connect();
  ASSERT_TRUE(c);
  int calls = 0;
  const auto start = Clock::now();
  // generate_series in the select list streams; in FROM it would be materialised first.
  auto st = c->QueryEach("SELECT generate_series(1, 1000000000)", {}, [&](const SqlRow&) -> Status {
    if (++calls == 10) return Fail(Corrupt("stop here"));
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(calls, 10);
  EXPECT_LT(Clock::now() - start, 10s);
  EXPECT_EQ(Rows(*c, "SELECT 1").size(), 1u);
}

TEST_F(PgConnectionTest, CallbackErrorInsideTransactionKeepsTransactionUsable) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->BeginRead());
  int calls = 0;
  auto st = c->QueryEach("SELECT g FROM generate_series(1, 200000) AS g", {}, [&](const SqlRow&) -> Status {
    if (++calls == 3) return Fail(Corrupt("stop here"));
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(Rows(*c, "SELECT 1").size(), 1u);
  EXPECT_TRUE(c->Rollback());
}

TEST_F(PgConnectionTest, UniqueViolationIsConflict) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->ExecScript("CREATE TEMP TABLE u (k TEXT PRIMARY KEY)"));
  ASSERT_TRUE(c->Exec("INSERT INTO u VALUES (?)", {std::string("东阿")}));
  auto dup = c->Exec("INSERT INTO u VALUES (?)", {std::string("东阿")});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().slug, "duplicate");
  EXPECT_NE(dup.error().internal.find("u_pkey"), std::string::npos) << dup.error().internal;
}

TEST_F(PgConnectionTest, OtherServerErrorsAreInternalWithSqlState) {
  auto c = Connect();
  ASSERT_TRUE(c);
  auto bad = c->Exec("SELEC 1", {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
  EXPECT_NE(bad.error().internal.find("42601"), std::string::npos) << bad.error().internal;
  auto missing = c->Query("SELECT * FROM no_such_table_anxiao", {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInternal);
  EXPECT_NE(missing.error().internal.find("42P01"), std::string::npos) << missing.error().internal;
}

TEST_F(PgConnectionTest, ExecReturnsAffectedRows) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->ExecScript("CREATE TEMP TABLE ar (k BIGINT); INSERT INTO ar SELECT generate_series(1, 10)"));
  auto n = c->Exec("UPDATE ar SET k = k + 100 WHERE k <= ?", {std::int64_t{4}});
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 4);
  auto none = c->Exec("DELETE FROM ar WHERE k = ?", {std::int64_t{-1}});
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
  auto ddl = c->Exec("CREATE TEMP TABLE ar2 (k BIGINT)", {});
  ASSERT_TRUE(ddl);
  EXPECT_EQ(*ddl, 0);
}

TEST_F(PgConnectionTest, ExecScriptRunsDollarQuotedFunctions) {
  auto c = Connect();
  ASSERT_TRUE(c);
  auto st = c->ExecScript(R"sql(
    -- a migration-style script: several statements, a $$ body with ; and ? inside
    CREATE OR REPLACE FUNCTION anxiao_test_double(x BIGINT) RETURNS BIGINT LANGUAGE plpgsql AS $$
    BEGIN
      -- why? because.
      RETURN x * 2;
    END
    $$;
    CREATE TEMP TABLE script_t (k BIGINT);
    INSERT INTO script_t VALUES (anxiao_test_double(21));
  )sql");
  ASSERT_TRUE(st) << st.error().internal;
  auto rows = Rows(*c, "SELECT k, anxiao_test_double(?) FROM script_t", {std::int64_t{5}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (SqlRow{std::int64_t{42}, std::int64_t{10}}));
  ASSERT_TRUE(c->ExecScript("DROP FUNCTION anxiao_test_double(BIGINT)"));
}

TEST_F(PgConnectionTest, FailingScriptOutsideTransactionChangesNothing) {
  auto c = Connect();
  ASSERT_TRUE(c);
  auto st = c->ExecScript("CREATE TEMP TABLE half_done (k BIGINT); SELECT 1 / 0;");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(c->Query("SELECT * FROM half_done", {}));
}

TEST_F(PgConnectionTest, ScriptThatAltersATableRefreshesPreparedStatements) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->ExecScript("CREATE TEMP TABLE grow (a BIGINT); INSERT INTO grow VALUES (1)"));
  auto before = Rows(*c, "SELECT * FROM grow");
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].size(), 1u);
  ASSERT_TRUE(c->ExecScript("ALTER TABLE grow ADD COLUMN b TEXT NOT NULL DEFAULT 'x'"));
  auto after = Rows(*c, "SELECT * FROM grow");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0], (SqlRow{std::int64_t{1}, std::string("x")}));
}

TEST_F(PgConnectionTest, RollbackDiscardsWrites) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->ExecScript("CREATE TEMP TABLE rb (k BIGINT)"));
  ASSERT_TRUE(c->BeginWrite());
  ASSERT_TRUE(c->Exec("INSERT INTO rb VALUES (?)", {std::int64_t{1}}));
  ASSERT_TRUE(c->Rollback());
  EXPECT_TRUE(Rows(*c, "SELECT k FROM rb").empty());
  ASSERT_TRUE(c->BeginWrite());
  ASSERT_TRUE(c->Exec("INSERT INTO rb VALUES (?)", {std::int64_t{2}}));
  ASSERT_TRUE(c->Commit());
  EXPECT_EQ(Rows(*c, "SELECT k FROM rb").size(), 1u);
}

TEST_F(PgConnectionTest, CommitAfterAFailedStatementFails) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->ExecScript("CREATE TEMP TABLE cf (k BIGINT PRIMARY KEY)"));
  ASSERT_TRUE(c->BeginWrite());
  ASSERT_TRUE(c->Exec("INSERT INTO cf VALUES (?)", {std::int64_t{1}}));
  EXPECT_FALSE(c->Exec("INSERT INTO cf VALUES (?)", {std::int64_t{1}}));
  auto later = c->Exec("INSERT INTO cf VALUES (?)", {std::int64_t{2}});
  ASSERT_FALSE(later);
  EXPECT_NE(later.error().internal.find("25P02"), std::string::npos) << later.error().internal;
  auto commit = c->Commit();
  ASSERT_FALSE(commit);
  EXPECT_EQ(commit.error().code, ErrorCode::kInternal);
  EXPECT_TRUE(Rows(*c, "SELECT k FROM cf").empty());
}

TEST_F(PgConnectionTest, CommitWithoutTransactionIsInternal) {
  auto c = Connect();
  ASSERT_TRUE(c);
  auto st = c->Commit();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kInternal);
  EXPECT_TRUE(c->Rollback());  // nothing to roll back is fine
}

TEST_F(PgConnectionTest, ReadTransactionIsReadOnly) {
  auto c = Connect();
  ASSERT_TRUE(c);
  // Not a TEMP table: read-only transactions may write those.
  ASSERT_TRUE(c->ExecScript("CREATE TABLE IF NOT EXISTS anxiao_read_only_test (k BIGINT)"));
  ASSERT_TRUE(c->BeginRead());
  auto w = c->Exec("INSERT INTO anxiao_read_only_test VALUES (?)", {std::int64_t{1}});
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::kInternal);
  EXPECT_NE(w.error().internal.find("25006"), std::string::npos) << w.error().internal;
  EXPECT_TRUE(c->Rollback());
  ASSERT_TRUE(c->ExecScript("DROP TABLE anxiao_read_only_test"));
}

TEST_F(PgConnectionTest, ReadTransactionSeesOneSnapshot) {
  auto reader = Connect();
  auto writer = Connect();
  ASSERT_TRUE(reader && writer);
  ASSERT_TRUE(
      writer->ExecScript("DROP TABLE IF EXISTS anxiao_snapshot_test; CREATE TABLE anxiao_snapshot_test (k BIGINT)"));
  ASSERT_TRUE(reader->BeginRead());
  EXPECT_EQ(Rows(*reader, "SELECT count(*) FROM anxiao_snapshot_test")[0][0], Value(std::int64_t{0}));
  ASSERT_TRUE(writer->Exec("INSERT INTO anxiao_snapshot_test VALUES (?)", {std::int64_t{1}}));
  EXPECT_EQ(Rows(*reader, "SELECT count(*) FROM anxiao_snapshot_test")[0][0], Value(std::int64_t{0}));
  ASSERT_TRUE(reader->Rollback());
  EXPECT_EQ(Rows(*reader, "SELECT count(*) FROM anxiao_snapshot_test")[0][0], Value(std::int64_t{1}));
  ASSERT_TRUE(writer->ExecScript("DROP TABLE anxiao_snapshot_test"));
}

TEST_F(PgConnectionTest, BeginWriteWaitsForOtherWriterAndSeesItsCommit) {
  auto first = Connect();
  auto second = Connect();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->ExecScript("DROP TABLE IF EXISTS anxiao_lock_test; CREATE TABLE anxiao_lock_test (k BIGINT)"));
  ASSERT_TRUE(first->BeginWrite());
  ASSERT_TRUE(first->Exec("INSERT INTO anxiao_lock_test VALUES (?)", {std::int64_t{1}}));

  std::atomic<bool> acquired{false};
  Status second_begin;
  std::vector<SqlRow> second_saw;
  std::thread t([&] {
    second_begin = second->BeginWrite();
    acquired = true;
    if (second_begin) {
      auto rows = second->Query("SELECT count(*) FROM anxiao_lock_test", {});
      if (rows) second_saw = *rows;
      (void)second->Commit();
    }
  });
  std::this_thread::sleep_for(500ms);
  EXPECT_FALSE(acquired) << "second writer got the lock while the first held it";
  ASSERT_TRUE(first->Commit());
  t.join();
  EXPECT_TRUE(acquired);
  ASSERT_TRUE(second_begin) << second_begin.error().internal;
  ASSERT_EQ(second_saw.size(), 1u);
  EXPECT_EQ(second_saw[0][0], Value(std::int64_t{1}));  // READ COMMITTED after the lock
  ASSERT_TRUE(first->ExecScript("DROP TABLE anxiao_lock_test"));
}

TEST_F(PgConnectionTest, ReadersDoNotWaitForWriter) {
  auto writer = Connect();
  auto reader = Connect();
  ASSERT_TRUE(writer && reader);
  ASSERT_TRUE(writer->BeginWrite());
  ASSERT_TRUE(reader->BeginRead());
  EXPECT_EQ(Rows(*reader, "SELECT 1").size(), 1u);
  EXPECT_TRUE(reader->Rollback());
  EXPECT_TRUE(writer->Rollback());
}

TEST_F(PgConnectionTest, ReconnectsWhenServerDroppedIdleConnection) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_NO_FATAL_FAILURE(Terminate(*c));
  // BEGIN is safe to repeat, so the first transaction after the drop already succeeds.
  ASSERT_TRUE(c->BeginRead());
  EXPECT_EQ(Rows(*c, "SELECT 1").size(), 1u);
  EXPECT_TRUE(c->Rollback());
}

TEST_F(PgConnectionTest, StatementOnDroppedConnectionIsUnavailableThenRecovers) {
  auto c = Connect();
  ASSERT_TRUE(c);
  EXPECT_EQ(Rows(*c, "SELECT CAST(? AS BIGINT)", {std::int64_t{1}}).size(), 1u);  // prepared
  ASSERT_NO_FATAL_FAILURE(Terminate(*c));
  auto lost = c->Query("SELECT CAST(? AS BIGINT)", {std::int64_t{1}});
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable) << lost.error().internal;
  // The next call reconnects and prepares the statement again in the new session.
  auto again = c->Query("SELECT CAST(? AS BIGINT)", {std::int64_t{2}});
  ASSERT_TRUE(again) << again.error().internal;
  EXPECT_EQ((*again)[0][0], Value(std::int64_t{2}));
}

TEST_F(PgConnectionTest, LostTransactionIsNotSilentlyContinuedInAutocommit) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->ExecScript("DROP TABLE IF EXISTS anxiao_lost_test; CREATE TABLE anxiao_lost_test (k BIGINT)"));
  ASSERT_TRUE(c->BeginWrite());
  ASSERT_TRUE(c->Exec("INSERT INTO anxiao_lost_test VALUES (?)", {std::int64_t{1}}));
  ASSERT_NO_FATAL_FAILURE(Terminate(*c));
  auto lost = c->Exec("INSERT INTO anxiao_lost_test VALUES (?)", {std::int64_t{2}});
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable);
  auto still_lost = c->Exec("INSERT INTO anxiao_lost_test VALUES (?)", {std::int64_t{3}});
  ASSERT_FALSE(still_lost);
  EXPECT_EQ(still_lost.error().code, ErrorCode::kUnavailable);
  auto commit = c->Commit();
  ASSERT_FALSE(commit);
  EXPECT_EQ(commit.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(Rows(*c, "SELECT k FROM anxiao_lost_test").empty());
  ASSERT_TRUE(c->ExecScript("DROP TABLE anxiao_lost_test"));
}

TEST_F(PgConnectionTest, BeginAfterALostTransactionStartsAFreshOne) {
  auto c = Connect();
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->BeginWrite());
  ASSERT_NO_FATAL_FAILURE(Terminate(*c));
  EXPECT_FALSE(c->Exec("SELECT 1", {}));
  ASSERT_TRUE(c->BeginRead());  // no Rollback in between
  EXPECT_EQ(Rows(*c, "SELECT 1").size(), 1u);
  EXPECT_TRUE(c->Rollback());
}

TEST_F(PgConnectionTest, ConnectionErrorsNameRedactedUrlOnly) {
  // The test URL has no password; make one with a password the trust-auth server ignores.
  std::string url = url_;
  const auto at = url.find('@');
  if (at == std::string::npos || url.find(':', url.find("://") + 3) < at) GTEST_SKIP() << "URL shape not supported";
  url.insert(at, ":s3cretpw");
  auto c = PgConnection::Open(url);
  ASSERT_TRUE(c) << c.error().internal;
  ASSERT_NO_FATAL_FAILURE(Terminate(**c));
  auto lost = (*c)->Query("SELECT 1", {});
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(lost.error().internal.find("s3cretpw"), std::string::npos) << lost.error().internal;
  EXPECT_NE(lost.error().internal.find("***"), std::string::npos) << lost.error().internal;
}

}  // namespace
}  // namespace anxiao::store::postgres
