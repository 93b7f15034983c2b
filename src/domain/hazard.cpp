#include "domain/hazard.hpp"

#include <cstdio>
#include <utility>

#include "base/strings.hpp"
#include "domain/enum_names.hpp"
#include "domain/org.hpp"

namespace anxiao::domain {
namespace {

constexpr std::array<std::pair<RiskLevel, std::string_view>, 4> kRisks{{
    {RiskLevel::kRed, "red"},
    {RiskLevel::kOrange, "orange"},
    {RiskLevel::kYellow, "yellow"},
    {RiskLevel::kBlue, "blue"},
}};
constexpr std::array<std::pair<HazardState, std::string_view>, 6> kStates{{
    {HazardState::kRegistered, "registered"},
    {HazardState::kPlanned, "planned"},
    {HazardState::kRectifying, "rectifying"},
    {HazardState::kAwaitingReview, "awaiting_review"},
    {HazardState::kClosed, "closed"},
    {HazardState::kVoided, "voided"},
}};
constexpr std::array<std::pair<HazardSource, std::string_view>, 10> kSources{{
    {HazardSource::kSelf, "self"},
    {HazardSource::kCountyCensus, "county_census"},
    {HazardSource::kCountySpotCheck, "county_spot_check"},
    {HazardSource::kCitySupervision, "city_supervision"},
    {HazardSource::kCrossInspection, "cross_inspection"},
    {HazardSource::kResident, "resident"},
    {HazardSource::kThematic, "thematic"},
    {HazardSource::kProvince, "province"},
    {HazardSource::kOtherDepartment, "other_department"},
    {HazardSource::kPublicReport, "public_report"},
}};
constexpr std::array<std::pair<HazardCategory, std::string_view>, 11> kCategories{{
    {HazardCategory::kFire, "fire"},
    {HazardCategory::kBuildings, "buildings"},
    {HazardCategory::kFood, "food"},
    {HazardCategory::kTraffic, "traffic"},
    {HazardCategory::kLabChemicals, "lab_chemicals"},
    {HazardCategory::kSecurity, "security"},
    {HazardCategory::kDormitory, "dormitory"},
    {HazardCategory::kDrowning, "drowning"},
    {HazardCategory::kEpidemic, "epidemic"},
    {HazardCategory::kLargeEvents, "large_events"},
    {HazardCategory::kOther, "other"},
}};
constexpr std::array<std::pair<HazardAction, std::string_view>, 9> kActions{{
    {HazardAction::kPlan, "plan"},
    {HazardAction::kStart, "start"},
    {HazardAction::kProgress, "progress"},
    {HazardAction::kSubmit, "submit"},
    {HazardAction::kClose, "close"},
    {HazardAction::kReject, "reject"},
    {HazardAction::kVoid, "void"},
    {HazardAction::kRequestExtension, "request_extension"},
    {HazardAction::kDecideExtension, "decide_extension"},
}};
constexpr std::array<std::pair<ExtensionState, std::string_view>, 3> kExtensionStates{{
    {ExtensionState::kPending, "pending"},
    {ExtensionState::kApproved, "approved"},
    {ExtensionState::kDenied, "denied"},
}};
constexpr std::array<std::pair<EvidenceKind, std::string_view>, 3> kEvidenceKinds{{
    {EvidenceKind::kBefore, "before"},
    {EvidenceKind::kProgress, "progress"},
    {EvidenceKind::kAfter, "after"},
}};

// The verb of the illegal-transition message: "cannot <verb> a hazard in state <state>".
std::string_view Verb(HazardAction a) {
  switch (a) {
    case HazardAction::kPlan: return "plan";
    case HazardAction::kStart: return "start";
    case HazardAction::kProgress: return "record progress on";
    case HazardAction::kSubmit: return "submit";
    case HazardAction::kClose: return "close";
    case HazardAction::kReject: return "reject";
    case HazardAction::kVoid: return "void";
    case HazardAction::kRequestExtension: return "request an extension for";
    case HazardAction::kDecideExtension: return "decide an extension of";
  }
  return "?";
}

bool IsSchoolRole(Role r) { return r == Role::kSchoolOfficer || r == Role::kPrincipal; }
bool IsSupervisorRole(Role r) { return r == Role::kBureauOfficer || r == Role::kInspector || r == Role::kExpert; }
bool WithSchool(HazardState s) {
  return s == HazardState::kRegistered || s == HazardState::kPlanned || s == HazardState::kRectifying;
}

}  // namespace

std::string_view Name(RiskLevel r) { return NameIn(kRisks, r); }
std::string_view Name(HazardState s) { return NameIn(kStates, s); }
std::string_view Name(HazardSource s) { return NameIn(kSources, s); }
std::string_view Name(HazardCategory c) { return NameIn(kCategories, c); }
std::string_view Name(HazardAction a) { return NameIn(kActions, a); }
std::string_view Name(ExtensionState s) { return NameIn(kExtensionStates, s); }
std::string_view Name(EvidenceKind k) { return NameIn(kEvidenceKinds, k); }
std::optional<RiskLevel> ParseRiskLevel(std::string_view s) { return LookupName(kRisks, s); }
std::optional<HazardState> ParseHazardState(std::string_view s) { return LookupName(kStates, s); }
std::optional<HazardSource> ParseHazardSource(std::string_view s) { return LookupName(kSources, s); }
std::optional<HazardCategory> ParseHazardCategory(std::string_view s) { return LookupName(kCategories, s); }
std::optional<ExtensionState> ParseExtensionState(std::string_view s) { return LookupName(kExtensionStates, s); }
std::optional<EvidenceKind> ParseEvidenceKind(std::string_view s) { return LookupName(kEvidenceKinds, s); }

std::string_view ChineseName(RiskLevel r) {
  switch (r) {
    case RiskLevel::kRed: return "重大";
    case RiskLevel::kOrange: return "较大";
    case RiskLevel::kYellow: return "一般";
    case RiskLevel::kBlue: return "低";
  }
  return "?";
}

Date DefaultDeadline(RiskLevel r, Date found, const HazardSettings& s) {
  return CivilFromDays(DaysFromCivil(found) + s.deadline_days[static_cast<std::size_t>(RiskRank(r))]);
}

bool Hazard::IsRectifier(const std::string& user_id) const {
  return !user_id.empty() && rectifiers.find("," + user_id + ",") != std::string::npos;
}

bool IsOpen(HazardState s) { return s != HazardState::kClosed && s != HazardState::kVoided; }

Result<HazardState> Transition(HazardState from, HazardAction action) {
  using S = HazardState;
  std::optional<S> to;
  switch (action) {
    case HazardAction::kPlan:
      if (from == S::kRegistered) to = S::kPlanned;
      break;
    case HazardAction::kStart:
      if (from == S::kPlanned) to = S::kRectifying;
      break;
    case HazardAction::kProgress:
      if (from == S::kRectifying) to = S::kRectifying;
      break;
    case HazardAction::kSubmit:
      if (from == S::kRectifying) to = S::kAwaitingReview;
      break;
    case HazardAction::kClose:
      if (from == S::kAwaitingReview) to = S::kClosed;
      break;
    case HazardAction::kReject:
      if (from == S::kAwaitingReview) to = S::kRectifying;
      break;
    case HazardAction::kVoid:
      if (IsOpen(from)) to = S::kVoided;
      break;
    case HazardAction::kRequestExtension:
      if (WithSchool(from)) to = from;
      break;
    case HazardAction::kDecideExtension:
      if (IsOpen(from)) to = from;
      break;
  }
  if (!to)
    // `internal` carries "<action>|<state>" so that http/errors.cpp can word the message per language.
    return Fail(Error(ErrorCode::kConflict, "illegal_transition",
                      "cannot " + std::string(Verb(action)) + " a hazard in state " + std::string(Name(from)),
                      std::string(Name(action)) + "|" + std::string(Name(from))));
  return *to;
}

Status AuthoriseRegister(const Actor& a, const std::string& school_path) {
  if (!IsUnder(school_path, a.scope_path)) return Fail(NotFound("school"));
  if (IsSchoolRole(a.role) || IsSupervisorRole(a.role)) return {};
  return Fail(Error(ErrorCode::kForbidden, "register_forbidden",
                    "only school staff, bureau officers, inspectors and experts register hazards"));
}

Status Authorise(const Hazard& h, const Actor& a, HazardAction action) {
  switch (action) {
    case HazardAction::kPlan:
    case HazardAction::kStart:
    case HazardAction::kProgress:
    case HazardAction::kSubmit:
    case HazardAction::kRequestExtension:
      if ((IsSchoolRole(a.role) || a.role == Role::kBureauOfficer) && IsUnder(h.path, a.scope_path)) return {};
      return Fail(Error(ErrorCode::kForbidden, "not_school_side",
                        "only the school or its bureau may " + std::string(Verb(action)) + " this hazard"));
    case HazardAction::kClose:
    case HazardAction::kReject:
    case HazardAction::kVoid:
    case HazardAction::kDecideExtension:
      if (IsSchoolRole(a.role))
        return Fail(Error(ErrorCode::kForbidden, "school_cannot_review",
                          "a school never reviews, closes or voids its own hazards"));
      if (!IsSupervisorRole(a.role) || !IsUnder(h.supervising_path, a.scope_path))
        return Fail(Error(ErrorCode::kForbidden, "not_supervising_level",
                          "only the supervising level may " + std::string(Verb(action)) + " this hazard"));
      if (h.IsRectifier(a.user_id))
        return Fail(
            Error(ErrorCode::kForbidden, "own_work",
                  "you planned or rectified this hazard, so someone else must " + std::string(Verb(action)) + " it"));
      return {};
  }
  return Fail(Forbidden());
}

std::vector<HazardAction> AllowedActions(const Hazard& h, const Actor& a, const std::string& pending_requester) {
  std::vector<HazardAction> out;
  for (const auto& [action, name] : kActions) {
    if (!Authorise(h, a, action) || !Transition(h.state, action)) continue;
    if (action == HazardAction::kRequestExtension && !pending_requester.empty()) continue;
    if (action == HazardAction::kDecideExtension && (pending_requester.empty() || pending_requester == a.user_id))
      continue;
    out.push_back(action);
  }
  return out;
}

Status ValidateText(const std::string& s, const char* field, std::size_t max_chars, bool required) {
  if (!IsValidUtf8(s)) return Fail(InvalidInput("invalid_text", std::string(field) + " is not valid UTF-8", field));
  if (required && TrimAscii(s).empty())
    return Fail(InvalidInput("missing_field", std::string(field) + " is required", field));
  if (Utf8Length(s) > max_chars)
    return Fail(InvalidInput(
        "text_too_long", std::string(field) + " must be at most " + std::to_string(max_chars) + " characters", field));
  return {};
}

Status ValidateEvidenceRef(const std::string& sha) {
  if (sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos)
    return Fail(InvalidInput("invalid_evidence",
                             "evidence must be referenced by its SHA-256 (64 lower-case hex digits)", "evidence"));
  return {};
}

Status ValidatePlan(const Hazard& h, const HazardPlan& p) {
  const bool red = h.risk_level == RiskLevel::kRed;
  auto need = [&](const std::string& v, const char* field) -> Status {
    if (!TrimAscii(v).empty()) return {};
    if (red)
      return Fail(InvalidInput(
          "red_plan_incomplete",
          std::string("a major (red) hazard's plan needs all of 五落实 and interim measures: ") + field + " is missing",
          field));
    return Fail(InvalidInput("missing_field", std::string(field) + " is required", field));
  };
  TRY_STATUS(need(p.measures, "measures"));
  TRY_STATUS(need(p.responsible_person, "responsible_person"));
  if (red) {
    TRY_STATUS(need(p.funds, "funds"));
    if (!p.deadline)
      return Fail(InvalidInput(
          "red_plan_incomplete",
          "a major (red) hazard's plan needs all of 五落实 and interim measures: deadline is missing", "deadline"));
    TRY_STATUS(need(p.contingency_plan, "contingency_plan"));
    TRY_STATUS(need(p.interim_measures, "interim_measures"));
  }
  TRY_STATUS(ValidateText(p.measures, "measures", 2000, true));
  TRY_STATUS(ValidateText(p.responsible_person, "responsible_person", 40, true));
  TRY_STATUS(ValidateText(p.funds, "funds", 200, false));
  TRY_STATUS(ValidateText(p.contingency_plan, "contingency_plan", 2000, false));
  TRY_STATUS(ValidateText(p.interim_measures, "interim_measures", 2000, false));
  if (p.deadline) {
    if (*p.deadline < h.found_at)
      return Fail(
          InvalidInput("invalid_deadline", "the deadline cannot be before the date the hazard was found", "deadline"));
    if (*p.deadline > h.deadline)
      return Fail(
          InvalidInput("invalid_deadline",
                       "the deadline cannot be later than " + FormatDate(h.deadline) + "; request an extension instead",
                       "deadline"));
  }
  return {};
}

Status CheckCanClose(std::int64_t after_evidence_count) {
  if (after_evidence_count < 1)
    return Fail(Conflict("after_evidence_required", "a hazard can only be closed with at least one after-photo"));
  return {};
}

Status ValidateExtensionRequest(const Hazard& h, Date new_deadline, const std::string& reason, bool has_pending) {
  TRY_STATUS(ValidateText(reason, "reason", 500, true));
  if (new_deadline <= h.deadline)
    return Fail(InvalidInput("invalid_deadline", "an extension must move the deadline after " + FormatDate(h.deadline),
                             "new_deadline"));
  if (DaysFromCivil(new_deadline) - DaysFromCivil(h.deadline) > 366)
    return Fail(InvalidInput("invalid_deadline", "an extension may add at most a year", "new_deadline"));
  if (has_pending) return Fail(Conflict("extension_pending", "another extension request awaits a decision"));
  return {};
}

Status ValidateExtensionDecision(const HazardExtension& e, const Actor& a) {
  if (e.requested_by == a.user_id)
    return Fail(Error(ErrorCode::kForbidden, "own_request", "nobody decides on their own extension request"));
  if (e.state != ExtensionState::kPending)
    return Fail(Conflict("extension_decided", "this extension request was already decided"));
  return {};
}

bool IsOverdue(const Hazard& h, Timestamp now) { return WithSchool(h.state) && now >= EndOfChinaDay(h.deadline); }

bool DueWithinDays(const Hazard& h, Timestamp now, int days) {
  if (!WithSchool(h.state) || IsOverdue(h, now)) return false;
  return DaysFromCivil(h.deadline) - DaysFromCivil(ChinaDateOf(now)) <= days;
}

std::string HazardNumber(const std::string& county_code, int year, std::int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%04d-%06lld", year, static_cast<long long>(seq));
  return county_code + buf;
}

}  // namespace anxiao::domain
