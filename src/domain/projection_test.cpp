#include "domain/projection.hpp"

#include <gtest/gtest.h>

namespace anxiao::domain {
namespace {

Json SchoolPayload() {
  return Json{{"parent_id", "org_k"},
              {"code", "3715240001"},
              {"name", "东阿县实验小学"},
              {"type", "primary"},
              {"ownership", "public"},
              {"location_class", "urban"},
              {"boarding", false},
              {"student_count", 900},
              {"address", ""},
              {"latitude", ""},
              {"longitude", ""},
              {"principal_name", "张三"},
              {"principal_phone", ""},
              {"safety_officer_name", "李四"},
              {"safety_officer_phone", ""},
              {"path", "/org_p/org_k/sch_1/"}};
}

TEST(Project, SchoolCreatedFillsOrgAndSchoolWithPinyin) {
  MemoryProjection m;
  auto ops = Project("school.created", "sch_1", SchoolPayload(), m);
  ASSERT_TRUE(ops);
  ASSERT_TRUE(m.Apply(*ops));
  const auto& s = m.Table("school").at("sch_1");
  EXPECT_EQ(std::get<std::string>(s.at("name_initials")), "dexsyxx");
  EXPECT_EQ(std::get<std::int64_t>(s.at("boarding")), 0);
  EXPECT_EQ(std::get<std::int64_t>(s.at("version")), 1);
  EXPECT_EQ(std::get<std::int64_t>(m.Table("org").at("sch_1").at("depth")), 2);
}

TEST(Project, UpdateRenamesOrgToo) {
  MemoryProjection m;
  ASSERT_TRUE(m.Apply(*Project("school.created", "sch_1", SchoolPayload(), m)));
  auto ops = Project("school.updated", "sch_1", Json{{"changes", {{"name", "冠县实验小学"}}}, {"version", 2}}, m);
  ASSERT_TRUE(ops);
  ASSERT_TRUE(m.Apply(*ops));
  EXPECT_EQ(std::get<std::string>(m.Table("org").at("sch_1").at("name")), "冠县实验小学");
  EXPECT_EQ(std::get<std::string>(m.Table("school").at("sch_1").at("name_pinyin")), "guanxianshiyanxiaoxue");
  EXPECT_EQ(std::get<std::int64_t>(m.Table("school").at("sch_1").at("version")), 2);
}

TEST(Project, RejectsUpdateOfMissingRecordAndUnknownColumn) {
  MemoryProjection m;
  EXPECT_FALSE(Project("school.updated", "sch_x", Json{{"changes", {{"name", "x"}}}, {"version", 2}}, m));
  ASSERT_TRUE(m.Apply(*Project("school.created", "sch_1", SchoolPayload(), m)));
  auto r = Project("school.updated", "sch_1", Json{{"changes", {{"nope", "x"}}}, {"version", 2}}, m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
}

TEST(Project, RejectsPayloadWithWrongTypes) {
  MemoryProjection m;
  auto p = SchoolPayload();
  p["student_count"] = "many";
  EXPECT_FALSE(Project("school.created", "sch_1", p, m));
}

TEST(MemoryProjection, DoubleInsertIsCorrupt) {
  MemoryProjection m;
  ASSERT_TRUE(m.Apply(*Project("school.created", "sch_1", SchoolPayload(), m)));
  auto r = m.Apply(*Project("school.created", "sch_1", SchoolPayload(), m));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
}

TEST(MemoryProjection, AddCreatesAddsAndDeletesAtZero) {
  MemoryProjection m;
  auto add = [](const char* key, std::int64_t n) { return RowOp{RowOp::Kind::kAdd, "hazard_stat", key, {{"n", n}}}; };
  ASSERT_TRUE(m.Apply({add("a", 2), add("b", 1)}));
  ASSERT_TRUE(m.Apply({add("a", 3)}));
  EXPECT_EQ(m.Table("hazard_stat").at("a").at("n"), Value(std::int64_t{5}));
  ASSERT_TRUE(m.Apply({add("b", -1)}));  // at zero the row goes
  EXPECT_EQ(m.Table("hazard_stat").count("b"), 0u);
  ASSERT_TRUE(m.Apply({add("c", 0)}));  // nothing to add creates nothing
  EXPECT_EQ(m.Table("hazard_stat").count("c"), 0u);
  auto below = m.Apply({add("a", -6)});
  ASSERT_FALSE(below);
  EXPECT_EQ(below.error().code, ErrorCode::kCorrupt);
  auto missing = m.Apply({add("d", -1)});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kCorrupt);
  auto text = m.Apply({RowOp{RowOp::Kind::kAdd, "hazard_stat", "e", {{"n", std::string("1")}}}});
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace anxiao::domain
