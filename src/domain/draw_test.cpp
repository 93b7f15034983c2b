#include "domain/draw.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "domain/draw_test_util.hpp"

namespace anxiao::domain {
namespace {

using testing::CountyId;
using testing::CrossCountyDefinition;
using testing::RandomRegisters;
using testing::RegisterShape;
using testing::SeedOf;

Json Def(const char* text) { return Json::parse(text); }

Json MinimalDefinition() { return Def(R"({"as_of":"2021-05-10","counties":["a","b","c"]})"); }

DrawSchool School(std::string code, std::string county, LocationClass lc) {
  DrawSchool s;
  s.id = "org_" + code;
  s.code = std::move(code);
  s.county = std::move(county);
  s.location_class = lc;
  return s;
}

DrawInspector Inspector(std::string id, std::string county, std::string home, std::string field = "education") {
  DrawInspector x;
  x.id = std::move(id);
  x.county = std::move(county);
  x.home_unit = std::move(home);
  x.field = std::move(field);
  return x;
}

PreparedDraw Prepare(DrawDefinition d, DrawRegisters r) {
  auto p = PrepareDraw(std::move(d), std::move(r));
  EXPECT_TRUE(p) << (p ? "" : p.error().public_message);
  return std::move(*p);
}

DrawResult Execute(const PreparedDraw& p, std::uint64_t seed, std::string_view pv = "lottery 2021-05-11") {
  auto r = ExecuteDraw(p, SeedOf(seed), pv);
  EXPECT_TRUE(r) << (r ? "" : r.error().public_message);
  return std::move(*r);
}

// ---- the random stream
// ------------------------------------------------------------------------

TEST(DrawStream, IsSha256InCounterModeReadBigEndian) {
  Digest key{};
  DrawStream s(key);
  // Block 0 = SHA-256(32 zero bytes ‖ 8 zero bytes); the first word is its
  // first 8 bytes.
  Digest b0 = Sha256Of(std::string(40, '\0'));
  std::uint64_t w = 0;
  for (int i = 0; i < 8; ++i) w = (w << 8) | b0[static_cast<std::size_t>(i)];
  EXPECT_EQ(s.Next64(), w);
  for (int i = 0; i < 3; ++i) s.Next64();
  // The fifth word starts block 1, whose counter is 1 big-endian.
  std::string in(40, '\0');
  in[39] = 1;
  Digest b1 = Sha256Of(in);
  w = 0;
  for (int i = 0; i < 8; ++i) w = (w << 8) | b1[static_cast<std::size_t>(i)];
  EXPECT_EQ(s.Next64(), w);
  EXPECT_EQ(s.words_used(), 5u);
}

TEST(DrawStream, UniformStaysInRangeAndConsumesAWordEvenForOne) {
  DrawStream s(Sha256Of("k"));
  EXPECT_EQ(s.Uniform(1), 0u);
  EXPECT_EQ(s.words_used(), 1u);
  for (std::uint64_t n : {2ull, 3ull, 7ull, 1000ull, (1ull << 63) + 1})
    for (int i = 0; i < 200; ++i) EXPECT_LT(s.Uniform(n), n);
}

TEST(DrawStream, UniformRejectsTheBiasedTail) {
  // n = 2^63 + 1: 2^64 mod n = 2^63 − 1, so words ≥ 2^63 + 1 are rejected.
  // About half of all words are rejected, so consumption must exceed the number
  // of calls.
  DrawStream s(Sha256Of("tail"));
  for (int i = 0; i < 1000; ++i) s.Uniform((1ull << 63) + 1);
  EXPECT_GT(s.words_used(), 1300u);
  EXPECT_LT(s.words_used(), 2700u);
}

// ---- definitions
// ------------------------------------------------------------------------------

TEST(DrawDefinitionParse, FillsDefaultsAndNormalises) {
  auto d = ParseDefinition(Def(R"({"as_of":"2021-05-10","counties":["c","a","b"],
      "population":{"types":["primary","kindergarten"]},
      "sample":{"size":12,"min_rules":[{"count":6,"location_classes":["rural","fringe"]}]}})"));
  ASSERT_TRUE(d) << d.error().public_message;
  EXPECT_EQ(d->counties, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(d->types, (std::vector<SchoolType>{SchoolType::kKindergarten, SchoolType::kPrimary}));
  EXPECT_EQ(d->school_min_rules[0].location_classes,
            (std::vector<LocationClass>{LocationClass::kFringe, LocationClass::kRural}));
  EXPECT_EQ(d->team_size, 2);
  EXPECT_TRUE(d->rotation);
  EXPECT_TRUE(d->exclude_closed);
  // The normalised JSON round-trips.
  auto again = ParseDefinition(DefinitionJson(*d));
  ASSERT_TRUE(again);
  EXPECT_EQ(Canonical(DefinitionJson(*again)), Canonical(DefinitionJson(*d)));
}

struct BadDefinition {
  const char* json;
  const char* field;
};

TEST(DrawDefinitionParse, RejectsEachMistakeNamingTheField) {
  const BadDefinition cases[] = {
      {R"({"as_of":"2021-05-10"})", "counties"},
      {R"({"counties":["a"]})", "as_of"},
      {R"({"as_of":"2021-02-30","counties":["a"]})", "as_of"},
      {R"({"as_of":"2021-05-10","counties":[]})", "counties"},
      {R"({"as_of":"2021-05-10","counties":["a","a"]})", "counties"},
      {R"({"as_of":"2021-05-10","counties":["a",""]})", "counties"},
      {R"({"as_of":"2021-05-10","counties":["a"],"colour":1})", "colour"},
      {R"({"as_of":"2021-05-10","counties":["a"],"sample":{"size":0}})", "sample.size"},
      {R"({"as_of":"2021-05-10","counties":["a"],"sample":{"size":"12"}})", "sample.size"},
      {R"({"as_of":"2021-05-10","counties":["a"],"sample":{"min_ratio_permille":1001}})", "sample.min_ratio_permille"},
      {R"({"as_of":"2021-05-10","counties":["a"],"sample":{"min_rules":[{"count":1,"location_classes":["moon"]}]}})",
       "sample.min_rules[0].location_classes[0]"},
      {R"({"as_of":"2021-05-10","counties":["a"],"sample":{"min_rules":[{"location_classes":["rural"]}]}})",
       "sample.min_rules[0].count"},
      {R"({"as_of":"2021-05-10","counties":["a"],"sample":{"min_rules":[{"count":1,"location_classes":[]}]}})",
       "sample.min_rules[0].location_classes"},
      {R"({"as_of":"2021-05-10","counties":["a"],"sample":{"min_rules":[{"count":1,"location_classes":["rural"]},
          {"count":1,"location_classes":["fringe","rural"]}]}})",
       "sample.min_rules[1].location_classes"},
      {R"({"as_of":"2021-05-10","counties":["a"],"sample":{"size":5,"min_rules":[{"count":6,"location_classes":["rural"]}]}})",
       "sample.min_rules"},
      {R"({"as_of":"2021-05-10","counties":["a"],"team":{"size":1}})", "team.size"},
      {R"({"as_of":"2021-05-10","counties":["a"],"team":{"min_rules":[{"count":1,"field":"fire"},{"count":1,"field":"fire"}]}})",
       "team.min_rules[1].field"},
      {R"({"as_of":"2021-05-10","counties":["a"],"team":{"size":2,"min_rules":[{"count":3,"field":"fire"}]}})",
       "team.min_rules"},
      {R"({"as_of":"2021-05-10","counties":["a"],"exclude":{"inspected_within_days":-1}})",
       "exclude.inspected_within_days"},
      {R"({"as_of":"2021-05-10","counties":["a"],"rotation":"yes"})", "rotation"},
      {R"({"as_of":"2021-05-10","counties":["a"],"population":{"types":["primary","primary"]}})", "population.types"},
      {R"([1,2])", "(root)"},
  };
  for (const auto& c : cases) {
    auto d = ParseDefinition(Def(c.json));
    ASSERT_FALSE(d) << c.json;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(d.error().slug, "invalid_draw_definition");
    EXPECT_EQ(d.error().field, c.field) << c.json << " → " << d.error().public_message;
  }
}

TEST(DrawRegistersParse, RejectsUnknownValuesAndKeys) {
  const BadDefinition cases[] = {
      {R"({"schools":[]})", "inspectors"},
      {R"({"schools":[{"id":"s","code":"1","county":"a","type":"castle","ownership":"public","location_class":"rural"}],"inspectors":[]})",
       "schools[0].type"},
      {R"({"schools":[{"id":"s","code":"1","county":"a","type":"primary","ownership":"public","location_class":"rural",
          "last_inspected":"yesterday"}],"inspectors":[]})",
       "schools[0].last_inspected"},
      {R"({"schools":[{"id":"s","code":"","county":"a","type":"primary","ownership":"public","location_class":"rural"}],"inspectors":[]})",
       "schools[0].code"},
      {R"({"schools":[],"inspectors":[{"id":"i","county":"a","field":"fire"}]})", "inspectors[0].home_unit"},
      {R"({"schools":[],"inspectors":[{"id":"i","county":"a","field":"fire","home_unit":"a","available":1}]})",
       "inspectors[0].available"},
      {R"({"schools":[],"inspectors":[{"id":"i","county":"a","field":"fire","home_unit":"a","rank":"x"}]})",
       "inspectors[0].rank"},
  };
  for (const auto& c : cases) {
    auto r = ParseRegisters(Def(c.json));
    ASSERT_FALSE(r) << c.json;
    EXPECT_EQ(r.error().slug, "invalid_register");
    EXPECT_EQ(r.error().field, c.field) << c.json << " → " << r.error().public_message;
  }
}

TEST(DrawPrepare, RejectsDuplicateCodesAndIds) {
  auto d = *ParseDefinition(MinimalDefinition());
  DrawRegisters r;
  r.schools = {School("1", "a", LocationClass::kRural), School("1", "b", LocationClass::kRural)};
  r.schools[1].id = "other";
  auto p = PrepareDraw(d, r);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().public_message.find("school code 1 appears twice"), std::string::npos);
  r.schools[1].code = "2";
  r.schools[1].id = r.schools[0].id;
  EXPECT_FALSE(PrepareDraw(d, r));
  r.schools[1].id = "other";
  r.inspectors = {Inspector("i", "a", "a"), Inspector("i", "b", "b")};
  EXPECT_FALSE(PrepareDraw(d, r));
}

// ---- commitment
// -------------------------------------------------------------------------------

TEST(DrawCommitment, IsSha256OfSeedAndCanonicalDefinition) {
  auto p = Prepare(CrossCountyDefinition(3), RandomRegisters(1, RegisterShape{}));
  std::string seed = SeedOf(7);
  EXPECT_EQ(Commitment(p, seed), Sha256Hex(seed + p.canonical_definition));
  auto doc = Json::parse(p.canonical_definition);
  EXPECT_EQ(doc["format"], "anxiao-draw/1");
  EXPECT_EQ(doc["schools_sha256"], p.schools_sha256);
  EXPECT_EQ(Canonical(doc), p.canonical_definition);
}

TEST(DrawCommitment, ChangesWithSeedDefinitionAndEveryRegisterField) {
  RegisterShape shape;
  auto regs = RandomRegisters(2, shape);
  auto base = Prepare(CrossCountyDefinition(3), regs);
  const std::string seed = SeedOf(1);
  const std::string c0 = Commitment(base, seed);
  EXPECT_NE(Commitment(base, SeedOf(2)), c0);
  auto def = CrossCountyDefinition(3);
  def.team_size = 3;
  EXPECT_NE(Commitment(Prepare(def, regs), seed), c0);
  auto r2 = regs;
  r2.schools[5].closed = !r2.schools[5].closed;
  EXPECT_NE(Commitment(Prepare(CrossCountyDefinition(3), r2), seed), c0);
  r2 = regs;
  r2.inspectors[3].available = !r2.inspectors[3].available;
  EXPECT_NE(Commitment(Prepare(CrossCountyDefinition(3), r2), seed), c0);
  // Register order does not matter: the registers are sorted before hashing.
  r2 = regs;
  std::reverse(r2.schools.begin(), r2.schools.end());
  std::reverse(r2.inspectors.begin(), r2.inspectors.end());
  EXPECT_EQ(Commitment(Prepare(CrossCountyDefinition(3), r2), seed), c0);
}

// ---- feasibility
// ------------------------------------------------------------------------------

TEST(DrawCheck, NamesTheShortStratumAndRuleWithNumbers) {
  auto d = CrossCountyDefinition(3);
  RegisterShape shape;
  shape.counties = 3;
  shape.closed_share = 0;
  shape.recent_share = 0;
  auto regs = RandomRegisters(3, shape);
  // County 1 keeps only 4 rural ∪ fringe schools and 9 schools in all.
  std::vector<DrawSchool> kept;
  int rural = 0, total = 0;
  for (auto& s : regs.schools) {
    if (s.county != CountyId(1)) {
      kept.push_back(s);
      continue;
    }
    bool r = s.location_class == LocationClass::kRural || s.location_class == LocationClass::kFringe;
    if (total >= 9 || (r && rural >= 4)) continue;
    rural += r ? 1 : 0;
    ++total;
    kept.push_back(s);
  }
  ASSERT_EQ(total, 9);
  regs.schools = kept;
  auto problems = CheckDraw(Prepare(d, regs));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].kind, "stratum_short");
  EXPECT_EQ(problems[0].county, CountyId(1));
  EXPECT_EQ(problems[0].need, 12);
  EXPECT_EQ(problems[0].have, 9);
  EXPECT_EQ(problems[0].message,
            "county org_county0001 has 9 eligible "
            "schools; the sample needs 12 (3 missing)");
  EXPECT_EQ(problems[1].kind, "stratum_rule_short");
  EXPECT_EQ(problems[1].rule, 0);
  EXPECT_EQ(problems[1].need, 6);
  EXPECT_EQ(problems[1].have, rural);
  // Execution returns the same problems and draws nothing.
  auto res = Execute(Prepare(d, regs), 1);
  EXPECT_FALSE(res.ok());
  EXPECT_TRUE(res.teams.empty());
  EXPECT_EQ(res.problems.size(), 2u);
}

TEST(DrawCheck, OneCountyCannotRotate) {
  auto d = CrossCountyDefinition(1);
  RegisterShape shape;
  shape.counties = 1;
  auto problems = CheckDraw(Prepare(d, RandomRegisters(4, shape)));
  ASSERT_FALSE(problems.empty());
  bool found = false;
  for (const auto& p : problems) found = found || p.kind == "rotation_impossible";
  EXPECT_TRUE(found);
}

TEST(DrawCheck, InspectingCountyWithoutEnoughInspectors) {
  auto d = CrossCountyDefinition(3);
  d.team_min_rules = {FieldMinRule{"fire", 1}};
  RegisterShape shape;
  shape.counties = 3;
  auto regs = RandomRegisters(5, shape);
  regs.inspectors = {Inspector("i1", CountyId(0), CountyId(0), "fire"), Inspector("i2", CountyId(0), CountyId(0)),
                     Inspector("i3", CountyId(1), CountyId(1), "fire"), Inspector("i4", CountyId(1), CountyId(1)),
                     Inspector("i5", CountyId(2), CountyId(2))};
  auto problems = CheckDraw(Prepare(d, regs));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].kind, "inspectors_short");
  EXPECT_EQ(problems[0].by_county, CountyId(2));
  EXPECT_EQ(problems[0].have, 1);
  EXPECT_EQ(problems[1].kind, "inspectors_rule_short");
  EXPECT_EQ(problems[1].message,
            "inspecting county org_county0002 has 0 available inspectors of "
            "field fire; rule 0 needs at least 1");
}

TEST(DrawCheck, PooledNeedsEnoughDifferentPeople) {
  auto d = CrossCountyDefinition(3);
  d.rotation = false;
  RegisterShape shape;
  shape.counties = 3;
  auto regs = RandomRegisters(6, shape);
  regs.inspectors = {Inspector("i1", "city", "city"), Inspector("i2", "city", "city"), Inspector("i3", "city", "city"),
                     Inspector("i4", "city", "city"), Inspector("i5", "city", "city")};
  auto problems = CheckDraw(Prepare(d, regs));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, "inspectors_total_short");
  EXPECT_EQ(problems[0].need, 6);
  EXPECT_EQ(problems[0].have, 5);
}

TEST(DrawExecute, TeamThatCannotBeStaffedWithoutBreakingRecusal) {
  // One county of exactly 12 schools, all drawn; the only inspectors work at
  // two of them.
  DrawDefinition d;
  d.counties = {"a", "b"};
  d.as_of = Date{2021, 5, 10};
  d.rotation = false;
  DrawRegisters r;
  for (int i = 0; i < 12; ++i) r.schools.push_back(School("A" + std::to_string(100 + i), "a", LocationClass::kRural));
  for (int i = 0; i < 12; ++i) r.schools.push_back(School("B" + std::to_string(100 + i), "b", LocationClass::kRural));
  r.inspectors = {Inspector("i1", "city", "org_A100"), Inspector("i2", "city", "org_A101"),
                  Inspector("i3", "city", "org_A102"), Inspector("i4", "city", "org_A103")};
  auto res = Execute(Prepare(d, r), 9);
  ASSERT_EQ(res.problems.size(), 1u);
  EXPECT_EQ(res.problems[0].kind, "team_short");
  EXPECT_EQ(res.problems[0].county, "a");
  EXPECT_EQ(res.problems[0].need, 2);
  EXPECT_EQ(res.problems[0].have, 0);
  EXPECT_EQ(res.problems[0].message,
            "the team for county a needs 2 more inspectors but only 0 remain: "
            "4 are recused (own unit, a drawn school or the "
            "inspected county) and 0 are already on another team");
  EXPECT_TRUE(res.teams.empty());
}

TEST(DrawExecute, RejectsASeedOfTheWrongLength) {
  auto p = Prepare(CrossCountyDefinition(3), RandomRegisters(1, RegisterShape{}));
  auto r = ExecuteDraw(p, "short", "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().slug, "invalid_seed");
}

TEST(DrawExecute, ExclusionsAndTheRatio) {
  DrawDefinition d;
  d.counties = {"a"};
  d.rotation = false;
  d.as_of = Date{2021, 5, 10};
  d.exclude_inspected_within_days = 30;
  d.sample_size = 2;
  d.min_ratio_permille = 500;  // half of the eligible schools
  DrawRegisters r;
  for (int i = 0; i < 10; ++i) r.schools.push_back(School(std::to_string(1000 + i), "a", LocationClass::kUrban));
  r.schools[0].closed = true;
  r.schools[1].last_inspected = Date{2021, 4, 11};  // 29 days before: excluded
  r.schools[2].last_inspected = Date{2021, 4, 10};  // 30 days before: eligible
  r.schools[3].last_inspected = Date{2021, 6, 1};   // after as_of: counts as recent
  r.inspectors = {Inspector("i1", "city", "city"), Inspector("i2", "city", "city")};
  auto res = Execute(Prepare(d, r), 3);
  ASSERT_TRUE(res.ok());
  ASSERT_EQ(res.teams.size(), 1u);
  EXPECT_EQ(res.teams[0].eligible, 7);
  EXPECT_EQ(res.teams[0].sample_size, 4);  // ⌈7 · 500 / 1000⌉ = 4 > 2
  for (const auto& s : res.teams[0].schools) {
    EXPECT_NE(s.code, "1000");
    EXPECT_NE(s.code, "1001");
    EXPECT_NE(s.code, "1003");
  }
  // Type and ownership filters.
  d.types = {SchoolType::kKindergarten};
  EXPECT_EQ(CheckDraw(Prepare(d, r))[0].have, 0);
}

// ---- properties over random registers
// ---------------------------------------------------------

struct PropertyCase {
  std::uint64_t seed;
  DrawDefinition def;
  DrawRegisters regs;
};

PropertyCase RandomCase(std::uint64_t seed) {
  std::mt19937_64 g(seed * 7919 + 1);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(g); };
  RegisterShape shape;
  shape.counties = uni(2, 9);
  shape.min_schools = uni(12, 30);
  shape.max_schools = shape.min_schools + uni(0, 40);
  shape.inspectors_per_county = uni(4, 10);
  shape.rural_share = 0.3 + 0.1 * uni(0, 4);
  PropertyCase c{seed, CrossCountyDefinition(shape.counties), RandomRegisters(seed, shape)};
  c.def.rotation = uni(0, 3) != 0;
  c.def.sample_size = uni(4, 10);
  c.def.school_min_rules = {SchoolMinRule{{LocationClass::kFringe, LocationClass::kRural}, uni(1, 3)}};
  if (uni(0, 1)) c.def.school_min_rules.push_back(SchoolMinRule{{LocationClass::kUrban}, 1});
  c.def.min_ratio_permille = uni(0, 1) ? 0 : uni(1, 300);
  c.def.team_size = uni(2, 3);
  if (uni(0, 1)) c.def.team_min_rules = {FieldMinRule{"fire", 1}};
  c.def.recuse_inspected_county = true;
  return c;
}

void CheckInvariants(const PreparedDraw& p, const DrawResult& res) {
  const auto& d = p.definition;
  std::map<std::string, const DrawSchool*> by_id;
  for (const auto& s : p.registers.schools) by_id[s.id] = &s;
  std::map<std::string, const DrawInspector*> insp;
  for (const auto& x : p.registers.inspectors) insp[x.id] = &x;
  ASSERT_EQ(res.teams.size(), d.counties.size());
  std::set<std::string> used_inspectors, inspecting;
  std::map<std::string, std::string> by;
  for (std::size_t t = 0; t < res.teams.size(); ++t) {
    const auto& team = res.teams[t];
    EXPECT_EQ(team.county, d.counties[t]);
    // Quotas: the sample size, every minimum rule, distinct eligible schools of
    // the county.
    ASSERT_EQ(static_cast<int>(team.schools.size()), team.sample_size);
    EXPECT_GE(team.sample_size, d.sample_size);
    EXPECT_GE(team.sample_size * 1000, team.eligible * d.min_ratio_permille);
    std::set<std::string> codes;
    for (const auto& s : team.schools) {
      const DrawSchool* src = by_id.at(s.id);
      EXPECT_EQ(src->county, team.county);
      EXPECT_FALSE(src->closed);
      if (src->last_inspected) {
        EXPECT_GE(DaysFromCivil(d.as_of) - DaysFromCivil(*src->last_inspected), d.exclude_inspected_within_days);
      }
      EXPECT_TRUE(codes.insert(s.code).second);
    }
    for (std::size_t r = 0; r < d.school_min_rules.size(); ++r) {
      int n = 0;
      for (const auto& s : team.schools)
        for (auto lc : d.school_min_rules[r].location_classes) n += s.location_class == lc ? 1 : 0;
      EXPECT_GE(n, d.school_min_rules[r].count);
    }
    // Teams: size, field minimums, recusal, nobody twice.
    ASSERT_EQ(static_cast<int>(team.inspectors.size()), d.team_size);
    for (const auto& r : d.team_min_rules) {
      int n = 0;
      for (const auto& x : team.inspectors) n += x.field == r.field ? 1 : 0;
      EXPECT_GE(n, r.count);
    }
    for (const auto& x : team.inspectors) {
      const DrawInspector* src = insp.at(x.id);
      EXPECT_TRUE(src->available);
      EXPECT_NE(src->county, team.county) << "inspector from the inspected county";
      EXPECT_NE(src->home_unit, team.county);
      EXPECT_EQ(codes.count(src->home_unit.substr(5)), 0u) << "inspector inspects own school";
      EXPECT_TRUE(used_inspectors.insert(x.id).second) << x.id << " on two teams";
      if (d.rotation) {
        EXPECT_EQ(src->county, team.inspected_by);
      }
    }
    if (d.rotation) {
      EXPECT_NE(team.inspected_by, team.county);
      EXPECT_TRUE(inspecting.insert(team.inspected_by).second) << "a county inspects twice";
      by[team.county] = team.inspected_by;
    }
  }
  if (d.rotation && d.counties.size() >= 3) {
    for (const auto& [t, s] : by) EXPECT_NE(by.at(s), t) << s << " and " << t << " inspect each other";
  }
}

TEST(DrawProperties, ConstraintsHoldOverRandomRegisters) {
  int feasible = 0, infeasible = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    auto c = RandomCase(seed);
    auto p = Prepare(c.def, c.regs);
    auto res = Execute(p, seed);
    if (!res.ok()) {
      ++infeasible;
      EXPECT_TRUE(res.teams.empty());
      for (const auto& pr : res.problems) EXPECT_FALSE(pr.message.empty());
      continue;
    }
    ++feasible;
    SCOPED_TRACE("case " + std::to_string(seed));
    CheckInvariants(p, res);
    if (HasFailure()) return;
  }
  // The generator must exercise both outcomes, or the test proves little.
  EXPECT_GT(feasible, 150);
  EXPECT_GT(infeasible, 5);
}

TEST(DrawProperties, SameInputsSameResultOtherSeedOtherResult) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    auto c = RandomCase(seed);
    auto p = Prepare(c.def, c.regs);
    auto a = Execute(p, seed), b = Execute(p, seed);
    if (!a.ok()) continue;
    EXPECT_EQ(Canonical(ResultJson(a)), Canonical(ResultJson(b)));
    // Another seed, or another public value, gives another draw (the counties
    // have at least 12 schools and samples of at most 10 plus the ratio, so a
    // collision has negligible odds).
    auto other = Execute(p, seed + 1000);
    if (other.ok()) {
      EXPECT_NE(Canonical(ResultJson(a)), Canonical(ResultJson(other)));
    }
    auto other_pv = Execute(p, seed, "lottery 2021-05-12");
    if (other_pv.ok()) {
      EXPECT_NE(Canonical(ResultJson(a)), Canonical(ResultJson(other_pv)));
    }
  }
}

TEST(DrawProperties, TwoCountiesInspectEachOtherThreeNeverDo) {
  RegisterShape shape;
  shape.counties = 2;
  auto res = Execute(Prepare(CrossCountyDefinition(2), RandomRegisters(8, shape)), 1);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res.teams[0].inspected_by, CountyId(1));
  EXPECT_EQ(res.teams[1].inspected_by, CountyId(0));
  // With 3 counties there are exactly two single cycles; both must occur over
  // seeds.
  shape.counties = 3;
  auto p = Prepare(CrossCountyDefinition(3), RandomRegisters(8, shape));
  std::set<std::string> cycles;
  for (std::uint64_t s = 0; s < 40; ++s) {
    auto r = Execute(p, s);
    ASSERT_TRUE(r.ok());
    cycles.insert(r.teams[0].inspected_by + r.teams[1].inspected_by + r.teams[2].inspected_by);
  }
  EXPECT_EQ(cycles.size(), 2u);
}

TEST(DrawFirstDifference, NamesThePathAndBothValues) {
  Json a = Json::parse(R"({"teams":[{"county":"a","schools":[{"code":"1"},{"code":"2"}]}]})");
  Json b = a;
  EXPECT_FALSE(FirstDifference(a, b));
  b["teams"][0]["schools"][1]["code"] = "3";
  EXPECT_EQ(*FirstDifference(a, b), R"(/teams/0/schools/1/code: expected "2", got "3")");
  b = a;
  b["teams"][0]["schools"].erase(1);
  EXPECT_EQ(*FirstDifference(a, b), "/teams/0/schools: expected 2 elements, got 1");
  b = a;
  b["extra"] = 1;
  EXPECT_EQ(*FirstDifference(a, b), "/extra: expected nothing, got 1");
}

// ---- test vectors (tests/fixtures/draws)
// ------------------------------------------------------

std::vector<std::filesystem::path> VectorFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(ANXIAO_DRAW_FIXTURES))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

Json ReadJsonFile(const std::filesystem::path& f) {
  std::ifstream in(f);
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

TEST(DrawVectors, EveryVectorReRunsExactly) {
  auto files = VectorFiles();
  ASSERT_GE(files.size(), 5u);
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    Json v = ReadJsonFile(f);
    auto def = ParseDefinition(v.at("definition"));
    ASSERT_TRUE(def) << def.error().public_message;
    auto regs = ParseRegisters(v.at("registers"));
    ASSERT_TRUE(regs) << regs.error().public_message;
    auto p = PrepareDraw(*def, *regs);
    ASSERT_TRUE(p);
    // The files hold the normalised forms, so parsing and re-encoding changes
    // nothing.
    EXPECT_EQ(DefinitionJson(p->definition), v.at("definition"));
    EXPECT_EQ(RegistersJson(p->registers), v.at("registers"));
    EXPECT_EQ(p->schools_sha256, v.at("schools_sha256"));
    EXPECT_EQ(p->inspectors_sha256, v.at("inspectors_sha256"));
    std::string seed;
    ASSERT_TRUE(FromHex(v.at("seed").get<std::string>(), &seed));
    EXPECT_EQ(Commitment(*p, seed), v.at("commitment"));
    auto res = ExecuteDraw(*p, seed, v.at("public_value").get<std::string>());
    ASSERT_TRUE(res);
    EXPECT_EQ(ProblemsJson(res->problems), v.at("problems"));
    Json result = res->ok() ? ResultJson(*res) : Json(nullptr);
    auto diff = FirstDifference(v.at("result"), result);
    EXPECT_FALSE(diff) << *diff;
  }
}

Json VectorJson(const PreparedDraw& p, const std::string& seed, const std::string& public_value) {
  auto res = ExecuteDraw(p, seed, public_value);
  return Json{{"format", "anxiao-draw/1"},
              {"definition", DefinitionJson(p.definition)},
              {"registers", RegistersJson(p.registers)},
              {"schools_sha256", p.schools_sha256},
              {"inspectors_sha256", p.inspectors_sha256},
              {"seed", ToHex(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size())},
              {"public_value", public_value},
              {"commitment", Commitment(p, seed)},
              {"result", res->ok() ? ResultJson(*res) : Json(nullptr)},
              {"problems", ProblemsJson(res->problems)}};
}

// Writes the vectors; run by hand (--gtest_also_run_disabled_tests
// --gtest_filter=*WriteVectors) only when a new vector is added. Existing
// vectors must never change.
TEST(DrawVectors, DISABLED_WriteVectors) {
  auto seed_of = [](const char* label) {
    Digest d = Sha256Of(label);
    return std::string(reinterpret_cast<const char*>(d.data()), d.size());
  };
  auto write = [&](const char* name, const PreparedDraw& p, const char* label, const std::string& pv) {
    std::ofstream(std::filesystem::path(ANXIAO_DRAW_FIXTURES) / name)
        << VectorJson(p, seed_of(label), pv).dump(1) << "\n";
  };
  {
    RegisterShape shape;
    shape.counties = 3;
    shape.min_schools = 14;
    shape.max_schools = 20;
    shape.inspectors_per_county = 4;
    write("01_cross_county_small.json", Prepare(CrossCountyDefinition(3), RandomRegisters(101, shape)), "vector 01",
          "lottery 2021-05-11: 0 3 7");
  }
  {
    RegisterShape shape;
    shape.counties = 11;
    shape.min_schools = 20;
    shape.max_schools = 45;
    shape.inspectors_per_county = 6;
    auto regs = RandomRegisters(102, shape);
    for (std::size_t i = 0; i < regs.inspectors.size(); i += 6) {
      regs.inspectors[i].field = "fire";
      regs.inspectors[i].available = true;
    }
    auto d = CrossCountyDefinition(11);
    d.team_size = 3;
    d.team_min_rules = {FieldMinRule{"fire", 1}};
    write("02_eleven_counties_fire_expert.json", Prepare(d, regs), "vector 02",
          "双色球 2021054 期: 03 11 19 22 27 33 + 09");
  }
  {
    RegisterShape shape;
    shape.counties = 2;
    shape.min_schools = 60;
    shape.max_schools = 90;
    shape.recent_share = 0.2;
    shape.closed_share = 0.1;
    auto d = CrossCountyDefinition(2);
    d.min_ratio_permille = 150;
    d.types = {SchoolType::kPrimary, SchoolType::kJuniorMiddle};
    d.school_min_rules = {SchoolMinRule{{LocationClass::kFringe, LocationClass::kRural}, 3},
                          SchoolMinRule{{LocationClass::kUrban}, 2}};
    write("03_two_counties_ratio_exclusions.json", Prepare(d, RandomRegisters(103, shape)), "vector 03", "2021-05-11");
  }
  {
    RegisterShape shape;
    shape.counties = 4;
    shape.inspectors_per_county = 0;
    auto regs = RandomRegisters(104, shape);
    // A city-wide pool: teachers of the schools (recused from their own school)
    // and bureau staff.
    for (int i = 0; i < 14; ++i) {
      const auto& s = regs.schools[static_cast<std::size_t>(i * 5)];
      regs.inspectors.push_back(
          Inspector("city_t" + std::to_string(10 + i), s.county, s.id, i % 3 ? "education" : "fire"));
    }
    for (int i = 0; i < 4; ++i)
      regs.inspectors.push_back(Inspector("city_b" + std::to_string(i), "org_city", "org_city", "fire"));
    auto d = CrossCountyDefinition(4);
    d.rotation = false;
    d.ownerships = {Ownership::kPublic};
    d.team_size = 3;
    d.team_min_rules = {FieldMinRule{"fire", 1}};
    write("04_city_pool_recusal.json", Prepare(d, regs), "vector 04", "");
  }
  {
    RegisterShape shape;
    shape.counties = 3;
    shape.min_schools = 8;
    shape.max_schools = 14;
    shape.rural_share = 0.3;
    auto regs = RandomRegisters(105, shape);
    regs.inspectors.resize(5);
    write("05_infeasible_strata_and_inspectors.json", Prepare(CrossCountyDefinition(3), regs), "vector 05", "x");
  }
  {
    DrawDefinition d;
    d.counties = {"a", "b"};
    d.as_of = Date{2021, 5, 10};
    d.rotation = false;
    DrawRegisters r;
    for (int i = 0; i < 13; ++i) r.schools.push_back(School("A" + std::to_string(100 + i), "a", LocationClass::kRural));
    for (int i = 0; i < 12; ++i) r.schools.push_back(School("B" + std::to_string(100 + i), "b", LocationClass::kTown));
    r.inspectors = {Inspector("i1", "city", "org_A100"), Inspector("i2", "city", "org_A101"),
                    Inspector("i3", "city", "org_A102"), Inspector("i4", "city", "org_B103")};
    write("06_team_short_after_school_draw.json", Prepare(d, r), "vector 06", "seed-dependent");
  }
}

// The Python implementation in tests/fixtures/draws was written from
// docs/draw_algorithm.md alone; it must agree with this one on every vector and
// on fresh random cases.
TEST(DrawVectors, IndependentPythonImplementationAgrees) {
  const std::filesystem::path dir(ANXIAO_DRAW_FIXTURES);
  const auto tmp = std::filesystem::temp_directory_path() / ("anxiao-draw-py-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmp);
  std::vector<std::string> args;
  for (const auto& f : VectorFiles()) args.push_back(f.string());
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    auto c = RandomCase(seed * 31);
    auto p = Prepare(c.def, c.regs);
    std::string s = SeedOf(seed);
    auto res = Execute(p, seed, seed % 2 ? "双色球 2021054 期: 03 11 19 22 27 33 + 09" : "");
    Json v{{"format", "anxiao-draw/1"},
           {"definition", DefinitionJson(p.definition)},
           {"registers", RegistersJson(p.registers)},
           {"schools_sha256", p.schools_sha256},
           {"inspectors_sha256", p.inspectors_sha256},
           {"seed", ToHex(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())},
           {"public_value", seed % 2 ? "双色球 2021054 期: 03 11 19 22 27 33 + 09" : ""},
           {"commitment", Commitment(p, s)},
           {"result", res.ok() ? ResultJson(res) : Json(nullptr)},
           {"problems", ProblemsJson(res.problems)}};
    auto f = tmp / ("random-" + std::to_string(seed) + ".json");
    std::ofstream(f) << v.dump();
    args.push_back(f.string());
  }
  std::string cmd = "python3 " + (dir / "reference_draw.py").string() + " --check";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  int rc = ::pclose(pipe);
  std::filesystem::remove_all(tmp);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("identical: " + std::to_string(args.size()) + " of " + std::to_string(args.size())),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace anxiao::domain
