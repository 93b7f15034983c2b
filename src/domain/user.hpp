#pragma once
// Users, roles and what each role may do (PRODUCT.md §2). Scope is an org subtree: a user never
// sees or changes anything outside it, and reads outside it answer "not found".

#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace anxiao::domain {

enum class Role { kAdmin, kBureauOfficer, kInspector, kExpert, kSchoolOfficer, kPrincipal, kAuditor };

std::string_view Name(Role r);
std::optional<Role> ParseRole(std::string_view s);

struct User {
  std::string id;
  std::string username;
  std::string display_name;
  Role role = Role::kInspector;
  std::string scope_org_id;
  std::string organization;  // e.g. 聊城市消防救援支队 for an external expert
  bool disabled = false;
  std::string password_fp;  // SHA-256 of the argon2id hash string (the hash itself is not journaled)
  std::int64_t version = 1;
};

// The authenticated caller of a use case, with the path of its scope org resolved.
struct Actor {
  std::string user_id;  // or "system"
  Role role = Role::kAdmin;
  std::string scope_path;  // "/…/" of the scope org
  std::string scope_org_id;

  static Actor System() { return Actor{"system", Role::kAdmin, "/", ""}; }
  bool IsSystem() const { return user_id == "system"; }
};

// May this role write anything at all? (auditor: never)
bool MayWrite(Role r);
// May the role administer users, orgs and schools?
bool MayAdminister(Role r);
// May the role browse the org tree and school register within its scope? Experts see only what
// they are assigned to, so they get no register view.
bool MayBrowseRegister(Role r);
// May the role run integrity verification and read checkpoints?
bool MayVerify(Role r);

Status ValidateUsername(std::string_view u);
Status ValidatePassword(std::string_view p);
Status ValidateDisplayName(std::string_view d);

}  // namespace anxiao::domain
