#pragma once
// Helpers shared by the SQL query files (sql_store.cpp, campaign_queries.cpp): typed cell reads,
// path-prefix ranges, LIKE escaping, and the one-row and counted-page query shapes.

#include <optional>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "domain/cells.hpp"
#include "domain/ports.hpp"
#include "store/sql/connection.hpp"

namespace anxiao::store::rows {

using domain::cells::I;
using domain::cells::S;

// The exclusive upper bound of a path prefix range: "/a/b/" → "/a/b0" ('0' follows '/').
inline std::string PrefixEnd(const std::string& prefix) {
  std::string end = prefix;
  if (!end.empty()) end.back() = static_cast<char>(end.back() + 1);
  return end;
}

// `s` as a LIKE pattern that matches itself (with ESCAPE '\').
inline std::string LikeEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

inline Date DateOr(const std::string& s) { return ParseDate(s).value_or(Date{}); }

// The first row of `sql` through `from_row`, or nothing.
template <typename T, typename F>
Result<std::optional<T>> One(Connection& c, const std::string& sql, const std::vector<Value>& params, F from_row) {
  std::optional<T> out;
  TRY_STATUS(c.QueryEach(sql, params, [&](const SqlRow& r) -> Status {
    out = from_row(r);
    return {};
  }));
  return out;
}

// One page of `SELECT cols FROM from_where ORDER BY order` with the total count of matches.
template <typename T, typename F>
Result<domain::PageOf<T>> Page(Connection& c, const std::string& cols, const std::string& from_where,
                               std::vector<Value> params, const std::string& order, const domain::PageRequest& page,
                               F from_row) {
  domain::PageOf<T> out;
  TRY_STATUS(c.QueryEach("SELECT count(*) FROM " + from_where, params, [&](const SqlRow& r) -> Status {
    out.total = I(r[0]);
    return {};
  }));
  params.push_back(std::int64_t{page.page_size});
  params.push_back(std::int64_t{(page.page - 1) * std::int64_t{page.page_size}});
  TRY_STATUS(c.QueryEach("SELECT " + cols + " FROM " + from_where + " ORDER BY " + order + " LIMIT ? OFFSET ?", params,
                         [&](const SqlRow& r) -> Status {
                           out.items.push_back(from_row(r));
                           return {};
                         }));
  return out;
}

}  // namespace anxiao::store::rows
