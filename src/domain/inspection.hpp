#pragma once
// Inspections (检查), PRODUCT.md §3: a visit by a team — or by the school itself, for
// self-inspection (自查自纠) — with one checklist version.
//
//   planned ──check_in──▶ in_progress ──submit──▶ submitted ──amend (journaled reason)──▶ submitted
//
// In progress, inspectors record item results (pass / fail / not applicable, with notes and photo
// references), give on-site feedback (现场反馈) and collect signatures (inspectors and the school's
// representative: names and time). A failed item becomes a hazard in the closed loop (app layer).
// A re-inspection links to an earlier inspection and carries its open hazards forward as extra
// items "HZ:<hazard id>" to re-check.
//
// Unannounced visits (四不两直) are hidden from the inspected until check-in: VisibleTo is the one
// rule every read path applies (the store's inspection search encodes the same rule in SQL).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/time.hpp"
#include "domain/hazard.hpp"
#include "domain/user.hpp"

namespace anxiao::domain {

enum class InspectionState { kPlanned, kInProgress, kSubmitted };
enum class ItemResult { kPass, kFail, kNotApplicable };
enum class InspectionAction { kCheckIn, kRecord, kFeedback, kSign, kSubmit, kAmend };
enum class SignerRole { kInspector, kSchool };

std::string_view Name(InspectionState s);
std::string_view Name(ItemResult r);
std::string_view Name(InspectionAction a);
std::string_view Name(SignerRole r);
std::optional<InspectionState> ParseInspectionState(std::string_view s);
std::optional<ItemResult> ParseItemResult(std::string_view s);
std::optional<SignerRole> ParseSignerRole(std::string_view s);

// Item codes of carried-forward hazards start with this prefix.
inline constexpr std::string_view kCarriedPrefix = "HZ:";

struct Inspection {
  std::string id;
  std::string campaign_id;  // empty for a stand-alone inspection
  std::string team_id;      // empty for self-inspection and recorded findings of others
  std::string school_id, school_path;
  std::string county_path;                            // the path of the school's parent (its county, or the city)
  std::string inspecting_org_id, inspecting_path;     // who inspects: a bureau level, or the school itself
  HazardSource source = HazardSource::kCountyCensus;  // what its hazards are recorded as
  std::string external_body;  // findings of others: 山东省教育厅督导组, 聊城市消防救援支队, …
  std::string template_id;
  std::int64_t template_version = 1;
  bool unannounced = false;
  bool self_inspection = false;
  InspectionState state = InspectionState::kPlanned;
  Date planned_date;
  std::optional<Date> due_date;  // self-inspection deadline
  std::int64_t round = 1;
  std::string inspectors;   // ",usr_a,usr_b,": team members and experts at plan time, and the planner
  std::string previous_id;  // re-inspection of
  std::string checked_in_at, checked_in_by, latitude, longitude;
  std::string feedback;
  std::string submitted_at, submitted_by;
  std::int64_t amend_count = 0;
  std::string created_by, created_at;
  std::int64_t version = 1;

  bool IsInspector(const std::string& user_id) const;
};

struct ItemRecord {
  std::string inspection_id;
  std::string code;
  ItemResult result = ItemResult::kPass;
  std::string note;
  std::vector<std::string> photos;       // SHA-256 references
  std::string hazard_id;                 // the hazard a failure became, or the carried hazard
  std::string recorded_by, recorded_at;  // empty while a carried hazard awaits its re-check
  std::int64_t version = 0;              // 0 until answered; each answer or amendment adds one
};

struct Signature {
  SignerRole role = SignerRole::kInspector;
  std::string name;  // printed name of whoever signed
  std::string at;    // journal time
};

// The unannounced rule (四不两直). Visible to: anyone whose scope contains the inspecting org (the
// planners and their superiors), the inspectors on the plan, and — once checked in, or when the
// visit is announced — anyone whose scope contains the school. An unannounced plan before check-in
// is therefore invisible to the school, to its county (for cross-inspection and every visit by a
// level above the county) and to every other county.
bool VisibleTo(const Inspection& i, const Actor& a);

// The state after `action`, or kConflict "illegal_inspection_transition": check-in from planned;
// record, feedback, sign and submit in progress; amend once submitted.
Result<InspectionState> Transition(InspectionState from, InspectionAction action);

// Who may act: for self-inspections the school's own staff (school officer, principal); otherwise
// the inspectors on the plan and bureau officers whose scope contains the inspecting org. Never an
// auditor. kForbidden "not_inspector".
Status AuthoriseInspection(const Inspection& i, const Actor& a);

// A result for an item: notes ≤ 500 characters, at most 10 photos; a fail needs a note
// ("fail_note_required") and, where the item says so, a photo ("photo_required").
Status ValidateItemResult(ItemResult r, const std::string& note, const std::vector<std::string>& photos,
                          bool photo_required);
// Check-in position: both or neither; decimal degrees within range ("invalid_position").
Status ValidatePosition(const std::string& latitude, const std::string& longitude);
// Submission needs every item answered ("items_unanswered" naming how many are left), and for a
// team's inspection a signature of an inspector and of the school ("signature_missing"); a
// self-inspection needs one signature.
Status CheckCanSubmit(const Inspection& i, std::size_t items_total, std::size_t items_answered,
                      const std::vector<Signature>& signatures);
// The carried item code of a hazard, and back.
std::string CarriedCode(const std::string& hazard_id);
bool IsCarriedCode(const std::string& code);

}  // namespace anxiao::domain
