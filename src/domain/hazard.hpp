#pragma once
// Hazards (隐患) and their rectification (整改): the closed loop of PRODUCT.md §3 and the separation
// of duties of §4. Pure rules, no I/O: the use cases (app/hazards.hpp) load a Hazard, ask these
// functions whether an action is allowed, and append the event; the projection (projection.cpp)
// turns the events into the `hazard`, `hazard_extension` and `hazard_evidence` rows.
//
// Lifecycle:
//
//   registered ──plan──▶ planned ──start──▶ rectifying ──submit──▶ awaiting_review ──close──▶ closed
//                                              ▲  └─progress─┘             │
//                                              └──────────reject───────────┘
//   (any state before closed) ──void──▶ voided
//
// Overdue and due-soon are derived from the deadline and the clock, never stored. A deadline is a
// calendar date that ends at midnight China Standard Time (base/time.hpp EndOfChinaDay).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/time.hpp"
#include "domain/user.hpp"

namespace anxiao::domain {

// 重大 (red), 较大 (orange), 一般 (yellow), 低 (blue); declared from the most to the least severe.
enum class RiskLevel { kRed, kOrange, kYellow, kBlue };
enum class HazardState { kRegistered, kPlanned, kRectifying, kAwaitingReview, kClosed, kVoided };
// Who found it: the school itself, or an inspection of some level or kind.
enum class HazardSource {
  kSelf,
  kCountyCensus,
  kCountySpotCheck,
  kCitySupervision,
  kCrossInspection,
  kResident,
  kThematic,
  kProvince,
  kOtherDepartment,
  kPublicReport,
};
enum class HazardCategory {
  kFire,
  kBuildings,
  kFood,
  kTraffic,
  kLabChemicals,
  kSecurity,
  kDormitory,
  kDrowning,
  kEpidemic,
  kLargeEvents,
  kOther,
};
// What a user does to a hazard. kClose and kReject are the two review decisions.
enum class HazardAction {
  kPlan,
  kStart,
  kProgress,
  kSubmit,
  kClose,
  kReject,
  kVoid,
  kRequestExtension,
  kDecideExtension,
};
enum class ExtensionState { kPending, kApproved, kDenied };
enum class EvidenceKind { kBefore, kProgress, kAfter };

std::string_view Name(RiskLevel r);
std::string_view Name(HazardState s);
std::string_view Name(HazardSource s);
std::string_view Name(HazardCategory c);
std::string_view Name(HazardAction a);  // plan, start, progress, submit, close, reject, void, request_extension, …
std::string_view Name(ExtensionState s);
std::string_view Name(EvidenceKind k);
std::optional<RiskLevel> ParseRiskLevel(std::string_view s);
std::optional<HazardState> ParseHazardState(std::string_view s);
std::optional<HazardSource> ParseHazardSource(std::string_view s);
std::optional<HazardCategory> ParseHazardCategory(std::string_view s);
std::optional<ExtensionState> ParseExtensionState(std::string_view s);
std::optional<EvidenceKind> ParseEvidenceKind(std::string_view s);
// 0 for red … 3 for blue: the sort key of "most severe first".
inline int RiskRank(RiskLevel r) { return static_cast<int>(r); }
// Chinese labels: 重大/较大/一般/低.
std::string_view ChineseName(RiskLevel r);

// Settings an administrator may change later; these are the defaults of PRODUCT.md §3.
struct HazardSettings {
  // Days from the found date to the default deadline, indexed by RiskRank: red 30, orange 15,
  // yellow 7, blue 3.
  std::array<int, 4> deadline_days{30, 15, 7, 3};
};

Date DefaultDeadline(RiskLevel r, Date found, const HazardSettings& s = {});

struct Hazard {
  std::string id;
  std::string number;  // "371524-2026-000123"
  std::string school_id;
  std::string path;                // the school's org path: scope checks are prefix tests on it
  std::string county_id;           // the school's parent: county-level unit, or the city for city-direct schools
  std::string supervising_org_id;  // the level whose inspection found it; reviews and voids
  std::string supervising_path;
  HazardSource source = HazardSource::kSelf;
  HazardCategory category = HazardCategory::kOther;
  std::string description;
  std::string location;  // place in the school
  RiskLevel risk_level = RiskLevel::kYellow;
  HazardState state = HazardState::kRegistered;
  Date found_at;
  std::string found_by;  // user id of whoever registered the finding
  std::string registered_at;
  Date deadline;
  // The plan (五落实 for red: measures, responsibility, funds, deadline, contingency plan).
  std::string measures, responsible_person, funds, contingency_plan, interim_measures;
  bool closed_for_use = false;  // 停用 until fixed
  std::string planned_by, started_by, last_progress_by, last_progress_note, submitted_by;
  std::string submitted_at;  // the latest submission for review: the ledger's 完成时间
  // Every user who planned, started, progressed or submitted, as ",usr_a,usr_b,": none of them
  // may review, void or decide on extensions of this hazard.
  std::string rectifiers;
  std::string reviewed_by, reviewed_at, closed_at;
  std::int64_t rejection_count = 0;
  std::string last_rejection_reason;
  std::string voided_by, voided_reason;
  std::int64_t extension_count = 0;  // approved extensions
  std::string updated_at;
  std::int64_t version = 1;
  // The campaign, inspection and checklist item the finding came from (empty when registered
  // directly; item_code "HZ:…" never appears here, carried items point at existing hazards).
  std::string campaign_id, inspection_id, item_code;

  bool IsRectifier(const std::string& user_id) const;
};

struct HazardExtension {
  std::string id;
  std::string hazard_id;
  std::string requested_by, requested_at;
  Date old_deadline, new_deadline;
  std::string reason;
  ExtensionState state = ExtensionState::kPending;
  std::string decided_by, decided_at, decision_reason;
};

struct HazardEvidence {
  std::string hazard_id;
  std::string sha256;  // 64 lower-case hex digits: the evidence file's content hash
  EvidenceKind kind = EvidenceKind::kBefore;
  std::int64_t added_seq = 0;  // the journal entry that referenced it first
  // The file's facts from the evidence table (ReadView::HazardEvidenceFor joins them); empty for a
  // reference journaled before uploads were checked.
  std::string mime, taken_at;
  std::int64_t width = 0, height = 0;
};

// The plan submitted with the `plan` action.
struct HazardPlan {
  std::string measures, responsible_person, funds, contingency_plan, interim_measures;
  std::optional<Date> deadline;  // required for red; otherwise defaults to the current deadline
  bool closed_for_use = false;
};

// The state after `action` from `from`, or kConflict "illegal_transition" naming both ("cannot
// submit a hazard in state planned"). kProgress, kRequestExtension and kDecideExtension leave the
// state as it is when they are allowed.
Result<HazardState> Transition(HazardState from, HazardAction action);
bool IsOpen(HazardState s);  // before closed or voided

// Separation of duties. kForbidden unless `a` may do `action` to `h`:
// - plan, start, progress, submit, request_extension: the school side — a school_officer or
//   principal whose scope contains the school, or a bureau_officer whose scope contains it;
// - close, reject, void, decide_extension: the supervising level — a bureau_officer, inspector or
//   expert whose scope contains the supervising org; never a school role, and never anyone who
//   planned, started, progressed or submitted this hazard.
// The caller has already checked that the hazard is in `a`'s scope (else kNotFound).
Status Authorise(const Hazard& h, const Actor& a, HazardAction action);
// The actions `a` may take on `h` now (authorised and legal in its state), for the UI to offer.
// `pending_requester` is the requester of the pending extension, empty when there is none.
std::vector<HazardAction> AllowedActions(const Hazard& h, const Actor& a, const std::string& pending_requester);
// May `a` register a hazard at a school with path `school_path`? School roles for their own school,
// bureau officers, inspectors and experts for schools in scope.
Status AuthoriseRegister(const Actor& a, const std::string& school_path);

// Validates a plan for `h`: measures and responsible person always; for red also funds, deadline,
// contingency plan and interim measures (五落实), else kInvalidInput "red_plan_incomplete" naming
// the missing field. The deadline may not precede the found date nor lie beyond the hazard's
// current deadline (a later one needs an extension).
Status ValidatePlan(const Hazard& h, const HazardPlan& p);
// Closing needs at least one "after" evidence reference (kConflict "after_evidence_required").
Status CheckCanClose(std::int64_t after_evidence_count);
// An extension must move the deadline later and give a reason; kConflict "extension_pending" if
// another request awaits a decision.
Status ValidateExtensionRequest(const Hazard& h, Date new_deadline, const std::string& reason, bool has_pending);
// The decider may not be the requester (kForbidden); the extension must be pending (kConflict).
Status ValidateExtensionDecision(const HazardExtension& e, const Actor& a);

// Free-text checks shared by the use cases (kInvalidInput naming `field`).
Status ValidateText(const std::string& s, const char* field, std::size_t max_chars, bool required);
// A 64-hex SHA-256 evidence reference (kInvalidInput "invalid_evidence").
Status ValidateEvidenceRef(const std::string& sha256);

// Derived, never stored. Overdue: still with the school (registered, planned or rectifying) and
// `now` is at or after the end of the deadline day in China Standard Time.
bool IsOverdue(const Hazard& h, Timestamp now);
// Not overdue, still with the school, and the deadline is within `days` China days of today.
bool DueWithinDays(const Hazard& h, Timestamp now, int days);

// "<county division code>-<year>-<6-digit sequence>", e.g. 371524-2026-000123.
std::string HazardNumber(const std::string& county_code, int year, std::int64_t seq);

}  // namespace anxiao::domain
