#pragma once
// Level reports (逐级上报; issue #7 item 3) as use cases. The rules and the events are
// domain/level_report.hpp; the format, hashing, signature and verification docs/level-reports.md.
//
// Prepare: the org's own staff report the org's five-knowns figures for a campaign and a period end
// (as_of). The figures are computed here from the data with the same store aggregates as
// app/five_knowns (ReadView::AggregateHazards over the org's subtree and the campaign,
// ReadView::FigureCampaign) — never typed — and frozen with the journal checkpoint they reflect
// (also recorded as a checkpoint row, reason "report") and, for a county or city, the accepted
// reports of its children (children without one are listed as missing). The body's SHA-256 is
// signed with the org's Ed25519 key, created on the org's first report: the public key is journaled
// (org.signing_key_published), the secret key kept in the non-journaled org_signing_secret table.
//
// Visibility: a report is visible to users whose scope contains its org (school and bureau staff,
// administrators, auditors); inspectors and experts do not see reports. Outside: kNotFound.
// Thread-safe.

#include <optional>
#include <string>

#include "app/services.hpp"
#include "domain/level_report.hpp"

namespace anxiao::app {

struct ReportRequest {
  std::string org_id;  // default: the caller's scope org
  std::string campaign_id;
  std::optional<Date> as_of;  // the period end; default: today (China)
};

// What the caller would report now, without writing: the body as it would be frozen (its
// report_id, checkpoint and prepared_at are placeholders).
struct ReportPreview {
  Json body;
  std::optional<domain::LevelReport> live;  // the live report of this org, campaign and period, if any
};

// The recomputation of a report's figures and children now.
struct ReportChanges {
  bool changed = false;
  Json differences = Json::array();  // [{path, reported, now}]
  Json now;                          // {figures, children}
};

// The outcome of verifying an export (docs/level-reports.md §5).
struct ReportVerification {
  domain::LevelReportCheck check;
  bool with_store = false;
  bool key_ok = false, checkpoint_ok = false, journal_ok = false;  // with a store only
  std::string problem;                                             // the first failure; empty if all hold
  bool ok() const { return problem.empty(); }
};

class LevelReports {
 public:
  explicit LevelReports(Services& s) : s_(s) {}

  // kNotFound for an org or campaign outside the caller's view; kInvalidInput "invalid_as_of" for a
  // period end before the campaign starts or after today; MayPrepareReport's errors.
  Result<ReportPreview> Preview(const domain::Actor& a, const ReportRequest& r);
  // As Preview, then kConflict "report_exists" when the org already has a live report for the
  // campaign and period end. A report after a returned one supersedes it.
  Result<domain::LevelReport> Prepare(const domain::Actor& a, const ReportRequest& r);
  Result<domain::LevelReport> PrepareIn(domain::WriteTx& tx, const domain::Actor& a, const ReportRequest& r);
  // Transitions, each with the expected version (kVersionMismatch otherwise).
  Result<domain::LevelReport> Approve(const domain::Actor& a, const std::string& id, std::int64_t version);
  Result<domain::LevelReport> Accept(const domain::Actor& a, const std::string& id, std::int64_t version);
  // kInvalidInput "reason_required" for an empty reason, "invalid_reason" for one over 500 characters.
  Result<domain::LevelReport> Return(const domain::Actor& a, const std::string& id, std::int64_t version,
                                     const std::string& reason);
  Result<domain::LevelReport> ApproveIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id,
                                        std::int64_t version);
  Result<domain::LevelReport> DecideIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id,
                                       std::int64_t version, bool accept, const std::string& reason);

  Result<domain::LevelReport> Get(const domain::Actor& a, const std::string& id);
  // Reports of orgs under the caller's scope (narrowed by the filter's fields).
  Result<domain::PageOf<domain::LevelReport>> List(const domain::Actor& a, domain::LevelReportFilter f);
  // Recomputes `r`'s figures and children as of its period end and compares them with the frozen ones.
  Result<ReportChanges> Changes(const domain::LevelReport& r);
  // The self-contained export (docs/level-reports.md §4).
  Result<Json> Export(const domain::Actor& a, const std::string& id);

 private:
  Services& s_;
};

// The export of report `id` from a store (kNotFound if there is none).
Result<Json> ExportLevelReport(domain::ReadView& v, const std::string& id);
// Verifies an export: hash and signature always; with a store (`v` non-null) also that the public
// key is the org's journaled key, that the checkpoint entry exists with that hash, and that the
// journal holds the report with that hash. kInvalidInput for an unreadable export.
Result<ReportVerification> VerifyLevelReport(domain::ReadView* v, const Json& exported);

}  // namespace anxiao::app
