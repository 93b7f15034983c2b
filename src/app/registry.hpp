#pragma once
// The org tree and the school register: reads within the caller's scope, and administrative
// writes (journaled). Out-of-scope records answer kNotFound, exactly like missing ones.

#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"

namespace anxiao::app {

struct OrgCrumb {
  std::string id, name;
  domain::OrgKind kind;
};

struct OrgView {
  domain::Org org;
  std::int64_t school_count = 0;
  std::vector<OrgCrumb> path;  // from the caller's scope root down to this org
};

struct SchoolQuery {
  std::string org_id;  // optional: narrow to this org's subtree (must be in scope)
  std::string q;
  std::optional<domain::SchoolType> type;
  std::optional<domain::Ownership> ownership;
  std::optional<domain::LocationClass> location_class;
  std::optional<bool> boarding;
  domain::PageRequest page;
};

// Fields an update may change; unset fields stay as they are.
struct SchoolPatch {
  std::optional<std::string> name, address, latitude, longitude, principal_name, principal_phone, safety_officer_name,
      safety_officer_phone;
  std::optional<domain::SchoolType> type;
  std::optional<domain::Ownership> ownership;
  std::optional<domain::LocationClass> location_class;
  std::optional<bool> boarding;
  std::optional<std::int64_t> student_count;
};

class Registry {
 public:
  explicit Registry(Services& s) : s_(s) {}

  Result<OrgView> GetOrg(const domain::Actor& a, const std::string& id);
  Result<std::vector<OrgView>> Children(const domain::Actor& a, const std::string& id);
  Result<domain::PageOf<domain::School>> SearchSchools(const domain::Actor& a, const SchoolQuery& q);
  Result<domain::School> GetSchool(const domain::Actor& a, const std::string& id);

  // Admin only (kForbidden otherwise). `s.parent_id` must be a county or city in scope.
  Result<domain::School> CreateSchool(const domain::Actor& a, domain::School s);
  // kVersionMismatch if `expected_version` is not current.
  Result<domain::School> UpdateSchool(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                                      const SchoolPatch& patch);
  // Creates a province (parent empty), city or county. Admin or system.
  Result<domain::Org> CreateOrg(const domain::Actor& a, const std::string& parent_id, domain::OrgKind kind,
                                const std::string& name, const std::string& code);

  // Variants inside a caller's transaction (used by the demo loader and init).
  Result<domain::Org> CreateOrgIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& parent_id,
                                  domain::OrgKind kind, const std::string& name, const std::string& code);
  Result<domain::School> CreateSchoolIn(domain::WriteTx& tx, const domain::Actor& a, domain::School s);

 private:
  Services& s_;
};

// Serialises the fields of a school as they appear in the journal payload of school.created.
Json SchoolPayload(const domain::School& s);

}  // namespace anxiao::app
