#pragma once
// The journal: the append-only, hash-chained source of truth. The byte format fed to the hash is
// specified in docs/journal_format.md; change it only together with that document and its worked
// example (journal_test.cpp checks the example).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/canonical_json.hpp"

namespace anxiao::domain {

inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
inline constexpr std::string_view kHashDomain = "anxiao-journal-v1\n";

struct JournalEntry {
  std::int64_t seq = 0;
  std::string at;       // UTC ISO-8601 with milliseconds
  std::string actor;    // user id or "system"
  std::string kind;     // e.g. "school.created"
  std::string subject;  // id of the record concerned
  std::string payload;  // canonical JSON text
  std::string prev_hash;
  std::string hash;
};

struct JournalHead {
  std::int64_t seq = 0;
  std::string hash = std::string(kGenesisHash);
};

struct Checkpoint {
  std::int64_t id = 0;
  std::int64_t seq = 0;
  std::string hash;
  std::string at;
  std::string reason;  // "hourly", "export", "report", "verify", "start", …
};

// An event before it is sealed into the journal.
struct Event {
  std::string kind;
  std::string subject;
  Json payload;
};

// The exact bytes hashed for `e` (all columns but `hash`), per docs/journal_format.md.
std::string HashInput(const JournalEntry& e);
// Appends HashInput(e) to `out` (avoids an allocation per entry on the verify path).
void AppendHashInput(const JournalEntry& e, std::string* out);
std::string ComputeHash(const JournalEntry& e);

// A problem found while checking the chain; `seq` is the entry concerned (0 when none).
struct ChainProblem {
  std::string kind;  // payload_altered | entry_missing | entries_reordered | prev_hash_mismatch |
                     // bad_format | tail_truncated | checkpoint_mismatch
  std::int64_t seq = 0;
  std::string message;
};

// Streaming chain check: feed entries in ascending stored order; it reports each broken link and
// keeps going so that every problem is named. Not thread-safe.
class ChainChecker {
 public:
  // Checkpoints recorded by the store, given before the first Feed so that a single pass can
  // compare the hashes at their seqs.
  explicit ChainChecker(std::vector<Checkpoint> checkpoints = {});
  void Feed(const JournalEntry& e);
  // Compares the end state with the recorded checkpoints (tail truncation or rewrite).
  void Finish();

  const std::vector<ChainProblem>& problems() const { return problems_; }
  std::int64_t entries() const { return entries_; }
  const JournalHead& head() const { return head_; }

 private:
  void Report(std::string kind, std::int64_t seq, std::string message);

  std::vector<ChainProblem> problems_;
  std::int64_t entries_ = 0;
  std::int64_t expected_seq_ = 1;
  std::string prev_hash_ = std::string(kGenesisHash);
  JournalHead head_;
  std::vector<std::pair<std::int64_t, std::string>> seen_hashes_;  // only at checkpoint seqs
  std::vector<Checkpoint> checkpoints_;
  std::vector<std::int64_t> checkpoint_seqs_;  // sorted
  std::string buf_;
};

// Validates the shape of an event before it is appended. kind: "word.word" of [a-z_]; subject:
// 1–64 of [A-Za-z0-9_.:-]; actor likewise or "system". Payload must be a JSON object.
Status ValidateEvent(const std::string& actor, const Event& e);

}  // namespace anxiao::domain
