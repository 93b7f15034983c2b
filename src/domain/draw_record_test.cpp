// The journaled draw records (draw_record.hpp): what the projection accepts and refuses when the
// journal is replayed, and the export check shared by `anxiao draw verify` and the API.

#include "domain/draw_record.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "base/sha256.hpp"
#include "domain/draw_test_util.hpp"

namespace anxiao::domain {
namespace {

using testing::CrossCountyDefinition;
using testing::RandomRegisters;
using testing::RegisterShape;
using testing::SeedOf;

Json Records(const DrawRegisters& r, bool schools) {
  Json all = RegistersJson(r);
  return all[schools ? "schools" : "inspectors"];
}

class DrawProjection : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterShape shape;
    auto regs = RandomRegisters(7, shape);
    auto p = PrepareDraw(CrossCountyDefinition(shape.counties), regs);
    ASSERT_TRUE(p) << p.error().public_message;
    prepared = *p;
    ASSERT_TRUE(Apply("draw_register.published", "reg_s",
                      Json{{"kind", "schools"},
                           {"org_id", "org_city"},
                           {"org_path", "/r/org_city/"},
                           {"number", 1},
                           {"sha256", prepared.schools_sha256},
                           {"records", Records(prepared.registers, true)}}));
    ASSERT_TRUE(Apply("draw_register.published", "reg_i",
                      Json{{"kind", "inspectors"},
                           {"org_id", "org_city"},
                           {"org_path", "/r/org_city/"},
                           {"number", 1},
                           {"sha256", prepared.inspectors_sha256},
                           {"records", Records(prepared.registers, false)}}));
  }
  Status Apply(const std::string& kind, const std::string& subject, const Json& payload) {
    TRY_ASSIGN(auto ops, Project(kind, subject, payload, mem, EventContext{"usr_a", "2026-11-29T00:00:00.000Z", 1}));
    return mem.Apply(ops);
  }
  Json Committed(const std::string& commitment) {
    return Json{{"org_id", "org_city"},
                {"org_path", "/r/org_city/"},
                {"name", "test"},
                {"format", std::string(kDrawFormat)},
                {"definition", DefinitionJson(prepared.definition)},
                {"schools_register_id", "reg_s"},
                {"inspectors_register_id", "reg_i"},
                {"schools_sha256", prepared.schools_sha256},
                {"inspectors_sha256", prepared.inspectors_sha256},
                {"commitment", commitment}};
  }
  Json Executed(const std::string& seed, const std::string& commitment) {
    auto res = ExecuteDraw(prepared, seed, "lottery 1 2 3");
    EXPECT_TRUE(res && res->ok());
    return Json{{"seed", ToHex(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size())},
                {"public_value", "lottery 1 2 3"},
                {"commitment", commitment},
                {"result", ResultJson(*res)},
                {"problems", Json::array()}};
  }
  PreparedDraw prepared;
  MemoryProjection mem;
};

TEST_F(DrawProjection, CommitThenRevealWithTheCommittedSeed) {
  const std::string seed = SeedOf(1);
  const std::string c = Commitment(prepared, seed);
  ASSERT_TRUE(Apply("draw.committed", "drw_1", Committed(c)));
  EXPECT_EQ(std::get<std::string>(mem.Table("draw").at("drw_1").at("state")), "committed");
  EXPECT_EQ(std::get<std::string>(mem.Table("draw").at("drw_1").at("seed")), "");
  // The stored definition and digests rebuild D exactly.
  DrawRecord d;
  d.definition = std::get<std::string>(mem.Table("draw").at("drw_1").at("definition"));
  d.schools_sha256 = prepared.schools_sha256;
  d.inspectors_sha256 = prepared.inspectors_sha256;
  EXPECT_EQ(*CanonicalDefinitionOf(d), prepared.canonical_definition);
  ASSERT_TRUE(Apply("draw.executed", "drw_1", Executed(seed, c)));
  EXPECT_EQ(std::get<std::string>(mem.Table("draw").at("drw_1").at("state")), "executed");
  EXPECT_EQ(std::get<std::int64_t>(mem.Table("draw").at("drw_1").at("version")), 2);
  // A draw runs once.
  auto again = Apply("draw.executed", "drw_1", Executed(seed, c));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kCorrupt);
}

TEST_F(DrawProjection, ASeedThatDoesNotOpenTheCommitmentIsRefused) {
  const std::string c = Commitment(prepared, SeedOf(1));
  ASSERT_TRUE(Apply("draw.committed", "drw_1", Committed(c)));
  auto st = Apply("draw.executed", "drw_1", Executed(SeedOf(2), c));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(st.error().public_message.find("does not open the commitment"), std::string::npos);
}

TEST_F(DrawProjection, ACommitmentMustNameRegistersWithItsDigests) {
  Json p = Committed(Commitment(prepared, SeedOf(1)));
  p["schools_sha256"] = prepared.inspectors_sha256;
  EXPECT_FALSE(Apply("draw.committed", "drw_1", p));
  p = Committed(Commitment(prepared, SeedOf(1)));
  p["inspectors_register_id"] = "reg_s";
  EXPECT_FALSE(Apply("draw.committed", "drw_1", p));
  p = Committed(Commitment(prepared, SeedOf(1)));
  p["schools_register_id"] = "reg_missing";
  EXPECT_FALSE(Apply("draw.committed", "drw_1", p));
}

TEST_F(DrawProjection, RegisterVersionsCarryTheirOwnDigestAndCountUp) {
  Json records = Records(prepared.registers, false);
  // A changed record with the old digest is refused.
  Json changed = records;
  changed[0]["available"] = !changed[0]["available"].get<bool>();
  auto st = Apply("draw_register.published", "reg_i2",
                  Json{{"kind", "inspectors"},
                       {"org_id", "org_city"},
                       {"org_path", "/r/org_city/"},
                       {"number", 2},
                       {"sha256", prepared.inspectors_sha256},
                       {"records", changed}});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kCorrupt);
  // Version 3 cannot follow version 1.
  auto regs = ParseRegisters(Json{{"schools", Json::array()}, {"inspectors", changed}});
  ASSERT_TRUE(regs);
  const std::string digest = InspectorsDigest(regs->inspectors);
  Json p{{"kind", "inspectors"}, {"org_id", "org_city"}, {"org_path", "/r/org_city/"},
         {"number", 3},          {"sha256", digest},     {"records", changed}};
  EXPECT_FALSE(Apply("draw_register.published", "reg_i2", p));
  p["number"] = 2;
  ASSERT_TRUE(Apply("draw_register.published", "reg_i2", p));
  EXPECT_EQ(std::get<std::string>(mem.Table("draw_register_head").at("inspectors:org_city").at("register_id")),
            "reg_i2");
}

TEST(DrawExport, TheVectorsCheckIdenticalAndAChangedResultIsNamed) {
  std::ifstream in(std::string(ANXIAO_DRAW_FIXTURES) + "/07_worked_example.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = ParseJson(ss.str());
  ASSERT_TRUE(j);
  auto c = CheckDrawExport(*j);
  ASSERT_TRUE(c) << c.error().public_message;
  EXPECT_TRUE(c->identical) << c->difference;
  EXPECT_EQ(c->teams, 3);
  Json changed = *j;
  changed["result"]["teams"][1]["inspected_by"] = "dong_a";
  c = CheckDrawExport(changed);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->identical);
  EXPECT_EQ(c->difference.rfind("/result/teams/1/inspected_by", 0), 0u) << c->difference;
  changed = *j;
  changed["seed"] = std::string(64, '0');
  c = CheckDrawExport(changed);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->difference.rfind("commitment:", 0), 0u) << c->difference;
  changed.erase("registers");
  EXPECT_FALSE(CheckDrawExport(changed));
}

}  // namespace
}  // namespace anxiao::domain
