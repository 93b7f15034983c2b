#include "app/demo_city.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "base/strings.hpp"

namespace anxiao::app {
namespace {

using domain::LocationClass;
using domain::Ownership;
using domain::SchoolType;

const DemoCity& DefaultCity() {
  static const DemoCity city = GenerateDemoCity();
  return city;
}

// Every field of the city, one record per line, so that two cities compare as text.
std::string Serialize(const DemoCity& c) {
  std::string out;
  for (const auto& o : c.orgs)
    out += o.key + "|" + o.parent_key + "|" + std::string(domain::Name(o.kind)) + "|" + o.name + "|" + o.code + "\n";
  for (const auto& ds : c.schools) {
    const auto& s = ds.school;
    out += ds.parent_key + "|" + s.code + "|" + s.name + "|" + std::string(domain::Name(s.type)) + "|" +
           std::string(domain::Name(s.ownership)) + "|" + std::string(domain::Name(s.location_class)) + "|" +
           (s.boarding ? "1" : "0") + "|" + std::to_string(s.student_count) + "|" + s.address + "|" + s.latitude + "|" +
           s.longitude + "|" + s.principal_name + "|" + s.principal_phone + "|" + s.safety_officer_name + "|" +
           s.safety_officer_phone + "\n";
  }
  for (const auto& u : c.users)
    out += u.username + "|" + u.display_name + "|" + std::string(domain::Name(u.role)) + "|" + u.scope_key + "|" +
           u.organization + "\n";
  return out;
}

bool Outlying(LocationClass l) { return l == LocationClass::kRural || l == LocationClass::kFringe; }

const DemoSchool* FindByCode(const DemoCity& c, const std::string& code) {
  for (const auto& ds : c.schools)
    if (ds.school.code == code) return &ds;
  return nullptr;
}

// ----- the fixed tree -----

TEST(DemoCity, HasProvinceCityAndElevenCountyLevelUnits) {
  const auto& orgs = DefaultCity().orgs;
  ASSERT_EQ(orgs.size(), 13u);
  EXPECT_EQ(orgs[0].key, "province");
  EXPECT_EQ(orgs[0].parent_key, "");
  EXPECT_EQ(orgs[0].kind, domain::OrgKind::kProvince);
  EXPECT_EQ(orgs[0].name, "山东省");
  EXPECT_EQ(orgs[0].code, "370000");
  EXPECT_EQ(orgs[1].key, "city");
  EXPECT_EQ(orgs[1].parent_key, "province");
  EXPECT_EQ(orgs[1].kind, domain::OrgKind::kCity);
  EXPECT_EQ(orgs[1].name, "聊城市");
  EXPECT_EQ(orgs[1].code, "371500");

  const std::map<std::string, std::string> expected = {
      {"371502", "东昌府区"},
      {"371503", "茌平区"},
      {"371521", "阳谷县"},
      {"371522", "莘县"},
      {"371524", "东阿县"},
      {"371525", "冠县"},
      {"371526", "高唐县"},
      {"371581", "临清市"},
      {"371571", "聊城经济技术开发区"},
      {"371572", "聊城高新技术产业开发区"},
      {"371573", "江北水城旅游度假区"},
  };
  std::map<std::string, std::string> got;
  for (std::size_t i = 2; i < orgs.size(); ++i) {
    EXPECT_EQ(orgs[i].kind, domain::OrgKind::kCounty) << orgs[i].name;
    EXPECT_EQ(orgs[i].parent_key, "city") << orgs[i].name;
    EXPECT_EQ(orgs[i].key, "county:" + orgs[i].code);
    got[orgs[i].code] = orgs[i].name;
  }
  EXPECT_EQ(got, expected);
}

TEST(DemoCity, OrgKeysAreUniqueAndParentsComeFirst) {
  std::set<std::string> seen;
  for (const auto& o : DefaultCity().orgs) {
    if (!o.parent_key.empty()) {
      EXPECT_TRUE(seen.count(o.parent_key)) << o.key << " before its parent";
    }
    EXPECT_TRUE(seen.insert(o.key).second) << "duplicate key " << o.key;
  }
}

TEST(DemoCity, UsersHaveTheEightDemoLoginsWithTheirRolesAndScopes) {
  const auto& city = DefaultCity();
  const std::map<std::string, std::pair<domain::Role, std::string>> expected = {
      {"admin", {domain::Role::kAdmin, "province"}},
      {"city.officer", {domain::Role::kBureauOfficer, "city"}},
      {"county.officer", {domain::Role::kBureauOfficer, "county:371524"}},
      {"inspector", {domain::Role::kInspector, "county:371524"}},
      {"expert", {domain::Role::kExpert, "city"}},
      {"school.officer", {domain::Role::kSchoolOfficer, ""}},
      {"principal", {domain::Role::kPrincipal, ""}},
      {"auditor", {domain::Role::kAuditor, "city"}},
  };
  ASSERT_EQ(city.users.size(), expected.size());
  std::set<std::string> school_scopes;
  for (const auto& u : city.users) {
    auto it = expected.find(u.username);
    ASSERT_NE(it, expected.end()) << u.username;
    EXPECT_EQ(u.role, it->second.first) << u.username;
    if (it->second.second.empty()) {
      school_scopes.insert(u.scope_key);
    } else {
      EXPECT_EQ(u.scope_key, it->second.second) << u.username;
    }
    EXPECT_TRUE(domain::ValidateUsername(u.username).has_value()) << u.username;
    EXPECT_TRUE(domain::ValidateDisplayName(u.display_name).has_value()) << u.username;
  }
  EXPECT_EQ(std::find_if(city.users.begin(), city.users.end(), [](const DemoUser& u) { return u.username == "expert"; })
                ->organization,
            "聊城市消防救援支队");

  // school.officer and principal share one scope: 东阿县实验小学, under 东阿县.
  ASSERT_EQ(school_scopes.size(), 1u);
  const std::string scope = *school_scopes.begin();
  ASSERT_EQ(scope.rfind("school:", 0), 0u) << scope;
  const DemoSchool* school = FindByCode(city, scope.substr(7));
  ASSERT_NE(school, nullptr) << scope;
  EXPECT_EQ(school->parent_key, "county:371524");
  EXPECT_EQ(school->school.name, "东阿县实验小学");
  EXPECT_EQ(school->school.type, SchoolType::kPrimary);
}

TEST(DemoCity, DemoSchoolIsRunByTheDemoPrincipalAndSafetyOfficer) {
  const auto& city = DefaultCity();
  std::map<std::string, std::string> by_user;
  for (const auto& u : city.users) by_user[u.username] = u.display_name;
  const DemoSchool* school = nullptr;
  for (const auto& u : city.users)
    if (u.username == "principal") school = FindByCode(city, u.scope_key.substr(7));
  ASSERT_NE(school, nullptr);
  EXPECT_EQ(school->school.principal_name, by_user["principal"]);
  EXPECT_EQ(school->school.safety_officer_name, by_user["school.officer"]);
}

TEST(DemoCity, SeveralDongeSchoolsCarryTheCountyNameForPinyinSearch) {
  int with_donge = 0;
  for (const auto& ds : DefaultCity().schools)
    if (ds.school.name.find("东阿") != std::string::npos) {
      EXPECT_EQ(ds.parent_key, "county:371524") << ds.school.name;
      ++with_donge;
    }
  EXPECT_GE(with_donge, 10);
}

// ----- determinism -----

TEST(DemoCity, SameSeedGivesIdenticalCity) {
  EXPECT_EQ(Serialize(GenerateDemoCity(kDemoSeed)), Serialize(DefaultCity()));
  EXPECT_EQ(Serialize(GenerateDemoCity(7)), Serialize(GenerateDemoCity(7)));
}

TEST(DemoCity, DifferentSeedGivesDifferentDetails) {
  const std::string a = Serialize(GenerateDemoCity(1));
  const std::string b = Serialize(GenerateDemoCity(2));
  EXPECT_NE(a, b);
  EXPECT_NE(Serialize(DefaultCity()), a);
}

TEST(DemoCity, FixedPartsDoNotDependOnTheSeed) {
  const DemoCity other = GenerateDemoCity(99);
  ASSERT_EQ(other.orgs.size(), DefaultCity().orgs.size());
  for (std::size_t i = 0; i < other.orgs.size(); ++i) EXPECT_EQ(other.orgs[i].key, DefaultCity().orgs[i].key);
  std::set<std::string> a, b;
  for (const auto& ds : other.schools)
    if (ds.parent_key == "city") a.insert(ds.school.name);
  for (const auto& ds : DefaultCity().schools)
    if (ds.parent_key == "city") b.insert(ds.school.name);
  EXPECT_EQ(a, b);
}

// ----- invariants that hold for every seed -----

class DemoCityInvariants : public ::testing::TestWithParam<std::uint64_t> {
 protected:
  void SetUp() override {
    static std::map<std::uint64_t, DemoCity> cities;  // one generation per seed, shared by the cases
    auto it = cities.find(GetParam());
    if (it == cities.end()) it = cities.emplace(GetParam(), GenerateDemoCity(GetParam())).first;
    city_ = &it->second;
  }
  const DemoCity& city() const { return *city_; }

 private:
  const DemoCity* city_ = nullptr;
};

TEST_P(DemoCityInvariants, HasExactly3043Schools) { EXPECT_EQ(city().schools.size(), 3043u); }

TEST_P(DemoCityInvariants, Has21CityDirectSchoolsSomePrivate) {
  int direct = 0, direct_private = 0;
  for (const auto& ds : city().schools) {
    if (ds.parent_key != "city") continue;
    ++direct;
    if (ds.school.ownership == Ownership::kPrivate) ++direct_private;
  }
  EXPECT_EQ(direct, 21);
  EXPECT_GE(direct_private, 1);
  EXPECT_LE(direct_private, 6);
}

TEST_P(DemoCityInvariants, EverySchoolHangsUnderTheCityOrACounty) {
  std::set<std::string> parents{"city"};
  for (const auto& o : city().orgs)
    if (o.kind == domain::OrgKind::kCounty) parents.insert(o.key);
  for (const auto& ds : city().schools) EXPECT_TRUE(parents.count(ds.parent_key)) << ds.school.name;
}

TEST_P(DemoCityInvariants, EveryCountyHasEightOutlyingSchoolsAndSpecialEducation) {
  std::map<std::string, int> total, outlying, special;
  for (const auto& ds : city().schools) {
    if (ds.parent_key == "city") continue;
    ++total[ds.parent_key];
    if (Outlying(ds.school.location_class)) ++outlying[ds.parent_key];
    if (ds.school.type == SchoolType::kSpecialEducation) ++special[ds.parent_key];
  }
  ASSERT_EQ(total.size(), 11u);
  for (const auto& [key, n] : total) {
    EXPECT_GE(outlying[key], 8) << key;
    EXPECT_GE(special[key], 1) << key;
  }
}

TEST_P(DemoCityInvariants, CountySizesFollowPopulation) {
  std::map<std::string, int> total;
  for (const auto& ds : city().schools) ++total[ds.parent_key];
  for (const char* zone : {"county:371571", "county:371572", "county:371573"}) {
    EXPECT_GE(total[zone], 40) << zone;
    EXPECT_LE(total[zone], 120) << zone;
  }
  for (const char* big : {"county:371502", "county:371522", "county:371581", "county:371525", "county:371521"})
    EXPECT_GT(total[big], total["county:371524"]) << big << " should be larger than 东阿县";
  EXPECT_GT(total["county:371502"], total["county:371522"]);
}

TEST_P(DemoCityInvariants, CodesAreUniqueTenDigitsAndSorted) {
  std::set<std::string> codes;
  std::string prev;
  for (const auto& ds : city().schools) {
    const auto& code = ds.school.code;
    EXPECT_EQ(code.size(), 10u) << code;
    EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos) << code;
    EXPECT_EQ(code[0], '3') << code;
    EXPECT_TRUE(codes.insert(code).second) << "duplicate code " << code;
    EXPECT_LT(prev, code);
    prev = code;
  }
}

TEST_P(DemoCityInvariants, NamesAreUniqueAndCarryTheirCounty) {
  std::map<std::string, std::string> county_name;
  for (const auto& o : city().orgs) county_name[o.key] = o.name;
  std::set<std::string> names;
  for (const auto& ds : city().schools) {
    EXPECT_TRUE(names.insert(ds.school.name).second) << "duplicate name " << ds.school.name;
    const std::string prefix = ds.parent_key == "city" ? "聊城" : county_name[ds.parent_key];
    EXPECT_EQ(ds.school.name.rfind(prefix, 0), 0u) << ds.school.name;
  }
}

TEST_P(DemoCityInvariants, EverySchoolPassesValidation) {
  for (const auto& ds : city().schools) {
    auto st = domain::ValidateSchool(ds.school);
    EXPECT_TRUE(st.has_value()) << ds.school.name << ": " << (st ? "" : st.error().public_message);
    EXPECT_TRUE(ds.school.id.empty());
    EXPECT_TRUE(ds.school.parent_id.empty());
    EXPECT_TRUE(ds.school.path.empty());
  }
}

TEST_P(DemoCityInvariants, DetailsArePlausible) {
  for (const auto& ds : city().schools) {
    const auto& s = ds.school;
    EXPECT_EQ(s.address.rfind("山东省聊城市", 0), 0u) << s.address;
    const double lat = std::stod(s.latitude), lon = std::stod(s.longitude);
    EXPECT_GE(lat, 35.8) << s.name;
    EXPECT_LE(lat, 36.9) << s.name;
    EXPECT_GE(lon, 115.3) << s.name;
    EXPECT_LE(lon, 116.6) << s.name;
    const auto decimals = s.latitude.size() - s.latitude.find('.') - 1;
    EXPECT_GE(decimals, 4u);
    EXPECT_LE(decimals, 6u);
    EXPECT_FALSE(s.principal_name.empty());
    EXPECT_FALSE(s.safety_officer_name.empty());
    EXPECT_NE(s.principal_name, s.safety_officer_name) << s.name;
    for (const auto* phone : {&s.principal_phone, &s.safety_officer_phone}) {
      EXPECT_GE(phone->size(), 11u) << *phone;
      EXPECT_EQ(phone->find_first_not_of("0123456789-"), std::string::npos) << *phone;
    }
    switch (s.type) {
      case SchoolType::kKindergarten:
        EXPECT_GE(s.student_count, 60);
        EXPECT_LE(s.student_count, 400);
        EXPECT_FALSE(s.boarding) << s.name;
        break;
      case SchoolType::kPrimary:
        EXPECT_GE(s.student_count, 150);
        EXPECT_LE(s.student_count, 2500);
        break;
      case SchoolType::kSeniorHigh:
        EXPECT_GE(s.student_count, 1500);
        EXPECT_LE(s.student_count, 5000);
        break;
      case SchoolType::kSpecialEducation: EXPECT_LE(s.student_count, 300); break;
      default: EXPECT_GT(s.student_count, 0); EXPECT_LE(s.student_count, 20000);
    }
  }
}

TEST_P(DemoCityInvariants, TypeOwnershipAndLocationSharesAreRealistic) {
  std::map<SchoolType, int> types;
  std::map<LocationClass, int> locations;
  int priv = 0, boarding = 0, senior = 0, senior_boarding = 0;
  for (const auto& ds : city().schools) {
    const auto& s = ds.school;
    ++types[s.type];
    ++locations[s.location_class];
    if (s.ownership == Ownership::kPrivate) ++priv;
    if (s.boarding) ++boarding;
    if (s.type == SchoolType::kSeniorHigh) {
      ++senior;
      if (s.boarding) ++senior_boarding;
    }
  }
  const double n = static_cast<double>(city().schools.size());
  auto share = [&](SchoolType t) { return types[t] / n; };
  EXPECT_GT(share(SchoolType::kKindergarten), 0.38);
  EXPECT_LT(share(SchoolType::kKindergarten), 0.48);
  EXPECT_GT(share(SchoolType::kPrimary), 0.30);
  EXPECT_LT(share(SchoolType::kPrimary), 0.42);
  EXPECT_GT(share(SchoolType::kJuniorMiddle), 0.08);
  EXPECT_LT(share(SchoolType::kJuniorMiddle), 0.12);
  EXPECT_GT(share(SchoolType::kNineYear), 0.03);
  EXPECT_LT(share(SchoolType::kNineYear), 0.05);
  EXPECT_GT(share(SchoolType::kSeniorHigh), 0.015);
  EXPECT_LT(share(SchoolType::kSeniorHigh), 0.035);
  for (SchoolType t : {SchoolType::kCompleteMiddle, SchoolType::kVocational, SchoolType::kSpecialEducation,
                       SchoolType::kHigherEducation, SchoolType::kOffCampusTraining})
    EXPECT_GE(types[t], 1) << domain::Name(t);
  EXPECT_GT(priv / n, 0.15);
  EXPECT_LT(priv / n, 0.25);
  for (LocationClass l : {LocationClass::kUrban, LocationClass::kTown, LocationClass::kFringe, LocationClass::kRural})
    EXPECT_GT(locations[l] / n, 0.05) << domain::Name(l);
  EXPECT_GT(locations[LocationClass::kRural], locations[LocationClass::kFringe]);
  EXPECT_GT(senior_boarding * 10, senior * 7);  // most senior highs board
  EXPECT_LT(boarding / n, 0.15);
}

TEST_P(DemoCityInvariants, PrivateSchoolsAreMostlyKindergartensAndTraining) {
  int priv = 0, kg_or_training = 0;
  for (const auto& ds : city().schools) {
    if (ds.school.ownership != Ownership::kPrivate) continue;
    ++priv;
    if (ds.school.type == SchoolType::kKindergarten || ds.school.type == SchoolType::kOffCampusTraining)
      ++kg_or_training;
  }
  EXPECT_GT(kg_or_training * 10, priv * 8);
}

INSTANTIATE_TEST_SUITE_P(Seeds, DemoCityInvariants,
                         ::testing::Values(kDemoSeed, std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{42},
                                           std::uint64_t{0xffffffffffffffffULL}));

}  // namespace
}  // namespace anxiao::app
