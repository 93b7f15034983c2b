#pragma once
// Opens the SQLite store in a data directory (file `anxiao.db`, created if missing) and applies
// pending migrations.

#include <memory>
#include <string>

#include "domain/ports.hpp"
#include "store/sql/sql_store.hpp"

namespace anxiao::store::sqlite {

std::string DatabasePath(const std::string& data_dir);
Result<std::unique_ptr<SqlStore>> OpenSqliteStore(const std::string& data_dir, domain::Clock& clock, int pool_size = 8);

}  // namespace anxiao::store::sqlite
