#pragma once
// The synthetic Liaocheng of the demo (PRODUCT.md §9): 山东省 → 聊城市 → 11 county-level units →
// exactly 3,043 schools, 21 of them city-direct. Generated from a fixed seed, so the same seed gives
// byte-for-byte the same city. Pure: no I/O, no clock; the loader (demo_loader.hpp) journals it.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/org.hpp"
#include "domain/user.hpp"

namespace anxiao::app {

inline constexpr std::uint64_t kDemoSeed = 20210323;  // the date of the source article

struct DemoOrg {
  std::string key;         // stable key within the demo: "province", "city", "county:371524", …
  std::string parent_key;  // empty for the province
  domain::OrgKind kind;
  std::string name;  // 山东省, 聊城市, 东阿县, …
  std::string code;  // administrative division code: 370000, 371500, 371524, …
};

struct DemoSchool {
  std::string parent_key;  // a county's key, or "city" for city-direct schools
  domain::School school;   // id, parent_id and path are empty: the loader assigns them
};

struct DemoUser {
  std::string username;
  std::string display_name;
  domain::Role role;
  std::string scope_key;     // DemoOrg key, or "school:<code>" for a school
  std::string organization;  // e.g. 聊城市消防救援支队 for the expert
};

struct DemoCity {
  std::vector<DemoOrg> orgs;        // parents before children
  std::vector<DemoSchool> schools;  // ordered by school code
  std::vector<DemoUser> users;
};

inline constexpr const char* kDemoPassword = "anxiao-demo";

DemoCity GenerateDemoCity(std::uint64_t seed = kDemoSeed);

}  // namespace anxiao::app
