#include "domain/org.hpp"

#include <array>
#include <utility>

#include "base/strings.hpp"
#include "domain/enum_names.hpp"

namespace anxiao::domain {
namespace {

constexpr std::array<std::pair<OrgKind, std::string_view>, 4> kOrgKinds{{
    {OrgKind::kProvince, "province"},
    {OrgKind::kCity, "city"},
    {OrgKind::kCounty, "county"},
    {OrgKind::kSchool, "school"},
}};
constexpr std::array<std::pair<SchoolType, std::string_view>, 10> kSchoolTypes{{
    {SchoolType::kKindergarten, "kindergarten"},
    {SchoolType::kPrimary, "primary"},
    {SchoolType::kJuniorMiddle, "junior_middle"},
    {SchoolType::kSeniorHigh, "senior_high"},
    {SchoolType::kNineYear, "nine_year"},
    {SchoolType::kCompleteMiddle, "complete_middle"},
    {SchoolType::kVocational, "vocational"},
    {SchoolType::kSpecialEducation, "special_education"},
    {SchoolType::kHigherEducation, "higher_education"},
    {SchoolType::kOffCampusTraining, "off_campus_training"},
}};
constexpr std::array<std::pair<Ownership, std::string_view>, 2> kOwnerships{{
    {Ownership::kPublic, "public"},
    {Ownership::kPrivate, "private"},
}};
constexpr std::array<std::pair<LocationClass, std::string_view>, 4> kLocations{{
    {LocationClass::kUrban, "urban"},
    {LocationClass::kTown, "town"},
    {LocationClass::kFringe, "fringe"},
    {LocationClass::kRural, "rural"},
}};

bool IsDecimalDegrees(std::string_view s, double limit) {
  if (s.empty()) return true;
  std::size_t i = 0;
  if (s[0] == '-') i = 1;
  bool dot = false, digit = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !dot)
      dot = true;
    else if (s[i] >= '0' && s[i] <= '9')
      digit = true;
    else
      return false;
  }
  if (!digit || s.size() > 16) return false;
  double v = std::stod(std::string(s));
  return v >= -limit && v <= limit;
}

bool IsPhone(std::string_view s) {
  if (s.size() > 20) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == ' ')) return false;
  return true;
}

}  // namespace

std::string_view Name(OrgKind k) { return NameIn(kOrgKinds, k); }
std::string_view Name(SchoolType t) { return NameIn(kSchoolTypes, t); }
std::string_view Name(Ownership o) { return NameIn(kOwnerships, o); }
std::string_view Name(LocationClass l) { return NameIn(kLocations, l); }
std::optional<OrgKind> ParseOrgKind(std::string_view s) { return LookupName(kOrgKinds, s); }
std::optional<SchoolType> ParseSchoolType(std::string_view s) { return LookupName(kSchoolTypes, s); }
std::optional<Ownership> ParseOwnership(std::string_view s) { return LookupName(kOwnerships, s); }
std::optional<LocationClass> ParseLocationClass(std::string_view s) { return LookupName(kLocations, s); }

std::string ChildPath(const std::string& parent_path, const std::string& id) {
  return (parent_path.empty() ? std::string("/") : parent_path) + id + "/";
}

Status ValidateSchool(const School& s) {
  if (s.code.size() != 10 || s.code.find_first_not_of("0123456789") != std::string::npos)
    return Fail(InvalidInput("invalid_school_code", "school code must be exactly 10 digits", "code"));
  auto name = TrimAscii(s.name);
  if (name.empty() || Utf8Length(name) > 60 || !IsValidUtf8(name))
    return Fail(InvalidInput("invalid_name", "school name must be 1 to 60 characters", "name"));
  if (s.student_count < 0 || s.student_count > 200000)
    return Fail(InvalidInput("invalid_student_count", "student count must be between 0 and 200000", "student_count"));
  if (Utf8Length(s.address) > 200 || !IsValidUtf8(s.address))
    return Fail(InvalidInput("invalid_address", "address must be at most 200 characters", "address"));
  if (!IsDecimalDegrees(s.latitude, 90))
    return Fail(InvalidInput("invalid_latitude", "latitude must be decimal degrees between -90 and 90", "latitude"));
  if (!IsDecimalDegrees(s.longitude, 180))
    return Fail(
        InvalidInput("invalid_longitude", "longitude must be decimal degrees between -180 and 180", "longitude"));
  for (const auto* f : {&s.principal_name, &s.safety_officer_name})
    if (Utf8Length(*f) > 40 || !IsValidUtf8(*f))
      return Fail(InvalidInput("invalid_person_name", "names must be at most 40 characters",
                               f == &s.principal_name ? "principal_name" : "safety_officer_name"));
  if (!IsPhone(s.principal_phone))
    return Fail(InvalidInput("invalid_phone", "phone numbers may contain digits, +, - and spaces", "principal_phone"));
  if (!IsPhone(s.safety_officer_phone))
    return Fail(
        InvalidInput("invalid_phone", "phone numbers may contain digits, +, - and spaces", "safety_officer_phone"));
  return {};
}

}  // namespace anxiao::domain
