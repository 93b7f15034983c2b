#include "app/verify.hpp"

#include <chrono>

#include "base/sha256.hpp"

namespace anxiao::app {

Result<VerifyReport> Verify(domain::Store& store, const VerifyOptions& opts) {
  auto t0 = std::chrono::steady_clock::now();
  VerifyReport rep;
  auto add = [&](VerifyProblem p) {
    rep.ok = false;
    if (rep.problems.size() < opts.max_problems) rep.problems.push_back(std::move(p));
  };
  // One snapshot for everything: on a live database the journal and the tables are compared as
  // of the same instant.
  TRY_STATUS(store.ReadSnapshot([&](domain::Store::Snapshot& snap) -> Status {
    TRY_ASSIGN(auto checkpoints, snap.AllCheckpoints());
    domain::ChainChecker chain(checkpoints);
    domain::MemoryProjection replay;
    std::int64_t n = 0;
    TRY_STATUS(snap.ScanJournal([&](const domain::JournalEntry& e) -> Status {
      chain.Feed(e);
      auto payload = ParseJson(e.payload);
      if (!payload) {
        add({"replay_failed", e.seq, "", e.subject, "", "", "",
             "journal entry " + std::to_string(e.seq) + ": payload is not JSON"});
      } else {
        auto ops = domain::Project(e.kind, e.subject, *payload, replay, {e.actor, e.at, e.seq});
        Status st = ops ? replay.Apply(*ops) : Status(tl::unexpected(ops.error()));
        if (!st)
          add({"replay_failed", e.seq, "", e.subject, "", "", "",
               "journal entry " + std::to_string(e.seq) + " (" + e.kind + " " + e.subject +
                   ") cannot be replayed: " + st.error().internal});
      }
      if (opts.progress && (++n % 100000) == 0) opts.progress(n);
      return {};
    }));
    chain.Finish();
    for (const auto& p : chain.problems())
      add({p.kind, p.seq, "journal", std::to_string(p.seq), "", "", "", p.message});
    rep.entries = chain.entries();
    rep.head = chain.head();
    if (opts.expect_head && (opts.expect_head->seq != rep.head.seq || opts.expect_head->hash != rep.head.hash))
      add({"head_mismatch", rep.head.seq, "journal", "", "head", std::to_string(rep.head.seq) + ":" + rep.head.hash,
           std::to_string(opts.expect_head->seq) + ":" + opts.expect_head->hash,
           "journal head is " + std::to_string(rep.head.seq) + ":" + rep.head.hash + ", expected " +
               std::to_string(opts.expect_head->seq) + ":" + opts.expect_head->hash});

    // Projections: every stored row must equal the replayed row, and every replayed row must exist.
    for (const auto& spec : domain::ProjectionTables()) {
      const auto& expected = replay.Table(spec.name);
      auto it = expected.begin();
      auto report_missing_until = [&](const std::string* key) {
        while (it != expected.end() && (key == nullptr || it->first < *key)) {
          add({"missing_row", 0, spec.name, it->first, "", "", "",
               spec.name + " " + it->first + ": in the journal but missing from the table"});
          ++it;
        }
      };
      TRY_STATUS(snap.ScanTable(spec, [&](const std::string& key, const domain::Row& row) -> Status {
        ++rep.rows_compared;
        report_missing_until(&key);
        if (it == expected.end() || it->first != key) {
          add({"unexpected_row", 0, spec.name, key, "", "", "",
               spec.name + " " + key + ": in the table but not in the journal"});
          return {};
        }
        for (std::size_t i = 1; i < spec.columns.size(); ++i) {
          const auto& col = spec.columns[i].name;
          auto rv = it->second.find(col);
          domain::Value replayed = rv == it->second.end() ? domain::Value{} : rv->second;
          auto sv = row.find(col);
          domain::Value stored = sv == row.end() ? domain::Value{} : sv->second;
          if (stored != replayed)
            add({"field_differs", 0, spec.name, key, col, domain::ValueText(stored), domain::ValueText(replayed),
                 spec.name + " " + key + " field " + col + ": stored " + domain::ValueText(stored) + ", journal says " +
                     domain::ValueText(replayed)});
        }
        ++it;
        return {};
      }));
      report_missing_until(nullptr);
    }

    // Evidence files: each one the journal stored must be on disk with exactly the journaled hash
    // (a swapped or edited photo is caught here), with its thumbnail.
    if (opts.evidence_files != nullptr) {
      for (const auto& [sha, row] : replay.Table("evidence")) {
        TRY_ASSIGN(auto check, opts.evidence_files->Inspect(sha));
        const std::string where = opts.evidence_files->Location();
        if (!check.original_sha256) {
          add({"evidence_missing", 0, "evidence", sha, "", "", sha,
               "evidence " + sha + ": the file is missing from " + where});
        } else if (*check.original_sha256 != sha) {
          add({"evidence_altered", 0, "evidence", sha, "sha256", *check.original_sha256, sha,
               "evidence " + sha + ": the file was swapped or altered (its content hashes to " +
                   *check.original_sha256 + ")"});
        } else if (!check.thumbnail_present) {
          add({"evidence_thumbnail_missing", 0, "evidence", sha, "", "", "",
               "evidence " + sha + ": the thumbnail is missing from " + where});
        }
        ++rep.evidence_files;
      }
    }

    // Credentials: the stored argon2id hash must match the fingerprint the journal recorded.
    const auto& users = replay.Table("app_user");
    return snap.ScanPasswordHashes([&](const std::string& user_id, const std::string& hash) -> Status {
      auto u = users.find(user_id);
      std::string fp = Sha256Hex(hash);
      if (u == users.end()) {
        add({"credential_mismatch", 0, "credential", user_id, "password_hash", "", "",
             "credential for unknown user " + user_id});
      } else if (domain::Value(fp) != u->second.at("password_fp")) {
        add({"credential_mismatch", 0, "credential", user_id, "password_hash", fp,
             domain::ValueText(u->second.at("password_fp")),
             "credential " + user_id + ": password hash was replaced outside the application (fingerprint " + fp +
                 ", journal says " + domain::ValueText(u->second.at("password_fp")) + ")"});
      }
      return {};
    });
  }));

  rep.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace anxiao::app
