#include "domain/inspection.hpp"

#include <array>
#include <cstdlib>
#include <utility>

#include "base/strings.hpp"
#include "domain/enum_names.hpp"
#include "domain/org.hpp"

namespace anxiao::domain {
namespace {

constexpr std::array<std::pair<InspectionState, std::string_view>, 3> kStates{{
    {InspectionState::kPlanned, "planned"},
    {InspectionState::kInProgress, "in_progress"},
    {InspectionState::kSubmitted, "submitted"},
}};
constexpr std::array<std::pair<ItemResult, std::string_view>, 3> kResults{{
    {ItemResult::kPass, "pass"},
    {ItemResult::kFail, "fail"},
    {ItemResult::kNotApplicable, "not_applicable"},
}};
constexpr std::array<std::pair<InspectionAction, std::string_view>, 6> kActions{{
    {InspectionAction::kCheckIn, "check_in"},
    {InspectionAction::kRecord, "record"},
    {InspectionAction::kFeedback, "feedback"},
    {InspectionAction::kSign, "sign"},
    {InspectionAction::kSubmit, "submit"},
    {InspectionAction::kAmend, "amend"},
}};
constexpr std::array<std::pair<SignerRole, std::string_view>, 2> kSigners{{
    {SignerRole::kInspector, "inspector"},
    {SignerRole::kSchool, "school"},
}};

// Decimal degrees as text: optional '-', digits, optional '.' and up to 8 decimals.
std::optional<double> Degrees(const std::string& s) {
  if (s.empty() || s.size() > 14) return std::nullopt;
  std::size_t i = s[0] == '-' ? 1 : 0, digits = 0, dots = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (++dots > 1) return std::nullopt;
    } else if (s[i] >= '0' && s[i] <= '9') {
      ++digits;
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0 || s.back() == '.') return std::nullopt;
  return std::strtod(s.c_str(), nullptr);
}

}  // namespace

std::string_view Name(InspectionState s) { return NameIn(kStates, s); }
std::string_view Name(ItemResult r) { return NameIn(kResults, r); }
std::string_view Name(InspectionAction a) { return NameIn(kActions, a); }
std::string_view Name(SignerRole r) { return NameIn(kSigners, r); }
std::optional<InspectionState> ParseInspectionState(std::string_view s) { return LookupName(kStates, s); }
std::optional<ItemResult> ParseItemResult(std::string_view s) { return LookupName(kResults, s); }
std::optional<SignerRole> ParseSignerRole(std::string_view s) { return LookupName(kSigners, s); }

bool Inspection::IsInspector(const std::string& user_id) const {
  return !user_id.empty() && inspectors.find("," + user_id + ",") != std::string::npos;
}

bool VisibleTo(const Inspection& i, const Actor& a) {
  if (IsUnder(i.inspecting_path, a.scope_path)) return true;
  if (i.IsInspector(a.user_id)) return true;
  if (!IsUnder(i.school_path, a.scope_path)) return false;
  // 四不两直: no notice to the inspected before the inspectors arrive.
  return !i.unannounced || i.state != InspectionState::kPlanned;
}

Result<InspectionState> Transition(InspectionState from, InspectionAction action) {
  using S = InspectionState;
  std::optional<S> to;
  switch (action) {
    case InspectionAction::kCheckIn:
      if (from == S::kPlanned) to = S::kInProgress;
      break;
    case InspectionAction::kRecord:
    case InspectionAction::kFeedback:
    case InspectionAction::kSign:
      if (from == S::kInProgress) to = from;
      break;
    case InspectionAction::kSubmit:
      if (from == S::kInProgress) to = S::kSubmitted;
      break;
    case InspectionAction::kAmend:
      if (from == S::kSubmitted) to = from;
      break;
  }
  if (!to)
    return Fail(Error(ErrorCode::kConflict, "illegal_inspection_transition",
                      "cannot " + std::string(Name(action)) + " an inspection in state " + std::string(Name(from)),
                      std::string(Name(action)) + "|" + std::string(Name(from))));
  return *to;
}

Status AuthoriseInspection(const Inspection& i, const Actor& a) {
  if (i.self_inspection) {
    if ((a.role == Role::kSchoolOfficer || a.role == Role::kPrincipal) && IsUnder(i.school_path, a.scope_path))
      return {};
    return Fail(
        Error(ErrorCode::kForbidden, "not_inspector", "a self-inspection is filled in by the school's own staff"));
  }
  if (a.role == Role::kAuditor || a.role == Role::kSchoolOfficer || a.role == Role::kPrincipal)
    return Fail(Error(ErrorCode::kForbidden, "not_inspector", "only the inspectors of this visit may do this"));
  if (i.IsInspector(a.user_id)) return {};
  if ((a.role == Role::kBureauOfficer || a.role == Role::kAdmin) && IsUnder(i.inspecting_path, a.scope_path)) return {};
  return Fail(Error(ErrorCode::kForbidden, "not_inspector", "only the inspectors of this visit may do this"));
}

Status ValidateItemResult(ItemResult r, const std::string& note, const std::vector<std::string>& photos,
                          bool photo_required) {
  if (!IsValidUtf8(note)) return Fail(InvalidInput("invalid_text", "note is not valid UTF-8", "note"));
  if (Utf8Length(note) > 500) return Fail(InvalidInput("text_too_long", "note must be at most 500 characters", "note"));
  if (photos.size() > 10) return Fail(InvalidInput("too_much_evidence", "at most 10 photos per item", "photos"));
  for (const auto& p : photos) TRY_STATUS(ValidateEvidenceRef(p));
  if (r == ItemResult::kFail) {
    if (TrimAscii(note).empty())
      return Fail(InvalidInput("fail_note_required", "a failed item needs a note saying what is wrong", "note"));
    if (photo_required && photos.empty())
      return Fail(InvalidInput("photo_required", "this item needs a photo when it fails", "photos"));
  }
  return {};
}

Status ValidatePosition(const std::string& lat, const std::string& lon) {
  if (lat.empty() && lon.empty()) return {};
  auto la = Degrees(lat), lo = Degrees(lon);
  if (!la || !lo || *la < -90 || *la > 90 || *lo < -180 || *lo > 180)
    return Fail(InvalidInput("invalid_position", "latitude and longitude are decimal degrees, given together",
                             lat.empty() || !la ? "latitude" : "longitude"));
  return {};
}

Status CheckCanSubmit(const Inspection& i, std::size_t total, std::size_t answered,
                      const std::vector<Signature>& sigs) {
  if (answered < total)
    return Fail(Conflict("items_unanswered", std::to_string(total - answered) + " items have no result yet"));
  bool inspector = false, school = false;
  for (const auto& s : sigs) {
    inspector = inspector || s.role == SignerRole::kInspector;
    school = school || s.role == SignerRole::kSchool;
  }
  if (i.self_inspection) {
    if (sigs.empty())
      return Fail(Conflict("signature_missing", "the self-inspection needs the signature of whoever did it"));
    return {};
  }
  if (!inspector || !school)
    return Fail(Conflict("signature_missing", std::string("the inspection needs the signature of ") +
                                                  (!inspector ? "an inspector" : "the school's representative")));
  return {};
}

std::string CarriedCode(const std::string& hazard_id) { return std::string(kCarriedPrefix) + hazard_id; }
bool IsCarriedCode(const std::string& code) { return code.rfind(kCarriedPrefix, 0) == 0; }

}  // namespace anxiao::domain
