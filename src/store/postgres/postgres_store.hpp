#pragma once
// Opens the PostgreSQL store at a postgresql:// URL and applies pending migrations. Connections
// are opened lazily by the pool (at most `pool_size`), each a PgConnection (pg_connection.hpp).
// Errors: kUnavailable if the server cannot be reached (the message redacts the password);
// kInternal if a migration fails.

#include <memory>
#include <string>

#include "domain/ports.hpp"
#include "store/sql/sql_store.hpp"

namespace anxiao::store::postgres {

Result<std::unique_ptr<SqlStore>> OpenPostgresStore(const std::string& url, domain::Clock& clock, int pool_size = 8);

}  // namespace anxiao::store::postgres
