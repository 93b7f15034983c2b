#pragma once
// Checklist templates (检查表), PRODUCT.md §3: items with the rule they come from, a default risk
// level when failed and whether a photo is required. Templates are versioned: editing a template
// appends a new version (checklist.versioned), and an inspection keeps the version it started
// with. Administrators and bureau officers create, edit and copy templates within their scope.
// Pure rules, no I/O. The built-in catalog is in checklist_catalog.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/canonical_json.hpp"
#include "base/error.hpp"
#include "domain/hazard.hpp"
#include "domain/user.hpp"

namespace anxiao::domain {

struct ChecklistItem {
  std::string code;  // "FIRE-01": unique within a version; [A-Z0-9-], 2..20 characters
  HazardCategory category = HazardCategory::kOther;
  std::string text;   // what the inspector checks
  std::string basis;  // the rule it comes from: 《中小学幼儿园安全管理办法》第…条, GB 50016 …
  RiskLevel risk = RiskLevel::kYellow;  // the hazard's risk level when the item fails
  bool photo_required = false;          // a failed item needs a photo
};

struct ChecklistTemplate {
  std::string id;
  std::string owner_org_id, owner_path;  // "/" root org for the built-in catalog
  std::string name;
  HazardCategory category = HazardCategory::kOther;  // the main category (mixed templates: other)
  std::int64_t current_version = 1;                  // the newest version number
  std::string copied_from;                           // template id:version it was copied from, or empty
  std::string created_by;
  std::int64_t version = 1;  // record version (If-Match); bumps with each new checklist version
};

struct ChecklistVersion {
  std::string template_id;
  std::int64_t number = 1;
  std::vector<ChecklistItem> items;
  std::string note;  // what changed
  std::string created_by, created_at;

  const ChecklistItem* Find(const std::string& code) const;
};

// kInvalidInput naming the field: 1..300 items; codes unique and well-formed ("invalid_item_code",
// "duplicate_item_code"); text 2..200 and basis 2..120 characters.
Status ValidateItems(const std::vector<ChecklistItem>& items);
// Template names are 2..60 characters.
Status ValidateChecklistName(const std::string& name);
// Administrators and bureau officers whose scope contains the owner org (kForbidden
// "checklist_forbidden"). Everyone in the installation may read templates: they are rules, not
// records about schools.
Status AuthoriseChecklistWrite(const Actor& a, const std::string& owner_path);

// Items as canonical JSON (journal payloads and the stored version) and back. The reader answers
// kCorrupt for stored items that do not parse.
Json ItemsToJson(const std::vector<ChecklistItem>& items);
Result<std::vector<ChecklistItem>> ItemsFromJson(const Json& j);

}  // namespace anxiao::domain
