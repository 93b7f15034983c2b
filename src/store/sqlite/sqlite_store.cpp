#include "store/sqlite/sqlite_store.hpp"

#include <filesystem>
#include <system_error>

#include "store/sqlite/sqlite_connection.hpp"

namespace anxiao::store::sqlite {

std::string DatabasePath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "anxiao.db").string();
}

Result<std::unique_ptr<SqlStore>> OpenSqliteStore(const std::string& data_dir, domain::Clock& clock, int pool_size) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Fail(Unavailable("cannot create data directory " + data_dir + ": " + ec.message()));
  std::string path = DatabasePath(data_dir);
  auto checkpointer = std::make_shared<WalCheckpointer>(path);
  auto store = std::make_unique<SqlStore>([path, checkpointer] { return SqliteConnection::Open(path, checkpointer); },
                                          Dialect::kSqlite, &clock, pool_size);
  TRY_STATUS(store->Migrate());
  auto syncer = std::make_shared<WalSyncer>(path);
  store->SetDeferredSync([syncer](std::function<void(Status)> done) { syncer->Submit(std::move(done)); });
  return store;
}

}  // namespace anxiao::store::sqlite
