#pragma once
// The SQL of campaigns, teams, checklists and inspections (ports.hpp ReadView), kept apart from
// sql_store.cpp so that feature queries do not crowd the store's core. Used by SqlView.

#include "domain/ports.hpp"
#include "store/sql/connection.hpp"

namespace anxiao::store {

class CampaignQueries {
 public:
  explicit CampaignQueries(Connection& c) : c_(c) {}
  Result<std::optional<domain::Campaign>> FindCampaign(const std::string& id);
  Result<domain::PageOf<domain::Campaign>> ListCampaigns(const std::string& viewer_scope,
                                                         const domain::PageRequest& page);
  Result<std::optional<domain::Team>> FindTeam(const std::string& id);
  Result<domain::PageOf<domain::Team>> ListTeams(const std::string& campaign_id, const std::string& under_path,
                                                 const std::string& member_id, const domain::PageRequest& page);
  Result<std::optional<domain::ChecklistTemplate>> FindChecklistTemplate(const std::string& id);
  Result<domain::PageOf<domain::ChecklistTemplate>> ListChecklistTemplates(const domain::PageRequest& page);
  Result<std::optional<domain::ChecklistVersion>> FindChecklistVersion(const std::string& template_id, std::int64_t n);
  Result<std::optional<domain::Inspection>> FindInspection(const std::string& id);
  Result<domain::PageOf<domain::Inspection>> SearchInspections(const domain::InspectionFilter& f);
  Result<std::vector<domain::ItemRecord>> InspectionItems(const std::string& inspection_id);
  Result<std::vector<domain::Signature>> InspectionSignatures(const std::string& inspection_id);
  Result<domain::CampaignFigures> FigureCampaign(const domain::Campaign& c, const std::string& under_path, Date today,
                                                 bool count_hidden_plans);
  Result<std::vector<domain::SelfInspectionProgress>> SelfInspectionProgressOf(const std::string& campaign_id,
                                                                               const std::string& under_path,
                                                                               Date today);
  Result<std::vector<domain::SelfCheckMisses>> SelfInspectionMisses(const std::vector<std::string>& prefixes,
                                                                    Date as_of, const std::string& campaign_id);
  // Hazard ids (the caller loads them) of open hazards registered by an inspection.
  Result<std::vector<std::string>> OpenHazardIdsOfInspection(const std::string& inspection_id);

 private:
  Connection& c_;
};

}  // namespace anxiao::store
