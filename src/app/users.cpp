#include "app/users.hpp"

#include "base/sha256.hpp"
#include "base/strings.hpp"

namespace anxiao::app {
namespace {

Status RequireAdmin(const domain::Actor& a) {
  if (a.IsSystem() || domain::MayAdminister(a.role)) return {};
  return Fail(Forbidden("only administrators may manage users"));
}

Status CheckScopeOrg(domain::ReadView& v, const domain::Actor& a, const std::string& org_id) {
  TRY_ASSIGN(auto o, v.FindOrg(org_id));
  if (!o || !domain::IsUnder(o->path, a.scope_path))
    return Fail(InvalidInput("unknown_scope_org", "the scope org was not found", "scope_org_id"));
  return {};
}

Status CheckOrganization(const std::string& s) {
  if (Utf8Length(s) > 60 || !IsValidUtf8(s))
    return Fail(InvalidInput("invalid_organization", "organization must be at most 60 characters", "organization"));
  return {};
}

}  // namespace

Result<domain::User> Users::CreateIn(domain::WriteTx& tx, const domain::Actor& a, const NewUser& in,
                                     const std::string& argon2_hash) {
  TRY_STATUS(RequireAdmin(a));
  TRY_STATUS(domain::ValidateUsername(in.username));
  TRY_STATUS(domain::ValidateDisplayName(in.display_name));
  TRY_STATUS(CheckOrganization(in.organization));
  TRY_STATUS(CheckScopeOrg(tx, a, in.scope_org_id));
  TRY_ASSIGN(auto existing, tx.FindUserByUsername(in.username));
  if (existing)
    return Fail(Error(ErrorCode::kConflict, "duplicate_username", "this username is taken", "", "username"));
  domain::User u;
  u.id = s_.ids.Next("usr");
  u.username = in.username;
  u.display_name = std::string(TrimAscii(in.display_name));
  u.role = in.role;
  u.scope_org_id = in.scope_org_id;
  u.organization = in.organization;
  u.password_fp = Sha256Hex(argon2_hash);
  Json payload{{"username", u.username},         {"display_name", u.display_name}, {"role", domain::Name(u.role)},
               {"scope_org_id", u.scope_org_id}, {"organization", u.organization}, {"disabled", false},
               {"password_fp", u.password_fp}};
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"user.created", u.id, payload}));
  TRY_STATUS(tx.PutPasswordHash(u.id, argon2_hash));
  return u;
}

Result<domain::User> Users::Create(const domain::Actor& a, const NewUser& in) {
  TRY_STATUS(RequireAdmin(a));
  TRY_STATUS(domain::ValidateUsername(in.username));
  TRY_STATUS(domain::ValidatePassword(in.password));
  // Hash outside the write transaction: argon2id takes tens of milliseconds.
  std::string hash = HashPassword(in.password, s_.password_cost);
  return domain::WriteValue<domain::User>(s_.store, [&](domain::WriteTx& tx) { return CreateIn(tx, a, in, hash); });
}

Result<domain::User> Users::Update(const domain::Actor& a, const std::string& id, std::int64_t expected_version,
                                   const UserPatch& p) {
  TRY_STATUS(RequireAdmin(a));
  return domain::WriteValue<domain::User>(s_.store, [&](domain::WriteTx& tx) -> Result<domain::User> {
    TRY_ASSIGN(auto cur, tx.FindUser(id));
    if (!cur) return Fail(NotFound("user " + id));
    if (cur->version != expected_version)
      return Fail(Error(ErrorCode::kVersionMismatch, "version_mismatch",
                        "the record was changed by someone else; reload and try again"));
    domain::User next = *cur;
    Json changes = Json::object();
    if (p.display_name && *p.display_name != cur->display_name) {
      TRY_STATUS(domain::ValidateDisplayName(*p.display_name));
      next.display_name = std::string(TrimAscii(*p.display_name));
      changes["display_name"] = next.display_name;
    }
    if (p.scope_org_id && *p.scope_org_id != cur->scope_org_id) {
      TRY_STATUS(CheckScopeOrg(tx, a, *p.scope_org_id));
      next.scope_org_id = *p.scope_org_id;
      changes["scope_org_id"] = next.scope_org_id;
    }
    if (p.organization && *p.organization != cur->organization) {
      TRY_STATUS(CheckOrganization(*p.organization));
      next.organization = *p.organization;
      changes["organization"] = next.organization;
    }
    if (p.role && *p.role != cur->role) {
      if (id == a.user_id) return Fail(Conflict("own_role", "administrators cannot change their own role"));
      next.role = *p.role;
      changes["role"] = domain::Name(next.role);
    }
    if (p.disabled && *p.disabled != cur->disabled) {
      if (id == a.user_id && *p.disabled)
        return Fail(Conflict("own_account", "administrators cannot disable themselves"));
      next.disabled = *p.disabled;
      changes["disabled"] = next.disabled;
    }
    if (changes.empty()) return *cur;
    next.version = cur->version + 1;
    TRY_STATUS(
        tx.Append(a.user_id, domain::Event{"user.updated", id, Json{{"changes", changes}, {"version", next.version}}}));
    return next;
  });
}

Status Users::SetPassword(const domain::Actor& a, const std::string& id, const std::string& password) {
  TRY_STATUS(RequireAdmin(a));
  TRY_STATUS(domain::ValidatePassword(password));
  std::string hash = HashPassword(password, s_.password_cost);
  return s_.store.Write([&](domain::WriteTx& tx) -> Status {
    TRY_ASSIGN(auto cur, tx.FindUser(id));
    if (!cur) return Fail(NotFound("user " + id));
    TRY_STATUS(tx.Append(a.user_id, domain::Event{"user.password_set", id, Json{{"password_fp", Sha256Hex(hash)}}}));
    return tx.PutPasswordHash(id, hash);
  });
}

Result<domain::User> Users::Get(const domain::Actor& a, const std::string& id) {
  TRY_STATUS(RequireAdmin(a));
  return domain::ReadValue<domain::User>(s_.store, [&](domain::ReadView& v) -> Result<domain::User> {
    TRY_ASSIGN(auto u, v.FindUser(id));
    if (!u) return Fail(NotFound("user " + id));
    return *u;
  });
}

Result<domain::PageOf<domain::User>> Users::List(const domain::Actor& a, const domain::UserFilter& f) {
  TRY_STATUS(RequireAdmin(a));
  return domain::ReadValue<domain::PageOf<domain::User>>(s_.store, [&](domain::ReadView& v) { return v.ListUsers(f); });
}

Result<domain::PageOf<domain::User>> Users::ListAssignable(const domain::Actor& a, Seat seat, domain::UserFilter f) {
  using domain::Role;
  if (!a.IsSystem() && a.role != Role::kBureauOfficer && a.role != Role::kAdmin)
    return Fail(Forbidden("only bureau officers pick team members"));
  f.role.reset();
  f.enabled_only = true;
  f.under_path = a.scope_path;
  if (seat == Seat::kMember) {
    f.any_role = {Role::kInspector, Role::kBureauOfficer, Role::kExpert};
    f.or_above = false;
  } else {
    f.any_role = {Role::kExpert};
    f.or_above = true;
  }
  return domain::ReadValue<domain::PageOf<domain::User>>(s_.store, [&](domain::ReadView& v) { return v.ListUsers(f); });
}

}  // namespace anxiao::app
