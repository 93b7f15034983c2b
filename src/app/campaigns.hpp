#pragma once
// Use cases of campaigns (专项行动), their teams (督查组), checklist templates and self-inspection
// assignments (PRODUCT.md §1, §3; domain/campaign.hpp, checklist.hpp).
//
// Every write runs in one Store::Write transaction: validate → load → scope (outside the caller's
// scope: kNotFound, exactly like a missing record) → authorise (kForbidden) → version
// (kVersionMismatch) → append the event(s). Thread-safe (state lives in the store).

#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/campaign.hpp"
#include "domain/checklist.hpp"

namespace anxiao::app {

struct CampaignView {
  domain::Campaign campaign;
  domain::CampaignFigures figures;  // over the part of the campaign the caller may see
  // The owner org lies in the caller's scope (the caller may read it; a bureau officer there may
  // run the campaign). False for a county looking at its city's campaign.
  bool owner_in_scope = false;
};

struct NewTeam {
  std::string campaign_id;
  std::string org_id;  // dispatching org; defaults to the caller's scope org
  domain::TeamKind kind = domain::TeamKind::kCountyCensus;
  std::string name, leader_name, leader_rank;
  std::vector<std::string> members, experts, schools;
  std::string target_org_id;
  std::optional<Date> start_date, end_date;  // default: the campaign's period
  std::int64_t rounds = 1;
};

// A team edit: only the fields given change (the campaign, dispatching org and kind never do).
struct TeamEdit {
  std::optional<std::string> name, leader_name, leader_rank, target_org_id;
  std::optional<std::vector<std::string>> members, experts, schools;
  std::optional<Date> start_date, end_date;
  std::optional<std::int64_t> rounds;
};

struct SelfInspectionReport {
  std::vector<domain::SelfInspectionProgress> counties;
};

class Campaigns {
 public:
  explicit Campaigns(Services& s) : s_(s) {}

  // Owner: `owner_org_id` (default: the caller's scope org), which must be a province, city or
  // county in scope; the campaign covers the subtree of `scope_org_id` (default: the owner), a
  // province, city or county under the owner (kInvalidInput "invalid_scope" otherwise).
  Result<domain::Campaign> Create(const domain::Actor& a, const std::string& owner_org_id,
                                  const domain::CampaignDraft& d, const std::string& scope_org_id = "");
  Result<domain::Campaign> Update(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                                  const domain::CampaignDraft& d);
  Result<domain::Campaign> Close(const domain::Actor& a, const std::string& id, std::int64_t expected_version);
  Result<CampaignView> Get(const domain::Actor& a, const std::string& id);
  Result<domain::Campaign> Find(const domain::Actor& a, const std::string& id);  // kNotFound when not visible
  Result<domain::PageOf<domain::Campaign>> List(const domain::Actor& a, const domain::PageRequest& page);

  // Teams: the dispatching org decides the level (province, city, county).
  Result<domain::Team> CreateTeam(const domain::Actor& a, const NewTeam& t);
  Result<domain::Team> GetTeam(const domain::Actor& a, const std::string& id);
  // Checked like a new team (team.updated); If-Match on the team's version.
  Result<domain::Team> UpdateTeam(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                                  const TeamEdit& e);
  Result<domain::PageOf<domain::Team>> ListTeams(const domain::Actor& a, const std::string& campaign_id,
                                                 const domain::PageRequest& page);

  // Checklist templates. Reading is open to every signed-in user.
  Result<domain::PageOf<domain::ChecklistTemplate>> ListChecklists(const domain::PageRequest& page);
  Result<domain::ChecklistTemplate> GetChecklist(const std::string& id);
  // number 0: the current version.
  Result<domain::ChecklistVersion> GetChecklistVersion(const std::string& id, std::int64_t number);
  Result<domain::ChecklistTemplate> CreateChecklist(const domain::Actor& a, const std::string& owner_org_id,
                                                    const std::string& name, domain::HazardCategory category,
                                                    const std::vector<domain::ChecklistItem>& items);
  // Editing appends version current+1; inspections keep the version they started with.
  Result<domain::ChecklistTemplate> NewChecklistVersion(const domain::Actor& a, const std::string& id,
                                                        std::int64_t expected_version, const std::string& name,
                                                        const std::vector<domain::ChecklistItem>& items,
                                                        const std::string& note);
  // Copies version `number` (0: current) into a new template owned by `owner_org_id` (default:
  // the caller's scope org), to adapt.
  Result<domain::ChecklistTemplate> CopyChecklist(const domain::Actor& a, const std::string& id, std::int64_t number,
                                                  const std::string& owner_org_id, const std::string& name);
  // Journals the built-in catalog (domain/checklist_catalog.hpp) as templates owned by `root_id`
  // unless templates exist already. Returns template ids by catalog key order.
  Result<std::vector<std::string>> InstallCatalogIn(domain::WriteTx& tx, const std::string& root_id);

  // Self-inspection (自查自纠): assigns `template_id` (current version) to every school under the
  // campaign scope (or `org_id`'s subtree, in scope) that has no self-inspection in this campaign
  // yet, due on `due`. Returns how many were assigned.
  Result<std::int64_t> AssignSelfInspection(const domain::Actor& a, const std::string& campaign_id,
                                            const std::string& template_id, const std::string& org_id, Date due);
  Result<std::int64_t> AssignSelfInspectionIn(domain::WriteTx& tx, const domain::Actor& a,
                                              const std::string& campaign_id, const std::string& template_id,
                                              const std::string& org_id, Date due);
  Result<SelfInspectionReport> SelfInspectionProgress(const domain::Actor& a, const std::string& campaign_id,
                                                      const std::string& org_id);
  // Reminds every school under `org_id` (in scope; default the caller's scope) whose
  // self-inspection is not submitted: one journaled `inspection.reminded` per school. Returns how
  // many were reminded.
  Result<std::int64_t> Remind(const domain::Actor& a, const std::string& campaign_id, const std::string& org_id);

  // The same, inside a caller's transaction (the demo loader).
  Result<domain::Campaign> CreateIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& owner_org_id,
                                    const domain::CampaignDraft& d, const std::string& scope_org_id = "");
  Result<domain::Team> CreateTeamIn(domain::WriteTx& tx, const domain::Actor& a, const NewTeam& t);

 private:
  Services& s_;
};

}  // namespace anxiao::app
