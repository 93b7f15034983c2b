#pragma once
// Projection rules of the hazard events (hazard.* and notice.sent) into the `hazard`,
// `hazard_extension`, `hazard_evidence`, `hazard_counter` and `notice` tables. Called by
// domain::Project; payload fields per event are listed in docs/journal_format.md.

#include <string>
#include <vector>

#include "domain/projection.hpp"

namespace anxiao::domain {

Result<std::vector<RowOp>> ProjectHazardEvent(const std::string& kind, const std::string& subject, const Json& payload,
                                              ProjectionReader& reader, const EventContext& ctx);

}  // namespace anxiao::domain
