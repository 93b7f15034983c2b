#pragma once
// Use cases of inspections (检查), PRODUCT.md §3 and domain/inspection.hpp: plan (by a team, a
// bureau, a re-inspection of an earlier visit, or the record of a higher level's or another
// department's findings), check in, record item results, give feedback, sign, submit, amend.
//
// A failed item becomes a hazard in the same transaction (app::Hazards::RegisterForInspectionIn):
// source from the inspection, category and default risk level from the item, the item's note as
// the description, its photos as before-evidence, and the campaign, inspection and item linked.
// The supervising level is the lowest org above both the inspecting org and the school (for a
// cross-inspection: the city that organised it), or the county for self-inspections.
//
// Every read applies domain::VisibleTo: an unannounced plan does not exist (kNotFound) for the
// inspected school and county until check-in. Thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "app/hazards.hpp"
#include "app/services.hpp"
#include "domain/checklist.hpp"
#include "domain/inspection.hpp"

namespace anxiao::app {

struct NewInspection {
  std::string campaign_id;  // optional for stand-alone visits
  std::string team_id;      // optional; the inspectors and the inspecting org come from the team
  std::string school_id;
  std::string template_id;  // uses its current version
  bool unannounced = false;
  std::optional<Date> planned_date;  // default today
  std::int64_t round = 1;
  std::string previous_id;  // re-inspection of this inspection: carries its open hazards forward
  // Without a team: the source (default county_census); province / other_department record the
  // findings of a higher level or another department, named in external_body.
  std::optional<domain::HazardSource> source;
  std::string external_body;
};

struct ItemInput {
  std::string code;
  domain::ItemResult result = domain::ItemResult::kPass;
  std::string note;
  std::vector<std::string> photos;
  std::optional<std::int64_t> expected_item_version;  // required when the item was recorded before
};

struct InspectionItemView {
  std::string code;
  const domain::ChecklistItem* item = nullptr;  // null for carried hazards
  std::optional<domain::ItemRecord> record;     // none until answered
  std::int64_t version = 0;                     // the item record's version, 0 if unanswered
};

struct InspectionDetail {
  domain::Inspection inspection;
  domain::ChecklistVersion checklist;
  std::vector<domain::ItemRecord> records;  // as stored (carried hazards included)
  std::vector<domain::Signature> signatures;
  std::vector<domain::JournalEntry> history;
};

struct InspectionQuery {
  std::string campaign_id, team_id, school_id, org_id;
  std::optional<domain::InspectionState> state;
  std::optional<bool> self_inspection;
  bool mine = false;  // only where the caller is an inspector of the plan or on its team
  domain::PageRequest page;
};

class Inspections {
 public:
  explicit Inspections(Services& s) : s_(s), hazards_(s) {}

  Result<domain::Inspection> Plan(const domain::Actor& a, const NewInspection& in);
  Result<domain::Inspection> CheckIn(const domain::Actor& a, const std::string& id, std::int64_t v,
                                     const std::string& latitude, const std::string& longitude);
  // Records (or corrects, while in progress) one item. Returns the inspection and, for a failed
  // template item, the hazard it became.
  struct Recorded {
    domain::Inspection inspection;
    domain::ItemRecord record;
    std::int64_t item_version = 1;
    std::optional<domain::Hazard> hazard;
  };
  Result<Recorded> Record(const domain::Actor& a, const std::string& id, const ItemInput& in);
  // Records several items in one journal entry (`inspection.items_recorded`): a phone that was
  // offline sends its answers at once. Each item is checked as by Record; all or nothing.
  struct RecordedMany {
    domain::Inspection inspection;
    std::vector<domain::ItemRecord> records;  // the answered items, by code
    std::vector<domain::Hazard> hazards;      // registered (or reviewed, for carried items)
  };
  Result<RecordedMany> RecordMany(const domain::Actor& a, const std::string& id, const std::vector<ItemInput>& items);
  Result<domain::Inspection> Feedback(const domain::Actor& a, const std::string& id, std::int64_t v,
                                      const std::string& text);
  Result<domain::Inspection> Sign(const domain::Actor& a, const std::string& id, std::int64_t v,
                                  domain::SignerRole role, const std::string& name);
  Result<domain::Inspection> Submit(const domain::Actor& a, const std::string& id, std::int64_t v);
  // A submitted inspection is only amended item by item, with a reason (journaled).
  Result<Recorded> Amend(const domain::Actor& a, const std::string& id, std::int64_t v, const ItemInput& in,
                         const std::string& reason);

  Result<InspectionDetail> Get(const domain::Actor& a, const std::string& id);
  Result<domain::Inspection> Find(const domain::Actor& a, const std::string& id);  // kNotFound when not visible
  Result<domain::PageOf<domain::Inspection>> Search(const domain::Actor& a, const InspectionQuery& q);

  // The same inside a caller's transaction (the demo loader).
  Result<domain::Inspection> PlanIn(domain::WriteTx& tx, const domain::Actor& a, const NewInspection& in);
  Result<domain::Inspection> CheckInIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id,
                                       std::int64_t v, const std::string& latitude, const std::string& longitude);
  Result<Recorded> RecordIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id, const ItemInput& in);
  Result<RecordedMany> RecordManyIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id,
                                    const std::vector<ItemInput>& items);
  Result<domain::Inspection> FeedbackIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id,
                                        std::int64_t v, const std::string& text);
  Result<domain::Inspection> SignIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id, std::int64_t v,
                                    domain::SignerRole role, const std::string& name);
  Result<domain::Inspection> SubmitIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id,
                                      std::int64_t v);

 private:
  // Checks one answer against the version and the stored records, registers the hazard a failed
  // template item becomes (or reviews a carried one), and returns the item's event payload.
  Result<Json> AnswerItem(domain::WriteTx& tx, const domain::Actor& a, const domain::Inspection& i,
                          const domain::ChecklistVersion& ver, const std::vector<domain::ItemRecord>& records,
                          const ItemInput& in, std::optional<domain::Hazard>* hazard);
  Result<Recorded> RecordImpl(domain::WriteTx& tx, const domain::Actor& a, const std::string& id, const ItemInput& in,
                              const std::optional<std::int64_t>& amend_version, const std::string& reason);
  Services& s_;
  Hazards hazards_;
};

}  // namespace anxiao::app
