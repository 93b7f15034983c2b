#pragma once
// The org tree (PRODUCT.md §3): province → city → county-level unit → school; city-direct schools
// hang under the city. Every node has a materialised `path` "/<root id>/…/<own id>/" so that scope
// checks and subtree queries are a prefix test.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace anxiao::domain {

enum class OrgKind { kProvince, kCity, kCounty, kSchool };

enum class SchoolType {
  kKindergarten,
  kPrimary,
  kJuniorMiddle,
  kSeniorHigh,
  kNineYear,
  kCompleteMiddle,
  kVocational,
  kSpecialEducation,
  kHigherEducation,
  kOffCampusTraining,
};
enum class Ownership { kPublic, kPrivate };
enum class LocationClass { kUrban, kTown, kFringe, kRural };

std::string_view Name(OrgKind k);
std::string_view Name(SchoolType t);
std::string_view Name(Ownership o);
std::string_view Name(LocationClass l);
std::optional<OrgKind> ParseOrgKind(std::string_view s);
std::optional<SchoolType> ParseSchoolType(std::string_view s);
std::optional<Ownership> ParseOwnership(std::string_view s);
std::optional<LocationClass> ParseLocationClass(std::string_view s);

struct Org {
  std::string id;
  std::string parent_id;  // empty for the root
  OrgKind kind = OrgKind::kProvince;
  std::string name;
  std::string code;  // administrative division code, or the school code for schools
  std::string path;  // "/<id>/…/<id>/"
};

struct School {
  std::string id;         // same as the org node's id
  std::string parent_id;  // county, or city for city-direct schools
  std::string code;       // national school identification code, 10 digits
  std::string name;
  SchoolType type = SchoolType::kPrimary;
  Ownership ownership = Ownership::kPublic;
  LocationClass location_class = LocationClass::kUrban;
  bool boarding = false;
  std::int64_t student_count = 0;
  std::string address;
  std::string latitude;  // decimal degrees as text ("36.2556"), or empty
  std::string longitude;
  std::string principal_name;
  std::string principal_phone;
  std::string safety_officer_name;
  std::string safety_officer_phone;
  std::string path;
  std::int64_t version = 1;
};

// Builds the path of a child of `parent` with id `id`.
std::string ChildPath(const std::string& parent_path, const std::string& id);
// True if `path` is `scope_path` or lies below it.
inline bool IsUnder(std::string_view path, std::string_view scope_path) {
  return !scope_path.empty() && path.substr(0, scope_path.size()) == scope_path;
}

// Field validation shared by create and update. Errors are kInvalidInput naming the field.
Status ValidateSchool(const School& s);

}  // namespace anxiao::domain
