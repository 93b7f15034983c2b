#pragma once
// Projection rules of campaigns, teams, checklist templates and inspections (campaign.*, team.*,
// checklist.*, inspection.* events) into the `campaign`, `team`, `checklist_template`,
// `checklist_version`, `inspection` and `inspection_item` tables. Called by Project
// (projection.cpp). Errors are kCorrupt.

#include <string>
#include <vector>

#include "domain/projection.hpp"

namespace anxiao::domain {

bool IsCampaignEvent(const std::string& kind);
Result<std::vector<RowOp>> ProjectCampaignEvent(const std::string& kind, const std::string& subject,
                                                const Json& payload, ProjectionReader& reader, const EventContext& ctx);

}  // namespace anxiao::domain
