#include "app/evidence.hpp"

#include "base/sha256.hpp"

namespace anxiao::app {
namespace {

bool ValidSha(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Json EvidencePayload(const std::string& sha, std::size_t size, const domain::ImageFacts& f, const std::string& by) {
  Json p{{"sha256", sha},      {"size", static_cast<std::int64_t>(size)},
         {"mime", f.mime},     {"width", f.width},
         {"height", f.height}, {"phash", f.phash},
         {"uploaded_by", by}};
  p["taken_at"] = f.taken_at.empty() ? Json(nullptr) : Json(f.taken_at);
  p["gps"] = f.latitude.empty() ? Json(nullptr) : Json{{"lat", f.latitude}, {"lon", f.longitude}};
  return p;
}

// May `a` see the file? Referenced by a record in scope; or, while unreferenced, uploaded by `a`.
Result<bool> Visible(domain::ReadView& v, const domain::Actor& a, const std::string& sha) {
  TRY_ASSIGN(bool in_scope, v.EvidenceReferenced(sha, a.scope_path));
  if (in_scope) return true;
  TRY_ASSIGN(bool referenced, v.EvidenceReferenced(sha, ""));
  if (referenced) return false;
  return v.EvidenceUploadedBy(sha, a.user_id);
}

}  // namespace

Status Evidence::Ready() const {
  if (s_.evidence_files == nullptr || s_.images == nullptr)
    return Fail(Unavailable("evidence photos are not configured in this program"));
  return {};
}

Status Evidence::CheckUpload(const domain::Actor& a, std::string_view bytes) const {
  TRY_STATUS(Ready());
  if (!a.IsSystem() && !domain::MayWrite(a.role))
    return Fail(Error(ErrorCode::kForbidden, "read_only", "read-only roles cannot change data"));
  if (bytes.size() > kMaxEvidenceBytes)
    return Fail(Error(ErrorCode::kTooLarge, "evidence_too_large", "a photo may be at most 20 MiB",
                      std::to_string(bytes.size()) + " bytes"));
  if (bytes.empty()) return Fail(InvalidInput("invalid_image", "the upload is empty"));
  return {};
}

Result<StoredEvidence> Evidence::Record(domain::WriteTx& tx, const domain::Actor& a, const std::string& sha,
                                        std::size_t size, const domain::ImageFacts* facts) {
  TRY_ASSIGN(auto existing, tx.FindEvidence(sha));
  if (existing) {
    TRY_ASSIGN(bool mine, tx.EvidenceUploadedBy(sha, a.user_id));
    if (!mine)
      TRY_STATUS(tx.Append(a.user_id,
                           domain::Event{"evidence.uploaded", sha, Json{{"sha256", sha}, {"uploaded_by", a.user_id}}}));
    return StoredEvidence{std::move(*existing), false};
  }
  if (facts == nullptr) return Fail(Internal("evidence " + sha + " vanished while it was uploaded"));
  TRY_STATUS(
      tx.Append(a.user_id, domain::Event{"evidence.stored", sha, EvidencePayload(sha, size, *facts, a.user_id)}));
  TRY_ASSIGN(auto stored, tx.FindEvidence(sha));
  if (!stored) return Fail(Internal("evidence " + sha + " missing after evidence.stored"));
  return StoredEvidence{std::move(*stored), true};
}

Result<StoredEvidence> Evidence::Upload(const domain::Actor& a, std::string_view bytes) {
  TRY_STATUS(CheckUpload(a, bytes));
  const std::string sha = Sha256Hex(bytes);
  TRY_ASSIGN(auto known, domain::ReadValue<std::optional<domain::EvidenceRecord>>(
                             s_.store, [&](domain::ReadView& v) { return v.FindEvidence(sha); }));
  std::optional<domain::ImageFacts> facts;
  if (!known) {
    // Decoding and the durable file writes happen outside the transaction: they are slow, and the
    // files must be on disk before the event that names them commits.
    TRY_ASSIGN(facts, s_.images->Inspect(bytes));
    TRY_STATUS(s_.evidence_files->Put(sha, bytes, facts->thumbnail_jpeg));
  }
  return domain::WriteValue<StoredEvidence>(
      s_.store, [&](domain::WriteTx& tx) { return Record(tx, a, sha, bytes.size(), facts ? &*facts : nullptr); });
}

Result<StoredEvidence> Evidence::UploadIn(domain::WriteTx& tx, const domain::Actor& a, std::string_view bytes) {
  TRY_STATUS(CheckUpload(a, bytes));
  const std::string sha = Sha256Hex(bytes);
  TRY_ASSIGN(auto known, tx.FindEvidence(sha));
  std::optional<domain::ImageFacts> facts;
  if (!known) {
    TRY_ASSIGN(facts, s_.images->Inspect(bytes));
    TRY_STATUS(s_.evidence_files->PutUnsynced(sha, bytes, facts->thumbnail_jpeg));
  }
  return Record(tx, a, sha, bytes.size(), facts ? &*facts : nullptr);
}

Result<domain::EvidenceRecord> Evidence::Find(const domain::Actor& a, const std::string& sha) {
  if (!ValidSha(sha)) return Fail(NotFound("evidence"));
  return domain::ReadValue<domain::EvidenceRecord>(s_.store,
                                                   [&](domain::ReadView& v) -> Result<domain::EvidenceRecord> {
                                                     TRY_ASSIGN(auto rec, v.FindEvidence(sha));
                                                     if (!rec) return Fail(NotFound("evidence " + sha));
                                                     TRY_ASSIGN(bool visible, Visible(v, a, sha));
                                                     if (!visible) return Fail(NotFound("evidence " + sha));
                                                     return std::move(*rec);
                                                   });
}

Result<EvidenceFile> Evidence::Read(const domain::Actor& a, const std::string& sha, bool thumbnail) {
  TRY_STATUS(Ready());
  TRY_ASSIGN(auto rec, Find(a, sha));
  TRY_ASSIGN(auto bytes, s_.evidence_files->Read(sha, thumbnail));
  // Journaled but not on disk: an integrity failure (`anxiao verify` names it), not a 404.
  if (!bytes)
    return Fail(Corrupt("evidence file " + sha + (thumbnail ? " (thumbnail)" : "") + " is missing from " +
                        s_.evidence_files->Location()));
  return EvidenceFile{std::move(*bytes), thumbnail ? std::string("image/jpeg") : rec.mime};
}

Status CheckEvidenceRefs(domain::ReadView& v, const domain::Actor& a, const std::vector<std::string>& shas) {
  for (const auto& sha : shas) {
    TRY_ASSIGN(auto rec, v.FindEvidence(sha));
    bool usable = rec.has_value() && a.IsSystem();
    if (rec && !usable) {
      TRY_ASSIGN(usable, v.EvidenceUploadedBy(sha, a.user_id));
    }
    if (rec && !usable) {
      TRY_ASSIGN(usable, v.EvidenceReferenced(sha, a.scope_path));
    }
    if (!usable)
      return Fail(Error(ErrorCode::kInvalidInput, "unknown_evidence", "evidence " + sha + " was not uploaded", sha,
                        "evidence"));
  }
  return {};
}

}  // namespace anxiao::app
