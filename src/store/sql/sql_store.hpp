#pragma once
// SqlStore: the domain::Store port over an engine-neutral Connection. All of
// Anxiao's SQL lives here and in the migrations; the engines differ only in
// their Connection and migration files.
//
// Concurrency: readers take a pooled connection each; writers are serialised
// in-process by group commit (concurrent Write calls run one after another in
// one transaction, each in a savepoint, and are acknowledged after its single
// commit; see Write) and across processes by the engine's write lock (see
// Connection::BeginWrite). Journal seqs are therefore gapless. Thread-safe.

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/ports.hpp"
#include "store/sql/connection.hpp"
#include "store/sql/org_cache.hpp"

namespace anxiao::store {

class SqlStore final : public domain::Store {
 public:
  SqlStore(ConnectionFactory factory, Dialect dialect, domain::Clock* clock, int pool_size);
  ~SqlStore() override;

  // Applies pending migrations. Safe to call on every start.
  Status Migrate();
  // Recomputes the hazard statistics (domain/hazard_stat.hpp) from the hazard rows: the backfill
  // of migration 0008, and for tools that write hazard rows directly (the benchmarks).
  Status RebuildHazardStats();
  int SchemaVersion();

  // Lets batches made only of asynchronous writes commit without waiting for the disk: `sync`
  // must run its argument once everything committed before the call is durable, with the status
  // of that (SQLite: WalSyncer::Submit). Their completions run then, on the syncer's thread. Set
  // before the first write; without it every commit is durable when it returns.
  using DeferredSync = std::function<void(std::function<void(Status)>)>;
  void SetDeferredSync(DeferredSync sync) { deferred_sync_ = std::move(sync); }

  std::string Engine() const override { return dialect_ == Dialect::kSqlite ? "sqlite" : "postgresql"; }
  Status Read(const std::function<Status(domain::ReadView&)>& fn) override;
  Status Write(const std::function<Status(domain::WriteTx&)>& fn) override;
  // Joins the same group commits as Write; the batch containing it is led by whichever thread
  // leads at the time, or by the store's commit thread (started on first use) when none does.
  void WriteAsync(std::function<Status(domain::WriteTx&)> fn, std::function<void(Status)> done) override;
  Status ReadSnapshot(const std::function<Status(Snapshot&)>& fn) override;
  Status BackupTo(const std::string& path) override;
  Status ScanJournal(const std::function<Status(const domain::JournalEntry&)>& fn) override;
  Status ScanTable(const domain::TableSpec& spec,
                   const std::function<Status(const std::string& key, const domain::Row&)>& fn) override;
  Result<std::vector<domain::Checkpoint>> AllCheckpoints() override;
  Status ScanPasswordHashes(const std::function<Status(const std::string&, const std::string&)>& fn) override;

  // Borrow a connection for raw SQL (tests, damage tests, tools). Returned on
  // destruction.
  class Lease {
   public:
    Lease(SqlStore* s, std::unique_ptr<Connection> c) : store_(s), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    SqlStore* store_;
    std::unique_ptr<Connection> conn_;
  };
  Result<Lease> Acquire();

 private:
  friend class Lease;
  void Release(std::unique_ptr<Connection> c);

  ConnectionFactory factory_;
  Dialect dialect_;
  domain::Clock* clock_;
  int pool_size_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  std::mutex write_mu_;
  OrgCache org_cache_;  // the upper org tree for read views; emptied after writes that change it

  // Group commit (Write, WriteAsync).
  struct PendingWrite {
    const std::function<Status(domain::WriteTx&)>* fn;
    Status result{};
    std::exception_ptr error;
    bool done = false;    // guarded by gc_mu_
    bool leader = false;  // guarded by gc_mu_: woken to lead the next batch
    // Waited on with gc_mu_ held. A condition variable blocks in the kernel at once, where a
    // std::binary_semaphore first spins with sched_yield (measured: 8 % of the server's CPU
    // under the write benchmark, with 64 writers waiting for each commit).
    std::condition_variable wake;
    // WriteAsync: nobody waits; the pending write owns its function, and whoever completes it
    // calls on_done and deletes it.
    std::function<Status(domain::WriteTx&)> owned;
    std::function<void(Status)> on_done;
  };
  static constexpr std::size_t kMaxBatch = 256;
  // `deferred`: the commit does not wait for the disk (SetDeferredSync).
  void RunBatch(const std::vector<PendingWrite*>& batch, bool deferred);
  // Takes up to kMaxBatch writes off the queue, runs them, and completes them (lk held on entry
  // and exit; released while the batch runs and while asynchronous writes are completed).
  void LeadOneBatch(std::unique_lock<std::mutex>& lk, PendingWrite* self);
  // Called by a leader whose own write is done (lk held): hands leadership to the next waiter, to
  // the commit thread when the next write is asynchronous, or gives it up when the queue is empty.
  void HandOver();
  void CommitThread();
  std::mutex gc_mu_;
  std::deque<PendingWrite*> queue_;
  bool leader_active_ = false;
  bool committer_lead_ = false;  // the commit thread is to lead (guarded by gc_mu_)
  bool stopping_ = false;
  std::condition_variable committer_cv_;
  std::thread committer_;  // started by the first WriteAsync
  DeferredSync deferred_sync_;
};

}  // namespace anxiao::store
