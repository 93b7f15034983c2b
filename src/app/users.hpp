#pragma once
// User administration (admin only): create, change role/scope/name/organisation, disable, set
// password. Journaled as user.* events; the argon2id hash itself goes to the credential table and
// only its SHA-256 fingerprint into the journal.

#include <optional>
#include <string>

#include "app/services.hpp"

namespace anxiao::app {

struct NewUser {
  std::string username, display_name, password, scope_org_id, organization;
  domain::Role role = domain::Role::kInspector;
};

struct UserPatch {
  std::optional<std::string> display_name, scope_org_id, organization;
  std::optional<domain::Role> role;
  std::optional<bool> disabled;
};

class Users {
 public:
  explicit Users(Services& s) : s_(s) {}

  Result<domain::User> Create(const domain::Actor& a, const NewUser& u);
  Result<domain::User> CreateIn(domain::WriteTx& tx, const domain::Actor& a, const NewUser& u,
                                const std::string& argon2_hash);
  Result<domain::User> Update(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                              const UserPatch& p);
  Status SetPassword(const domain::Actor& a, const std::string& id, const std::string& password);
  Result<domain::User> Get(const domain::Actor& a, const std::string& id);
  Result<domain::PageOf<domain::User>> List(const domain::Actor& a, const domain::UserFilter& f);

  // The people a bureau officer (or an admin) may put on a team, for pickers: enabled users only.
  // kMember: inspectors, bureau officers and experts whose scope lies within the caller's;
  // kExpert: experts whose scope lies within the caller's or above it (the city's fire brigade
  // and CDC experts serve its counties). `f.q` narrows by name; its role fields are ignored.
  // kForbidden for every other role.
  enum class Seat { kMember, kExpert };
  Result<domain::PageOf<domain::User>> ListAssignable(const domain::Actor& a, Seat seat, domain::UserFilter f);

 private:
  Services& s_;
};

}  // namespace anxiao::app
