// The `anxiao` binary: the only place that picks a concrete store.

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "base/random.hpp"
#include "base/strings.hpp"
#include "cli/cli.hpp"
#include "media/vips_codec.hpp"
#include "store/files/evidence_files.hpp"
#include "store/sqlite/sqlite_store.hpp"
#ifdef ANXIAO_WITH_POSTGRES
#include "store/postgres/postgres_store.hpp"
#endif
#ifdef ANXIAO_WITH_MIMALLOC
#include <mimalloc.h>
#endif

int main(int argc, char** argv) {
  anxiao::InitCrypto();
  // Logging goes through a background thread so that request threads never wait on the terminal
  // (measured: the synchronous access log was 6 % of a simple API read).
  spdlog::init_thread_pool(8192, 1);
  spdlog::set_default_logger(spdlog::stdout_color_mt<spdlog::async_factory>("anxiao"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
#ifdef ANXIAO_WITH_MIMALLOC
  spdlog::debug("allocator: mimalloc {}", mi_version());  // also keeps the link under --as-needed
#endif
  auto opener = [](const anxiao::cli::StoreConfig& cfg,
                   anxiao::domain::Clock& clock) -> anxiao::Result<std::unique_ptr<anxiao::domain::Store>> {
    if (!cfg.db_url.empty()) {
#ifdef ANXIAO_WITH_POSTGRES
      auto pg = anxiao::store::postgres::OpenPostgresStore(cfg.db_url, clock);
      if (!pg) return tl::unexpected(pg.error());
      return std::unique_ptr<anxiao::domain::Store>(std::move(*pg));
#else
      return anxiao::Fail(anxiao::Unavailable("this build has no PostgreSQL support"));
#endif
    }
    auto s = anxiao::store::sqlite::OpenSqliteStore(cfg.data_dir, clock);
    if (!s) return tl::unexpected(s.error());
    return std::unique_ptr<anxiao::domain::Store>(std::move(*s));
  };
  auto media = [](const std::string& dir) -> anxiao::Result<anxiao::cli::MediaPorts> {
    auto files = anxiao::store::files::LocalEvidenceFiles::Open(dir);
    if (!files) return tl::unexpected(files.error());
    auto codec = anxiao::media::VipsCodec::Open();
    if (!codec) return tl::unexpected(codec.error());
    return anxiao::cli::MediaPorts{std::move(*files), std::move(*codec)};
  };
  int rc = anxiao::cli::Run(argc, argv, opener, media);
  spdlog::shutdown();  // flushes the log queue
  return rc;
}
