#pragma once
// The `anxiao` command line: init, serve, demo, verify, user, token, journal. Exit codes are
// documented in `anxiao --help` and mapped from ErrorCode in exactly one function (ExitCodeFor).
//
// cli never includes store/: the concrete store is opened through the StoreOpener that src/main
// passes in.

#include <functional>
#include <memory>
#include <string>

#include "base/error.hpp"
#include "domain/ports.hpp"

namespace anxiao::cli {

struct StoreConfig {
  std::string data_dir;  // SQLite: --data DIR
  std::string db_url;    // PostgreSQL: --db postgresql://…
};

using StoreOpener = std::function<Result<std::unique_ptr<domain::Store>>(const StoreConfig&, domain::Clock&)>;

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitVerifyFailed = 3;
inline constexpr int kExitInvalid = 4;
inline constexpr int kExitUnavailable = 5;

int ExitCodeFor(ErrorCode c);

int Run(int argc, char** argv, const StoreOpener& open_store);

}  // namespace anxiao::cli
