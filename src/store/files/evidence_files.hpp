#pragma once
// domain::EvidenceFiles on a local directory: `<dir>/ab/cd/<sha256>` (the original) and
// `<dir>/ab/cd/<sha256>.thumb.jpg`, where ab and cd are the first hex digits of the hash, so that
// no directory grows past 65 536 entries of its own. Files are never changed after they are
// written; writes go through a temporary file, fsync, rename and an fsync of the directory.

#include <memory>
#include <string>

#include "domain/ports.hpp"

namespace anxiao::store::files {

class LocalEvidenceFiles final : public domain::EvidenceFiles {
 public:
  // Creates `dir` if needed. kUnavailable if it cannot be created or written.
  static Result<std::unique_ptr<LocalEvidenceFiles>> Open(const std::string& dir);

  Status Put(const std::string& sha256, std::string_view original, std::string_view thumbnail) override;
  Status PutUnsynced(const std::string& sha256, std::string_view original, std::string_view thumbnail) override;
  Status Sync() override;
  Result<std::optional<std::string>> Read(const std::string& sha256, bool thumbnail) override;
  Result<Check> Inspect(const std::string& sha256) override;
  std::string Location() const override { return dir_; }

  // The path of the original or the thumbnail (tests and tools).
  std::string PathOf(const std::string& sha256, bool thumbnail) const;

 private:
  explicit LocalEvidenceFiles(std::string dir) : dir_(std::move(dir)) {}
  Status Write(const std::string& sha256, std::string_view original, std::string_view thumbnail, bool sync);
  std::string dir_;
};

}  // namespace anxiao::store::files
