#pragma once
// Use cases of the hazard closed loop (PRODUCT.md §3, domain/hazard.hpp): register, plan, start,
// progress, submit, review (close or reject), void, request and decide deadline extensions, and
// the reads.
//
// Every write runs in one Store::Write transaction: validate the input → load the hazard → scope
// (outside the caller's scope: kNotFound, exactly like a missing hazard) → authorise (kForbidden)
// → version (kVersionMismatch when `expected_version` is not current) → domain transition
// (kConflict "illegal_transition") → append the event(s). Nothing is written when any step fails.
// Thread-safe (state lives in the store).

#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/hazard.hpp"

namespace anxiao::app {

struct NewHazard {
  std::string school_id;
  domain::HazardSource source = domain::HazardSource::kSelf;
  domain::HazardCategory category = domain::HazardCategory::kOther;
  std::string description;
  std::string location;
  domain::RiskLevel risk_level = domain::RiskLevel::kYellow;
  std::optional<Date> found_at;       // defaults to today (China date); never in the future
  std::string supervising_org_id;     // ignored for source self (the school's county); otherwise the
                                      // inspecting level, defaulting to the caller's scope org
  std::vector<std::string> evidence;  // before-photos: SHA-256 references
};

struct HazardQuery {
  std::string org_id;       // optional: narrow to this org's subtree (must be in scope)
  std::string school_id;    // optional
  std::string campaign_id;  // optional: the hazards of one campaign
  std::optional<domain::HazardState> state;
  std::optional<domain::RiskLevel> risk_level;
  std::optional<domain::HazardCategory> category;
  std::optional<domain::HazardSource> source;
  std::optional<bool> overdue;
  std::optional<int> due_within_days;
  std::string q;
  domain::HazardSort sort = domain::HazardSort::kDeadline;
  domain::PageRequest page;
};

struct HazardDetail {
  domain::Hazard hazard;
  std::vector<domain::JournalEntry> history;  // every journal entry about the hazard, in order
  std::vector<domain::HazardEvidence> evidence;
  std::vector<domain::HazardExtension> extensions;
};

struct ExtensionResult {
  domain::Hazard hazard;
  domain::HazardExtension extension;
};

enum class ReviewDecision { kClose, kReject };

// The inspection a finding came from (app/inspections.hpp): recorded on the hazard.
struct InspectionLink {
  std::string campaign_id, inspection_id, item_code;
};

class Hazards {
 public:
  explicit Hazards(Services& s, domain::HazardSettings settings = {}) : s_(s), settings_(settings) {}

  // Registers a finding. Numbers it "<county code>-<year>-<seq>" (per county and year) and sets
  // the default deadline of its risk level from the found date. A red hazard also sends a
  // `red_hazard_supervision` notice (挂牌督办) to the city above the school.
  Result<domain::Hazard> Register(const domain::Actor& a, const NewHazard& in);
  Result<domain::Hazard> Plan(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                              const domain::HazardPlan& plan);
  Result<domain::Hazard> Start(const domain::Actor& a, const std::string& id, std::int64_t expected_version);
  // A progress note (required) with optional photos; the hazard stays rectifying.
  Result<domain::Hazard> Progress(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                                  const std::string& note, const std::vector<std::string>& evidence);
  // Completion: needs at least one after-photo (kInvalidInput "after_evidence_required").
  Result<domain::Hazard> Submit(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                                const std::string& note, const std::vector<std::string>& evidence);
  // Verification (复查) by the supervising level: close (销号) or reject with a reason.
  Result<domain::Hazard> Review(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                                ReviewDecision decision, const std::string& reason);
  Result<domain::Hazard> Void(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                              const std::string& reason);
  Result<ExtensionResult> RequestExtension(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                                           Date new_deadline, const std::string& reason);
  // A denial needs a reason. kNotFound for an extension that is not this hazard's.
  Result<ExtensionResult> DecideExtension(const domain::Actor& a, const std::string& id,
                                          const std::string& extension_id, std::int64_t expected_version, bool approve,
                                          const std::string& reason);

  Result<HazardDetail> Get(const domain::Actor& a, const std::string& id);
  // Just the hazard (kNotFound outside scope): the cheap check before an If-Match precondition.
  Result<domain::Hazard> Find(const domain::Actor& a, const std::string& id);
  Result<domain::PageOf<domain::Hazard>> Search(const domain::Actor& a, const HazardQuery& q);

  // The same, inside a caller's transaction (the demo loader).
  Result<domain::Hazard> RegisterIn(domain::WriteTx& tx, const domain::Actor& a, const NewHazard& in);
  Result<domain::Hazard> PlanIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id, std::int64_t v,
                                const domain::HazardPlan& plan);
  Result<domain::Hazard> StartIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id, std::int64_t v);
  Result<domain::Hazard> ProgressIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id, std::int64_t v,
                                    const std::string& note, const std::vector<std::string>& evidence);
  Result<domain::Hazard> SubmitIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id, std::int64_t v,
                                  const std::string& note, const std::vector<std::string>& evidence);
  Result<domain::Hazard> ReviewIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id, std::int64_t v,
                                  ReviewDecision decision, const std::string& reason);
  Result<domain::Hazard> VoidIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id, std::int64_t v,
                                const std::string& reason);
  Result<ExtensionResult> RequestExtensionIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id,
                                             std::int64_t v, Date new_deadline, const std::string& reason);
  Result<ExtensionResult> DecideExtensionIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id,
                                            const std::string& extension_id, std::int64_t v, bool approve,
                                            const std::string& reason);

  // A failed checklist item of an inspection: like RegisterIn, but the inspection use case has
  // already authorised the caller (its inspectors may come from outside the school's subtree), and
  // `in.supervising_org_id` is required unless the source is self.
  Result<domain::Hazard> RegisterForInspectionIn(domain::WriteTx& tx, const domain::Actor& a, const NewHazard& in,
                                                 const InspectionLink& link);

  const domain::HazardSettings& settings() const { return settings_; }

 private:
  Result<domain::Hazard> RegisterImpl(domain::WriteTx& tx, const domain::Actor& a, const NewHazard& in,
                                      const InspectionLink* link);
  Services& s_;
  domain::HazardSettings settings_;
};

}  // namespace anxiao::app
