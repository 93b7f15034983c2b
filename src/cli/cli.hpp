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
  // Evidence photos: --evidence DIR; defaults to <data_dir>/evidence, required with --db (the
  // database holds the hashes, the files live in a directory).
  std::string evidence_dir;
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

// Opens the store of an existing installation: with --data, the directory must hold a database
// (kNotFound otherwise), so that a mistyped --data neither leaves an empty database behind nor
// checks one. Only init, demo and serve may start a new SQLite installation.
Result<std::unique_ptr<domain::Store>> OpenExisting(const StoreOpener& opener, const StoreConfig& c,
                                                    domain::Clock& clock);

// The photo side, also picked by src/main: the evidence file store for a directory and the image
// codec.
struct MediaPorts {
  std::unique_ptr<domain::EvidenceFiles> files;
  std::unique_ptr<domain::ImageCodec> codec;
};
using MediaOpener = std::function<Result<MediaPorts>(const std::string& evidence_dir)>;

// Without `open_media`, serve answers evidence requests with 503 and demo/verify refuse to run.
int Run(int argc, char** argv, const StoreOpener& open_store, const MediaOpener& open_media = {});

}  // namespace anxiao::cli
