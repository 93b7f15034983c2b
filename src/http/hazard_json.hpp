#pragma once
// JSON DTOs of the hazard endpoints (docs/api.md, "Hazards"): app and domain values in, JSON out,
// and the parsing of the list's query parameters. No I/O.

#include <map>
#include <string>
#include <vector>

#include "app/hazards.hpp"
#include "base/canonical_json.hpp"
#include "http/json_writer.hpp"
#include "http/request.hpp"

namespace anxiao::http {

// One hazard with the fields derived at `now` (overdue, days_left: China days until the end of the
// deadline day, negative when overdue). `school_name` may be empty.
Json HazardJson(const domain::Hazard& h, Timestamp now, const std::string& school_name);
// The same object written straight to a string: byte-identical to HazardJson(…).dump()
// (hazard_json_test.cpp), without the JSON tree. The answer of every hazard write.
void WriteHazardJson(JsonWriter& w, const domain::Hazard& h, Timestamp now, const std::string& school_name);
Json ExtensionJson(const domain::HazardExtension& e);
Json EvidenceRefJson(const domain::HazardEvidence& e);
// Journal entries as {seq, at, actor, kind, payload (parsed)}.
Json HistoryJson(const std::vector<domain::JournalEntry>& entries);

// Parses GET /hazards query parameters (all but page/page_size); kInvalidInput "invalid_query" or
// "unknown_enum_value" naming the parameter.
Status ParseHazardQuery(const Request& r, app::HazardQuery* q);

}  // namespace anxiao::http
