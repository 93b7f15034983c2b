#include "store/files/evidence_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/random.hpp"
#include "base/sha256.hpp"

namespace anxiao::store::files {
namespace fs = std::filesystem;
namespace {

Error IoError(const std::string& what, const std::string& path) {
  return Unavailable(what + " " + path + ": " + std::strerror(errno));
}

bool ValidSha(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Status FsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Fail(IoError("cannot open", path));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Fail(IoError("cannot fsync", path));
  return {};
}

// Makes `dir` and its missing parents; with `sync`, fsyncs each new directory's parent so that the
// new entry survives a crash.
Status EnsureDir(const fs::path& dir, bool sync) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return {};
  TRY_STATUS(EnsureDir(dir.parent_path(), sync));
  if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) return Fail(IoError("cannot create directory", dir.string()));
  if (sync) TRY_STATUS(FsyncPath(dir.parent_path().string(), O_RDONLY | O_DIRECTORY));
  return {};
}

// Writes `data` to `path` unless it exists: temporary file in the same directory, (fsync,) rename.
Status WriteOnce(const fs::path& path, std::string_view data, bool sync) {
  std::error_code ec;
  if (fs::exists(path, ec)) return {};
  static std::atomic<std::uint64_t> counter{0};
  const fs::path tmp = path.string() + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Fail(IoError("cannot create", tmp.string()));
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto e = IoError("cannot write", tmp.string());
      ::close(fd);
      ::unlink(tmp.c_str());
      return Fail(e);
    }
    done += static_cast<std::size_t>(n);
  }
  if (sync && ::fsync(fd) != 0) {
    auto e = IoError("cannot fsync", tmp.string());
    ::close(fd);
    ::unlink(tmp.c_str());
    return Fail(e);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto e = IoError("cannot rename into", path.string());
    ::unlink(tmp.c_str());
    return Fail(e);
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<LocalEvidenceFiles>> LocalEvidenceFiles::Open(const std::string& dir) {
  if (dir.empty()) return Fail(InvalidInput("evidence_dir_required", "an evidence directory is required"));
  std::error_code ec;
  fs::path abs = fs::absolute(dir, ec);
  if (ec) return Fail(Unavailable("bad evidence directory " + dir + ": " + ec.message()));
  TRY_STATUS(EnsureDir(abs, true));
  if (::access(abs.c_str(), W_OK | X_OK) != 0) return Fail(IoError("cannot write to evidence directory", abs.string()));
  return std::unique_ptr<LocalEvidenceFiles>(new LocalEvidenceFiles(abs.string()));
}

std::string LocalEvidenceFiles::PathOf(const std::string& sha, bool thumbnail) const {
  return dir_ + "/" + sha.substr(0, 2) + "/" + sha.substr(2, 2) + "/" + sha + (thumbnail ? ".thumb.jpg" : "");
}

Status LocalEvidenceFiles::Write(const std::string& sha, std::string_view original, std::string_view thumbnail,
                                 bool sync) {
  if (!ValidSha(sha)) return Fail(Internal("evidence file name is not a SHA-256: " + sha));
  const fs::path orig = PathOf(sha, false), thumb = PathOf(sha, true);
  TRY_STATUS(EnsureDir(orig.parent_path(), sync));
  // The thumbnail first: whoever sees the original may rely on the thumbnail being there.
  TRY_STATUS(WriteOnce(thumb, thumbnail, sync));
  TRY_STATUS(WriteOnce(orig, original, sync));
  if (sync) TRY_STATUS(FsyncPath(orig.parent_path().string(), O_RDONLY | O_DIRECTORY));
  return {};
}

Status LocalEvidenceFiles::Put(const std::string& sha, std::string_view original, std::string_view thumbnail) {
  return Write(sha, original, thumbnail, true);
}

Status LocalEvidenceFiles::PutUnsynced(const std::string& sha, std::string_view original, std::string_view thumbnail) {
  return Write(sha, original, thumbnail, false);
}

Status LocalEvidenceFiles::Sync() {
  int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Fail(IoError("cannot open", dir_));
  int rc = ::syncfs(fd);
  ::close(fd);
  if (rc != 0) return Fail(IoError("cannot sync the file system of", dir_));
  return {};
}

Result<std::optional<std::string>> LocalEvidenceFiles::Read(const std::string& sha, bool thumbnail) {
  if (!ValidSha(sha)) return std::optional<std::string>{};
  const std::string path = PathOf(sha, thumbnail);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>{};
    return Fail(IoError("cannot open", path));
  }
  std::string out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto e = IoError("cannot read", path);
      ::close(fd);
      return Fail(e);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return std::optional<std::string>{std::move(out)};
}

Result<domain::EvidenceFiles::Check> LocalEvidenceFiles::Inspect(const std::string& sha) {
  Check c;
  TRY_ASSIGN(auto bytes, Read(sha, false));
  if (bytes) c.original_sha256 = Sha256Hex(*bytes);
  std::error_code ec;
  c.thumbnail_present = ValidSha(sha) && fs::is_regular_file(PathOf(sha, true), ec);
  return c;
}

}  // namespace anxiao::store::files
