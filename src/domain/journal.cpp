#include "domain/journal.hpp"

#include <algorithm>
#include <charconv>

#include "base/sha256.hpp"
#include "base/time.hpp"

namespace anxiao::domain {
namespace {

void Field(std::string_view v, std::string* out) {
  char num[24];
  auto [p, ec] = std::to_chars(num, num + sizeof num, v.size());
  (void)ec;
  out->append(num, p);
  out->push_back(':');
  out->append(v);
  out->push_back('\n');
}

bool IsLowerHex64(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool IsIdent(std::string_view s) {
  return !s.empty() && s.size() <= 64 &&
         s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-") ==
             std::string_view::npos;
}

}  // namespace

void AppendHashInput(const JournalEntry& e, std::string* out) {
  out->append(kHashDomain);
  char num[24];
  auto [p, ec] = std::to_chars(num, num + sizeof num, e.seq);
  (void)ec;
  Field(std::string_view(num, static_cast<std::size_t>(p - num)), out);
  Field(e.at, out);
  Field(e.actor, out);
  Field(e.kind, out);
  Field(e.subject, out);
  Field(e.payload, out);
  Field(e.prev_hash, out);
}

std::string HashInput(const JournalEntry& e) {
  std::string out;
  AppendHashInput(e, &out);
  return out;
}

std::string ComputeHash(const JournalEntry& e) { return Sha256Hex(HashInput(e)); }

void ChainChecker::Report(std::string kind, std::int64_t seq, std::string message) {
  problems_.push_back(ChainProblem{std::move(kind), seq, std::move(message)});
}

void ChainChecker::Feed(const JournalEntry& e) {
  ++entries_;
  // Built only when a problem is reported: this runs once per entry on the verify path.
  auto where = [&] { return "journal entry " + std::to_string(e.seq); };
  buf_.clear();
  AppendHashInput(e, &buf_);
  const std::string computed = ToHex(Sha256Of(buf_));
  if (!IsLowerHex64(e.hash) || !IsLowerHex64(e.prev_hash) || !ParseIso(e.at))
    Report("bad_format", e.seq, where() + ": malformed hash, prev_hash or time");

  if (e.seq != expected_seq_) {
    if (e.seq > expected_seq_) {
      Report("entry_missing", expected_seq_,
             "journal entries " + std::to_string(expected_seq_) +
                 (e.seq - 1 > expected_seq_ ? ".." + std::to_string(e.seq - 1) : std::string()) +
                 " are missing (next stored entry is " + std::to_string(e.seq) + ")");
    } else {
      Report("entries_reordered", e.seq,
             where() + ": out of order (expected seq " + std::to_string(expected_seq_) + ")");
    }
  }
  if (computed != e.hash) {
    // An entry moved to another seq still hashes correctly under its original seq: name that as a
    // reordering rather than an alteration.
    for (std::int64_t delta : {-1, 1, -2, 2}) {
      JournalEntry moved = e;
      moved.seq = e.seq + delta;
      if (moved.seq >= 1 && ComputeHash(moved) == e.hash) {
        Report("entries_reordered", e.seq,
               where() + ": holds the entry sealed as seq " + std::to_string(moved.seq) + " (entries reordered)");
        prev_hash_ = e.hash;
        expected_seq_ = std::max(expected_seq_, e.seq) + 1;
        head_.seq = e.seq;
        head_.hash = e.hash;
        return;
      }
    }
    Report("payload_altered", e.seq,
           where() + ": content does not match its hash (stored " + e.hash + ", computed " + computed + "); kind " +
               e.kind + ", subject " + e.subject);
  } else if (e.prev_hash != prev_hash_ && e.seq == expected_seq_) {
    Report("prev_hash_mismatch", e.seq,
           where() + ": prev_hash does not match hash of entry " + std::to_string(e.seq - 1) + " (stored " +
               e.prev_hash + ", computed " + prev_hash_ + ")");
  } else if (e.prev_hash != prev_hash_) {
    Report("prev_hash_mismatch", e.seq, where() + ": prev_hash does not link to the preceding stored entry");
  }
  prev_hash_ = e.hash;
  expected_seq_ = std::max(expected_seq_, e.seq) + 1;
  head_.seq = e.seq;
  head_.hash = e.hash;
  if (std::binary_search(checkpoint_seqs_.begin(), checkpoint_seqs_.end(), e.seq))
    seen_hashes_.emplace_back(e.seq, e.hash);
}

ChainChecker::ChainChecker(std::vector<Checkpoint> checkpoints) : checkpoints_(std::move(checkpoints)) {
  for (const auto& c : checkpoints_) checkpoint_seqs_.push_back(c.seq);
  std::sort(checkpoint_seqs_.begin(), checkpoint_seqs_.end());
}

void ChainChecker::Finish() {
  for (const auto& c : checkpoints_) {
    if (c.seq > head_.seq) {
      Report("tail_truncated", c.seq,
             "journal ends at entry " + std::to_string(head_.seq) + " but checkpoint " + std::to_string(c.id) + " (" +
                 c.at + ", " + c.reason + ") recorded entry " + std::to_string(c.seq) + " with hash " + c.hash);
      continue;
    }
    auto it = std::find_if(seen_hashes_.begin(), seen_hashes_.end(), [&](const auto& p) { return p.first == c.seq; });
    if (it != seen_hashes_.end() && it->second != c.hash)
      Report("checkpoint_mismatch", c.seq,
             "journal entry " + std::to_string(c.seq) + ": hash differs from checkpoint " + std::to_string(c.id) +
                 " (checkpoint " + c.hash + ", journal " + it->second + ")");
  }
}

Status ValidateEvent(const std::string& actor, const Event& e) {
  auto dot = e.kind.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == e.kind.size() || e.kind.size() > 64 ||
      e.kind.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") != std::string::npos)
    return Fail(Internal("bad event kind: " + e.kind));
  if (!IsIdent(e.subject)) return Fail(Internal("bad event subject: " + e.subject));
  if (!IsIdent(actor)) return Fail(Internal("bad event actor: " + actor));
  if (!e.payload.is_object()) return Fail(Internal("event payload must be an object"));
  return {};
}

}  // namespace anxiao::domain
