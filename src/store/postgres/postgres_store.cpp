#include "store/postgres/postgres_store.hpp"

#include "store/postgres/pg_connection.hpp"

namespace anxiao::store::postgres {

Result<std::unique_ptr<SqlStore>> OpenPostgresStore(const std::string& url, domain::Clock& clock, int pool_size) {
  auto store =
      std::make_unique<SqlStore>([url] { return PgConnection::Open(url); }, Dialect::kPostgres, &clock, pool_size);
  TRY_STATUS(store->Migrate());
  return store;
}

}  // namespace anxiao::store::postgres
