#pragma once
// Integrity verification: recomputes the journal's hash chain, compares it with the recorded
// checkpoints, replays every event through the projection function and compares the result with
// the stored tables field by field, and checks credential fingerprints. Works on a live database:
// each scan reads a consistent snapshot.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"

namespace anxiao::app {

struct VerifyProblem {
  std::string kind;  // chain: payload_altered, entry_missing, entries_reordered, prev_hash_mismatch,
                     // bad_format, tail_truncated, checkpoint_mismatch, head_mismatch, replay_failed;
                     // projections: field_differs, missing_row, unexpected_row, credential_mismatch;
                     // evidence files: evidence_missing, evidence_altered, evidence_thumbnail_missing
  std::int64_t seq = 0;
  std::string table, record, field, stored, replayed;
  std::string message;
};

struct VerifyReport {
  bool ok = true;
  std::int64_t entries = 0;
  domain::JournalHead head;
  std::vector<VerifyProblem> problems;
  std::int64_t rows_compared = 0;
  std::int64_t evidence_files = 0;  // evidence files hashed (VerifyOptions::evidence_files)
  std::int64_t elapsed_ms = 0;
};

struct VerifyOptions {
  std::optional<domain::JournalHead> expect_head;  // e.g. from `--expect-head SEQ:HASH`
  // Called now and then with (entries so far); for progress output.
  std::function<void(std::int64_t)> progress;
  std::size_t max_problems = 1000;  // stop listing (not checking) after this many
  // When set, every evidence file the journal names is hashed and compared with its name.
  domain::EvidenceFiles* evidence_files = nullptr;
};

Result<VerifyReport> Verify(domain::Store& store, const VerifyOptions& opts = {});

}  // namespace anxiao::app
