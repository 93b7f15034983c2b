#pragma once
// Evidence photos (PRODUCT.md §4, issue 4 item 4): upload, read, and the rule that a record may
// reference only evidence that was uploaded.
//
// Upload: the image codec checks the content (magic bytes, full decode, pixel limit) and finds the
// size, EXIF time and place, a perceptual hash and a thumbnail; the file store writes original and
// thumbnail durably under the SHA-256; only THEN is `evidence.stored` journaled, so the journal
// never names a file that a crash could lose. The same bytes are stored once: a repeat upload by
// the same user changes nothing, by another user journals `evidence.uploaded` (that user may then
// preview and reference the file too).
//
// Reading: a file is visible to whoever can read a record that references it (a hazard in their
// scope), and to its uploaders while no record references it yet (preview before submitting).
// Everyone else gets kNotFound, exactly as for a file that does not exist.

#include <string>
#include <string_view>
#include <vector>

#include "app/services.hpp"

namespace anxiao::app {

inline constexpr std::size_t kMaxEvidenceBytes = std::size_t{20} << 20;  // 20 MiB

struct StoredEvidence {
  domain::EvidenceRecord record;
  bool created = false;  // false: these bytes were stored before
};

struct EvidenceFile {
  std::string bytes;
  std::string mime;
};

class Evidence {
 public:
  explicit Evidence(Services& s) : s_(s) {}

  // kTooLarge "evidence_too_large" over kMaxEvidenceBytes; the codec's kInvalidInput errors for
  // content that is not a JPEG, PNG or WebP photo; kUnavailable if photos are not wired in.
  Result<StoredEvidence> Upload(const domain::Actor& a, std::string_view bytes);
  // The same inside a caller's transaction (the demo loader), writing the files without fsync:
  // the caller calls EvidenceFiles::Sync() before its transaction commits.
  Result<StoredEvidence> UploadIn(domain::WriteTx& tx, const domain::Actor& a, std::string_view bytes);

  // The original (with its MIME type) or the JPEG thumbnail; kNotFound when missing or not visible.
  Result<EvidenceFile> Read(const domain::Actor& a, const std::string& sha256, bool thumbnail);
  // The journaled facts, under the same visibility rule.
  Result<domain::EvidenceRecord> Find(const domain::Actor& a, const std::string& sha256);

 private:
  Status Ready() const;
  Status CheckUpload(const domain::Actor& a, std::string_view bytes) const;
  // Journals the upload of checked, stored bytes: evidence.stored, or evidence.uploaded for
  // another user's repeat, or nothing for the same user's.
  Result<StoredEvidence> Record(domain::WriteTx& tx, const domain::Actor& a, const std::string& sha, std::size_t size,
                                const domain::ImageFacts* facts);
  Services& s_;
};

// Every reference must name evidence that `a` may use: uploaded by them, or referenced already by a
// record in their scope. kInvalidInput "unknown_evidence" naming the first that is not (unknown and
// not-yours look alike, so a guessed hash reveals nothing).
Status CheckEvidenceRefs(domain::ReadView& v, const domain::Actor& a, const std::vector<std::string>& sha256s);

}  // namespace anxiao::app
