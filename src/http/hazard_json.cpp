#include "http/hazard_json.hpp"

#include <set>

#include "base/strings.hpp"

namespace anxiao::http {
namespace {

Json Text(const Date& d) { return FormatDate(d); }
Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

}  // namespace

Json HazardJson(const domain::Hazard& h, Timestamp now, const std::string& school_name) {
  const std::int64_t days_left = DaysFromCivil(h.deadline) - DaysFromCivil(ChinaDateOf(now));
  return Json{{"id", h.id},
              {"number", h.number},
              {"school_id", h.school_id},
              {"school_name", school_name},
              {"county_id", h.county_id},
              {"supervising_org_id", h.supervising_org_id},
              {"source", domain::Name(h.source)},
              {"category", domain::Name(h.category)},
              {"description", h.description},
              {"location", h.location},
              {"risk_level", domain::Name(h.risk_level)},
              {"state", domain::Name(h.state)},
              {"found_at", Text(h.found_at)},
              {"found_by", h.found_by},
              {"registered_at", h.registered_at},
              {"deadline", Text(h.deadline)},
              {"overdue", domain::IsOverdue(h, now)},
              {"days_left", days_left},
              {"measures", h.measures},
              {"responsible_person", h.responsible_person},
              {"funds", h.funds},
              {"contingency_plan", h.contingency_plan},
              {"interim_measures", h.interim_measures},
              {"closed_for_use", h.closed_for_use},
              {"planned_by", OrNull(h.planned_by)},
              {"started_by", OrNull(h.started_by)},
              {"last_progress_by", OrNull(h.last_progress_by)},
              {"last_progress_note", h.last_progress_note},
              {"submitted_by", OrNull(h.submitted_by)},
              {"submitted_at", OrNull(h.submitted_at)},
              {"reviewed_by", OrNull(h.reviewed_by)},
              {"reviewed_at", OrNull(h.reviewed_at)},
              {"closed_at", OrNull(h.closed_at)},
              {"rejection_count", h.rejection_count},
              {"last_rejection_reason", h.last_rejection_reason},
              {"voided_by", OrNull(h.voided_by)},
              {"voided_reason", h.voided_reason},
              {"extension_count", h.extension_count},
              {"updated_at", h.updated_at},
              {"campaign_id", OrNull(h.campaign_id)},
              {"inspection_id", OrNull(h.inspection_id)},
              {"item_code", OrNull(h.item_code)},
              {"version", h.version}};
}

void WriteHazardJson(JsonWriter& w, const domain::Hazard& h, Timestamp now, const std::string& school_name) {
  const std::int64_t days_left = DaysFromCivil(h.deadline) - DaysFromCivil(ChinaDateOf(now));
  auto text_or_null = [](JsonWriter& k, const std::string& s) {
    if (s.empty())
      k.Null();
    else
      k.String(s);
  };
  // The members in the order of nlohmann's object (std::map: sorted by key).
  w.BeginObject();
  text_or_null(w.Key("campaign_id"), h.campaign_id);
  w.Field("category", domain::Name(h.category));
  text_or_null(w.Key("closed_at"), h.closed_at);
  w.Key("closed_for_use").Bool(h.closed_for_use);
  w.Field("contingency_plan", h.contingency_plan);
  w.Field("county_id", h.county_id);
  w.Key("days_left").Int(days_left);
  w.Field("deadline", FormatDate(h.deadline));
  w.Field("description", h.description);
  w.Key("extension_count").Int(h.extension_count);
  w.Field("found_at", FormatDate(h.found_at));
  w.Field("found_by", h.found_by);
  w.Field("funds", h.funds);
  w.Field("id", h.id);
  text_or_null(w.Key("inspection_id"), h.inspection_id);
  w.Field("interim_measures", h.interim_measures);
  text_or_null(w.Key("item_code"), h.item_code);
  text_or_null(w.Key("last_progress_by"), h.last_progress_by);
  w.Field("last_progress_note", h.last_progress_note);
  w.Field("last_rejection_reason", h.last_rejection_reason);
  w.Field("location", h.location);
  w.Field("measures", h.measures);
  w.Field("number", h.number);
  w.Key("overdue").Bool(domain::IsOverdue(h, now));
  text_or_null(w.Key("planned_by"), h.planned_by);
  w.Field("registered_at", h.registered_at);
  w.Key("rejection_count").Int(h.rejection_count);
  w.Field("responsible_person", h.responsible_person);
  text_or_null(w.Key("reviewed_at"), h.reviewed_at);
  text_or_null(w.Key("reviewed_by"), h.reviewed_by);
  w.Field("risk_level", domain::Name(h.risk_level));
  w.Field("school_id", h.school_id);
  w.Field("school_name", school_name);
  w.Field("source", domain::Name(h.source));
  text_or_null(w.Key("started_by"), h.started_by);
  w.Field("state", domain::Name(h.state));
  text_or_null(w.Key("submitted_at"), h.submitted_at);
  text_or_null(w.Key("submitted_by"), h.submitted_by);
  w.Field("supervising_org_id", h.supervising_org_id);
  w.Field("updated_at", h.updated_at);
  w.Key("version").Int(h.version);
  text_or_null(w.Key("voided_by"), h.voided_by);
  w.Field("voided_reason", h.voided_reason);
  w.EndObject();
}

Json ExtensionJson(const domain::HazardExtension& e) {
  return Json{{"id", e.id},
              {"hazard_id", e.hazard_id},
              {"requested_by", e.requested_by},
              {"requested_at", e.requested_at},
              {"old_deadline", Text(e.old_deadline)},
              {"new_deadline", Text(e.new_deadline)},
              {"reason", e.reason},
              {"state", domain::Name(e.state)},
              {"decided_by", OrNull(e.decided_by)},
              {"decided_at", OrNull(e.decided_at)},
              {"decision_reason", e.decision_reason}};
}

Json EvidenceRefJson(const domain::HazardEvidence& e) {
  // A gallery item: where the photo and its thumbnail are, and what the upload found (null for a
  // reference journaled before uploads existed).
  const bool known = !e.mime.empty();
  return Json{{"sha256", e.sha256},
              {"kind", domain::Name(e.kind)},
              {"added_seq", e.added_seq},
              {"url", "/api/v1/evidence/" + e.sha256},
              {"thumb_url", "/api/v1/evidence/" + e.sha256 + "/thumb"},
              {"mime", known ? Json(e.mime) : Json(nullptr)},
              {"width", known ? Json(e.width) : Json(nullptr)},
              {"height", known ? Json(e.height) : Json(nullptr)},
              {"taken_at", e.taken_at.empty() ? Json(nullptr) : Json(e.taken_at)}};
}

Json HistoryJson(const std::vector<domain::JournalEntry>& entries) {
  Json out = Json::array();
  for (const auto& e : entries) {
    auto payload = ParseJson(e.payload);
    out.push_back(Json{{"seq", e.seq},
                       {"at", e.at},
                       {"actor", e.actor},
                       {"kind", e.kind},
                       {"payload", payload ? *payload : Json(nullptr)}});
  }
  return out;
}

Status ParseHazardQuery(const Request& r, app::HazardQuery* q) {
  static const std::set<std::string> kKnown = {"org",      "school", "campaign", "state",           "risk_level",
                                               "category", "source", "overdue",  "due_within_days", "q",
                                               "sort",     "page",   "page_size"};
  for (const auto& [k, v] : r.query)
    if (!kKnown.count(k)) return Fail(InvalidInput("invalid_query", "unknown query parameter: " + k, k));
  auto id_param = [&](const char* name, std::string* out) -> Status {
    auto v = r.Query(name);
    if (v.size() > 64 || !IsValidUtf8(v))
      return Fail(InvalidInput("invalid_query", std::string(name) + " is too long", name));
    *out = v;
    return {};
  };
  TRY_STATUS(id_param("org", &q->org_id));
  TRY_STATUS(id_param("school", &q->school_id));
  TRY_STATUS(id_param("campaign", &q->campaign_id));
  auto en = [&](const char* name, auto parse, auto* out) -> Status {
    auto v = r.Query(name);
    if (v.empty()) return {};
    auto e = parse(v);
    if (!e) return Fail(InvalidInput("unknown_enum_value", std::string(name) + ": unknown value '" + v + "'", name));
    *out = *e;
    return {};
  };
  TRY_STATUS(en("state", domain::ParseHazardState, &q->state));
  TRY_STATUS(en("risk_level", domain::ParseRiskLevel, &q->risk_level));
  TRY_STATUS(en("category", domain::ParseHazardCategory, &q->category));
  TRY_STATUS(en("source", domain::ParseHazardSource, &q->source));
  auto overdue = r.Query("overdue");
  if (overdue == "true")
    q->overdue = true;
  else if (overdue == "false")
    q->overdue = false;
  else if (!overdue.empty())
    return Fail(InvalidInput("invalid_query", "overdue must be true or false", "overdue"));
  auto due = r.Query("due_within_days");
  if (!due.empty()) {
    if (due.size() > 3 || due.find_first_not_of("0123456789") != std::string::npos || std::stoi(due) > 366)
      return Fail(InvalidInput("invalid_query", "due_within_days must be an integer from 0 to 366", "due_within_days"));
    q->due_within_days = std::stoi(due);
  }
  q->q = r.Query("q");
  if (q->q.size() > 100 || !IsValidUtf8(q->q)) return Fail(InvalidInput("invalid_query", "q is too long", "q"));
  static const std::map<std::string, domain::HazardSort> kSorts = {
      {"deadline", domain::HazardSort::kDeadline}, {"-deadline", domain::HazardSort::kDeadlineDesc},
      {"found_at", domain::HazardSort::kFoundAt},  {"-found_at", domain::HazardSort::kFoundAtDesc},
      {"risk", domain::HazardSort::kRisk},         {"number", domain::HazardSort::kNumber},
  };
  auto sort = r.Query("sort");
  if (!sort.empty()) {
    auto it = kSorts.find(sort);
    if (it == kSorts.end())
      return Fail(InvalidInput("invalid_query",
                               "sort must be one of deadline, -deadline, found_at, -found_at, risk, number", "sort"));
    q->sort = it->second;
  }
  return {};
}

}  // namespace anxiao::http
