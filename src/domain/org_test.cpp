#include "domain/org.hpp"

#include <gtest/gtest.h>

#include "domain/user.hpp"

namespace anxiao::domain {
namespace {

School Valid() {
  School s;
  s.code = "3715240001";
  s.name = "东阿县实验小学";
  s.latitude = "36.33";
  s.longitude = "116.25";
  return s;
}

TEST(ValidateSchool, AcceptsValid) { EXPECT_TRUE(ValidateSchool(Valid())); }

TEST(ValidateSchool, RejectsBadCode) {
  for (auto code : {"123", "37152400011", "37152400a1", ""}) {
    auto s = Valid();
    s.code = code;
    auto r = ValidateSchool(s);
    ASSERT_FALSE(r) << code;
    EXPECT_EQ(r.error().field, "code");
  }
}

TEST(ValidateSchool, RejectsEmptyOrLongName) {
  auto s = Valid();
  s.name = "   ";
  EXPECT_EQ(ValidateSchool(s).error().field, "name");
  s.name = std::string(61 * 3, 'a');
  EXPECT_EQ(ValidateSchool(s).error().field, "name");
}

TEST(ValidateSchool, RejectsOutOfRangeCoordinates) {
  auto s = Valid();
  s.latitude = "91";
  EXPECT_EQ(ValidateSchool(s).error().field, "latitude");
  s = Valid();
  s.longitude = "1e5";
  EXPECT_EQ(ValidateSchool(s).error().field, "longitude");
}

TEST(ValidateSchool, RejectsNegativeStudents) {
  auto s = Valid();
  s.student_count = -1;
  EXPECT_EQ(ValidateSchool(s).error().field, "student_count");
}

TEST(Enums, RoundTripNames) {
  EXPECT_EQ(ParseSchoolType(Name(SchoolType::kNineYear)), SchoolType::kNineYear);
  EXPECT_EQ(ParseLocationClass("fringe"), LocationClass::kFringe);
  EXPECT_FALSE(ParseOwnership("state"));
  EXPECT_FALSE(ParseRole("root"));
  EXPECT_EQ(ParseRole("auditor"), Role::kAuditor);
}

TEST(Scope, IsUnderIsAPrefixTestOnWholeSegments) {
  EXPECT_TRUE(IsUnder("/p/c/k/", "/p/c/"));
  EXPECT_TRUE(IsUnder("/p/c/", "/p/c/"));
  EXPECT_FALSE(IsUnder("/p/cx/", "/p/c/"));
  EXPECT_FALSE(IsUnder("/p/", "/p/c/"));
  EXPECT_FALSE(IsUnder("/p/", ""));
}

TEST(Roles, AuditorNeverWritesExpertNeverBrowses) {
  EXPECT_FALSE(MayWrite(Role::kAuditor));
  EXPECT_TRUE(MayVerify(Role::kAuditor));
  EXPECT_FALSE(MayBrowseRegister(Role::kExpert));
  EXPECT_FALSE(MayAdminister(Role::kBureauOfficer));
}

TEST(ValidateUser, RejectsBadUsernamesAndWeakPasswords) {
  EXPECT_FALSE(ValidateUsername("ab"));
  EXPECT_FALSE(ValidateUsername("Admin"));
  EXPECT_FALSE(ValidateUsername("a b c"));
  EXPECT_TRUE(ValidateUsername("county.officer"));
  EXPECT_FALSE(ValidatePassword("short"));
  EXPECT_TRUE(ValidatePassword("anxiao-demo"));
  EXPECT_FALSE(ValidateDisplayName(""));
}

}  // namespace
}  // namespace anxiao::domain
