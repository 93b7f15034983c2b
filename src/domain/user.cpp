#include "domain/user.hpp"

#include <array>
#include <utility>

#include "base/strings.hpp"

namespace anxiao::domain {
namespace {
constexpr std::array<std::pair<Role, std::string_view>, 7> kRoles{{
    {Role::kAdmin, "admin"},
    {Role::kBureauOfficer, "bureau_officer"},
    {Role::kInspector, "inspector"},
    {Role::kExpert, "expert"},
    {Role::kSchoolOfficer, "school_officer"},
    {Role::kPrincipal, "principal"},
    {Role::kAuditor, "auditor"},
}};
}  // namespace

std::string_view Name(Role r) {
  for (const auto& [x, n] : kRoles)
    if (x == r) return n;
  return "?";
}
std::optional<Role> ParseRole(std::string_view s) {
  for (const auto& [x, n] : kRoles)
    if (n == s) return x;
  return std::nullopt;
}

bool MayWrite(Role r) { return r != Role::kAuditor; }
bool MayAdminister(Role r) { return r == Role::kAdmin; }
bool MayBrowseRegister(Role r) { return r != Role::kExpert; }
bool MayVerify(Role r) { return r == Role::kAdmin || r == Role::kBureauOfficer || r == Role::kAuditor; }

Status ValidateUsername(std::string_view u) {
  if (u.size() < 3 || u.size() > 32 ||
      u.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") != std::string_view::npos)
    return Fail(InvalidInput("invalid_username", "username must be 3 to 32 characters of a-z, 0-9, '.', '_' or '-'",
                             "username"));
  return {};
}

Status ValidatePassword(std::string_view p) {
  if (Utf8Length(p) < 8 || p.size() > 256 || !IsValidUtf8(p))
    return Fail(InvalidInput("weak_password", "password must be at least 8 characters", "password"));
  return {};
}

Status ValidateDisplayName(std::string_view d) {
  auto t = TrimAscii(d);
  if (t.empty() || Utf8Length(t) > 40 || !IsValidUtf8(t))
    return Fail(InvalidInput("invalid_display_name", "display name must be 1 to 40 characters", "display_name"));
  return {};
}

}  // namespace anxiao::domain
