#pragma once
// OrgCache: the upper org tree (every org that is not a school) and its school counts, kept in
// memory for read views. Written here rather than taken from a library because its correctness
// rests on the store's own commit points (below), which no generic cache knows about.
//
// Why: GET /api/v1/orgs/{id} for a county read four rows (the county, its two ancestors for the
// breadcrumbs, its org_stat count). Each read transaction on SQLite takes the WAL read lock
// (fcntl) on its first statement, about 7 µs here; with these rows in memory a read of the upper
// tree touches no database at all (BENCHMARKS.md, issue #2). The upper tree is small (a few
// thousand rows for a whole province) and changes rarely; schools are not cached.
//
// Consistency: a read view notes the generation when it opens, before its snapshot exists. A row
// it reads from the database is cached only if the generation is still the same; every commit
// that wrote `org` or `org_stat` bumps the generation and empties the cache *after* the commit.
// So an entry is never older than the newest commit of this process that could change it: a view
// opened after such a commit sees the new generation, and a view opened before it cannot insert
// its (possibly older) rows. Writes by another process (a CLI next to a running server) are
// seen within kMaxAgeMs, the age after which an entry is read again.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "domain/org.hpp"

namespace anxiao::store {

class OrgCache {
 public:
  static constexpr std::int64_t kMaxAgeMs = 1000;

  std::uint64_t Generation() const { return gen_.load(std::memory_order_acquire); }

  std::optional<domain::Org> FindOrg(const std::string& id) const {
    std::shared_lock lk(mu_);
    auto it = orgs_.find(id);
    if (it == orgs_.end() || Stale(it->second.at)) return std::nullopt;
    return it->second.value;
  }
  std::optional<std::string> RootId() const {
    std::shared_lock lk(mu_);
    if (!root_ || Stale(root_->at)) return std::nullopt;
    return root_->value;
  }
  std::optional<std::int64_t> SchoolCount(const std::string& org_id) const {
    std::shared_lock lk(mu_);
    auto it = counts_.find(org_id);
    if (it == counts_.end() || Stale(it->second.at)) return std::nullopt;
    return it->second.value;
  }

  // Each Put* is ignored unless `gen` (noted when the reading view opened) is still current,
  // and schools are never cached.
  void PutOrg(std::uint64_t gen, const domain::Org& o) {
    if (o.kind == domain::OrgKind::kSchool) return;
    std::unique_lock lk(mu_);
    if (gen != Generation() || orgs_.size() >= kMaxEntries) return;
    orgs_[o.id] = {o, Now()};
  }
  void PutRootId(std::uint64_t gen, const std::string& id) {
    std::unique_lock lk(mu_);
    if (gen != Generation()) return;
    root_ = Entry<std::string>{id, Now()};
  }
  void PutSchoolCount(std::uint64_t gen, const std::string& org_id, std::int64_t n) {
    std::unique_lock lk(mu_);
    if (gen != Generation() || counts_.size() >= kMaxEntries) return;
    counts_[org_id] = {n, Now()};
  }

  // Called by the writer (under the store's write lock) when a write touches `org` or `org_stat`,
  // and then after that transaction has committed or rolled back.
  void MarkDirty() { dirty_ = true; }
  void AfterTransaction() {
    if (!dirty_) return;
    dirty_ = false;
    std::unique_lock lk(mu_);
    gen_.fetch_add(1, std::memory_order_acq_rel);
    orgs_.clear();
    counts_.clear();
    root_.reset();
  }

 private:
  static constexpr std::size_t kMaxEntries = 200000;
  template <typename T>
  struct Entry {
    T value;
    std::int64_t at;
  };
  static std::int64_t Now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  static bool Stale(std::int64_t at) { return Now() - at >= kMaxAgeMs; }

  mutable std::shared_mutex mu_;
  std::atomic<std::uint64_t> gen_{0};
  bool dirty_ = false;  // only touched by the (serialised) writer
  std::unordered_map<std::string, Entry<domain::Org>> orgs_;
  std::unordered_map<std::string, Entry<std::int64_t>> counts_;
  std::optional<Entry<std::string>> root_;
};

}  // namespace anxiao::store
