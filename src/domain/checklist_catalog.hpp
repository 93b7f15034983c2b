#pragma once
// The built-in checklist catalog: the items school inspectors in China really check, grouped in the
// categories of PRODUCT.md §3 (fire, buildings and facilities, food, school bus and traffic,
// laboratories and hazardous chemicals, security and gate, dormitories, drowning prevention,
// epidemic prevention, large events), each with the rule it comes from, its default risk level
// when failed, and whether a failure needs a photo. Data, not I/O: the app journals these as
// ordinary checklist templates (owned by the root org) when an installation is initialised.

#include <string>
#include <vector>

#include "domain/checklist.hpp"

namespace anxiao::domain {

struct CatalogTemplate {
  std::string key;   // stable: "fire", "buildings", …, "fire_self" (the thematic self-inspection)
  std::string name;  // 消防安全检查表, …
  HazardCategory category = HazardCategory::kOther;
  std::vector<ChecklistItem> items;
};

// Every catalog item, in catalog order (codes are unique across the catalog).
const std::vector<ChecklistItem>& CatalogItems();
// One template per category, then the fire-safety self-inspection (消防安全自查表) that a thematic
// campaign assigns to every school.
const std::vector<CatalogTemplate>& CatalogTemplates();

}  // namespace anxiao::domain
