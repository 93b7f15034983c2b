#pragma once
// Versioned schema migrations, embedded at build time from migrations/<engine>/NNNN_name.sql.
// Applied in order by SqlStore::Migrate; each runs in its own transaction and is recorded in
// schema_migrations(version, name, applied_at). Never edit a released migration: add a new one.

#include <string_view>
#include <vector>

namespace anxiao::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& SqliteMigrations();
const std::vector<Migration>& PostgresMigrations();

}  // namespace anxiao::store
