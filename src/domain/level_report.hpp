#pragma once
// Level reports (逐级上报; issue #7 item 3, PRODUCT.md §1 and §4): a school, county or city reports
// its five-knowns figures for a campaign period to the supervising level. The figures are computed
// (app/level_reports.hpp), frozen into a canonical JSON body, hashed with SHA-256 and signed with
// the org's Ed25519 key. Format, hashing, signature and verification: docs/level-reports.md.
//
// States: awaiting_approval (a school's report prepared by its safety officer; the principal
// approves) → submitted → accepted | returned (with a reason). A returned report is corrected by a
// new report for the same org, campaign and period end that supersedes it. At most one live
// (awaiting_approval, submitted or accepted) report per org + campaign + period end.
//
// Events (docs/journal_format.md lists every kind):
//   org.signing_key_published  subject = org id   {algorithm: "ed25519", public_key (64 hex)}
//   level_report.prepared      subject = report id
//       {org_id, org_path, org_kind, supervising_org_id, campaign_id, period_end, supersedes,
//        state: "awaiting_approval"|"submitted", body: {…}, sha256, signature, public_key}
//   level_report.approved      {}             awaiting_approval → submitted
//   level_report.accepted      {}             submitted → accepted
//   level_report.returned      {reason}       submitted → returned
// The projection checks what the journal alone can prove: the body hashes to `sha256`, the
// signature verifies under `public_key`, which is the org's journaled key, the body names this
// report, org, campaign and period, and its checkpoint lies before the entry itself.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/canonical_json.hpp"
#include "base/error.hpp"
#include "domain/org.hpp"
#include "domain/projection.hpp"
#include "domain/user.hpp"

namespace anxiao::domain {

inline constexpr std::string_view kLevelReportFormat = "anxiao-level-report/1";
inline constexpr std::string_view kLevelReportExportFormat = "anxiao-level-report-export/1";
inline constexpr std::size_t kMaxReturnReasonChars = 500;

enum class LevelReportState { kAwaitingApproval, kSubmitted, kAccepted, kReturned };
std::string_view Name(LevelReportState s);
std::optional<LevelReportState> ParseLevelReportState(std::string_view s);
// awaiting_approval, submitted and accepted hold the org + campaign + period slot.
bool IsLive(LevelReportState s);

struct LevelReport {
  std::string id;
  std::string org_id, org_path;
  OrgKind org_kind = OrgKind::kSchool;
  std::string supervising_org_id;
  std::string campaign_id;
  std::string period_end;  // YYYY-MM-DD (the as_of of the figures)
  LevelReportState state = LevelReportState::kSubmitted;
  std::string supersedes;  // the returned report this one corrects, or empty
  std::string body;        // canonical JSON (the signed bytes' preimage)
  std::string sha256, signature, public_key;
  std::int64_t checkpoint_seq = 0;
  std::string checkpoint_hash;
  std::string prepared_by, prepared_at;
  std::int64_t prepared_seq = 0;
  std::string approved_by, approved_at, submitted_at;
  std::string decided_by, decided_at, return_reason;
  std::int64_t version = 1;
};

// Who may prepare a report of `org`: its own staff (a school's safety officer or principal; the
// bureau officer of a county or city). kForbidden "report_forbidden" otherwise; kInvalidInput
// "invalid_org" for a province (it has no supervising level).
Status MayPrepareReport(const Actor& a, const Org& org);
// The state a new report starts in: a school's report waits for the principal unless the
// principal prepared it.
LevelReportState InitialReportState(const Actor& a, OrgKind kind);
// The principal of the school approves (kForbidden "principal_required"); the report must await
// approval (kConflict "invalid_transition").
Status MayApproveReport(const Actor& a, const LevelReport& r);
// The supervising level's bureau officer accepts or returns a submitted report: kForbidden
// "not_supervising_level" for anyone else (including the org's own staff: nobody decides on
// their own org's report), kConflict "invalid_transition" unless submitted.
Status MayDecideReport(const Actor& a, const LevelReport& r);

// The leaves that differ between the reported and the recomputed figures, as
// [{path: "a.b", reported, now}] in path order (a leaf missing on one side is null there).
Json FigureDifferences(const Json& reported, const Json& now);

// What `anxiao report verify` can check from an export alone (docs/level-reports.md §5): the
// canonical body hashes to `sha256`, and the signature verifies under the export's public key.
// kInvalidInput "invalid_report_export" for an export that cannot be read.
struct LevelReportCheck {
  bool hash_ok = false, signature_ok = false;
  std::string computed_sha256;
  std::string report_id, org_id, public_key;
  std::int64_t checkpoint_seq = 0;
  std::string checkpoint_hash;
  std::string problem;  // the first failure, in words; empty when both hold
};
Result<LevelReportCheck> CheckLevelReportExport(const Json& export_json);
// The bytes that are signed: the 32 raw bytes of the SHA-256 of the canonical body.
std::string SignedBytesOf(const std::string& sha256_hex);

bool IsLevelReportEvent(const std::string& kind);
Result<std::vector<RowOp>> ProjectLevelReportEvent(const std::string& kind, const std::string& subject,
                                                   const Json& payload, ProjectionReader& reader,
                                                   const EventContext& ctx);

}  // namespace anxiao::domain
