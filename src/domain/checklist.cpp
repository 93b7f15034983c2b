#include "domain/checklist.hpp"

#include <set>

#include "base/strings.hpp"
#include "domain/org.hpp"

namespace anxiao::domain {
namespace {

Status Len(const std::string& s, const char* field, std::size_t lo, std::size_t hi, const std::string& where) {
  if (!IsValidUtf8(s)) return Fail(InvalidInput("invalid_text", where + field + " is not valid UTF-8", field));
  auto n = Utf8Length(TrimAscii(s));
  if (n < lo || n > hi)
    return Fail(InvalidInput(
        "invalid_item", where + field + " must be " + std::to_string(lo) + " to " + std::to_string(hi) + " characters",
        field));
  return {};
}

bool ValidCode(const std::string& c) {
  if (c.size() < 2 || c.size() > 20) return false;
  for (char ch : c)
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-')) return false;
  return true;
}

}  // namespace

const ChecklistItem* ChecklistVersion::Find(const std::string& code) const {
  for (const auto& i : items)
    if (i.code == code) return &i;
  return nullptr;
}

Status ValidateItems(const std::vector<ChecklistItem>& items) {
  if (items.empty() || items.size() > 300)
    return Fail(InvalidInput("invalid_items", "a checklist has 1 to 300 items", "items"));
  std::set<std::string> codes;
  for (std::size_t n = 0; n < items.size(); ++n) {
    const auto& i = items[n];
    const std::string where = "item " + std::to_string(n + 1) + ": ";
    if (!ValidCode(i.code))
      return Fail(
          InvalidInput("invalid_item_code", where + "codes are 2 to 20 characters of A-Z, 0-9 and '-'", "items"));
    if (!codes.insert(i.code).second)
      return Fail(InvalidInput("duplicate_item_code", where + "code " + i.code + " is used twice", "items"));
    TRY_STATUS(Len(i.text, "text", 2, 200, where));
    TRY_STATUS(Len(i.basis, "basis", 2, 120, where));
  }
  return {};
}

Status ValidateChecklistName(const std::string& name) {
  if (!IsValidUtf8(name)) return Fail(InvalidInput("invalid_text", "name is not valid UTF-8", "name"));
  auto n = Utf8Length(TrimAscii(name));
  if (n < 2 || n > 60) return Fail(InvalidInput("invalid_name", "name must be 2 to 60 characters", "name"));
  return {};
}

Status AuthoriseChecklistWrite(const Actor& a, const std::string& owner_path) {
  if ((a.role == Role::kAdmin || a.role == Role::kBureauOfficer) && IsUnder(owner_path, a.scope_path)) return {};
  return Fail(Error(ErrorCode::kForbidden, "checklist_forbidden",
                    "only administrators and bureau officers create, edit and copy checklists"));
}

Json ItemsToJson(const std::vector<ChecklistItem>& items) {
  Json a = Json::array();
  for (const auto& i : items)
    a.push_back(Json{{"code", i.code},
                     {"category", Name(i.category)},
                     {"text", std::string(TrimAscii(i.text))},
                     {"basis", std::string(TrimAscii(i.basis))},
                     {"risk_level", Name(i.risk)},
                     {"photo_required", i.photo_required}});
  return a;
}

Result<std::vector<ChecklistItem>> ItemsFromJson(const Json& j) {
  if (!j.is_array()) return Fail(Corrupt("checklist items are not an array"));
  std::vector<ChecklistItem> out;
  for (const auto& e : j) {
    auto str = [&](const char* k) -> Result<std::string> {
      auto it = e.find(k);
      if (it == e.end() || !it->is_string()) return Fail(Corrupt(std::string("checklist item lacks ") + k));
      return it->get<std::string>();
    };
    if (!e.is_object()) return Fail(Corrupt("checklist item is not an object"));
    ChecklistItem i;
    TRY_ASSIGN(i.code, str("code"));
    TRY_ASSIGN(auto cat, str("category"));
    TRY_ASSIGN(i.text, str("text"));
    TRY_ASSIGN(i.basis, str("basis"));
    TRY_ASSIGN(auto risk, str("risk_level"));
    auto c = ParseHazardCategory(cat);
    auto r = ParseRiskLevel(risk);
    auto photo = e.find("photo_required");
    if (!c || !r || photo == e.end() || !photo->is_boolean())
      return Fail(Corrupt("checklist item " + i.code + " has a bad category, risk level or photo flag"));
    i.category = *c;
    i.risk = *r;
    i.photo_required = photo->get<bool>();
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace anxiao::domain
