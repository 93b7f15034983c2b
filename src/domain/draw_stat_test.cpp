// Statistical tests of the draw (label: slow). Each runs many draws with
// different seeds and applies Pearson's chi-square test: every eligible school
// of a stratum must be equally likely, and every single-cycle rotation must be
// equally likely. The seeds are fixed, so the outcome is reproducible; the
// thresholds are the 0.1 % critical values, so a correct sampler fails with
// probability 0.001 per test and a biased one (e.g. modulo bias, an off-by-one
// in Fisher–Yates that never leaves an element in place) fails reliably.

#include <gtest/gtest.h>

#include <map>

#include "domain/draw.hpp"
#include "domain/draw_test_util.hpp"

namespace anxiao::domain {
namespace {

using testing::SeedOf;

// χ² statistic of `counts` against a uniform expectation.
double ChiSquare(const std::vector<double>& counts) {
  double total = 0;
  for (double c : counts) total += c;
  const double expected = total / static_cast<double>(counts.size());
  double chi = 0;
  for (double c : counts) chi += (c - expected) * (c - expected) / expected;
  return chi;
}

PreparedDraw OneCounty(int rural, int urban, int sample, int min_rural) {
  DrawDefinition d;
  d.counties = {"a", "b", "c"};
  d.as_of = Date{2021, 5, 10};
  d.sample_size = sample;
  if (min_rural > 0) d.school_min_rules = {SchoolMinRule{{LocationClass::kFringe, LocationClass::kRural}, min_rural}};
  DrawRegisters r;
  for (const char* c : {"a", "b", "c"}) {
    for (int i = 0; i < rural + urban; ++i) {
      DrawSchool s;
      s.code = std::string(c) + std::to_string(1000 + i);
      s.id = "org_" + s.code;
      s.county = c;
      s.location_class = i < rural ? (i % 2 ? LocationClass::kRural : LocationClass::kFringe) : LocationClass::kUrban;
      r.schools.push_back(s);
    }
    for (int i = 0; i < 3; ++i) {
      DrawInspector x;
      x.id = std::string(c) + "-insp" + std::to_string(i);
      x.county = c;
      x.home_unit = c;
      x.field = "education";
      r.inspectors.push_back(x);
    }
  }
  return *PrepareDraw(d, r);
}

TEST(DrawStatistics, EverySchoolOfAStratumIsEquallyLikely) {
  // 20 rural ∪ fringe and 20 urban schools, 12 drawn with at least 6 rural ∪
  // fringe: within each class group, every school has the same chance (6/20 +
  // 6/34 · 14/20 for rural, 6/34 for urban).
  auto p = OneCounty(20, 20, 12, 6);
  const int trials = 20000;
  std::map<std::string, double> hits;
  for (int t = 0; t < trials; ++t) {
    auto res = ExecuteDraw(p, SeedOf(static_cast<std::uint64_t>(t) + 1), "stat");
    ASSERT_TRUE(res && res->ok());
    for (const auto& s : res->teams[0].schools) hits[s.code] += 1;
  }
  std::vector<double> rural, urban;
  for (int i = 0; i < 40; ++i) (i < 20 ? rural : urban).push_back(hits["a" + std::to_string(1000 + i)]);
  // df = 19: the 0.1 % critical value is 43.82.
  EXPECT_LT(ChiSquare(rural), 43.82);
  EXPECT_LT(ChiSquare(urban), 43.82);
  // And the group totals match the exact expectations within 1 %.
  double r_total = 0, u_total = 0;
  for (double c : rural) r_total += c;
  for (double c : urban) u_total += c;
  const double r_expect = trials * (6.0 + 6.0 * 14.0 / 34.0), u_expect = trials * (6.0 * 20.0 / 34.0);
  EXPECT_NEAR(r_total / r_expect, 1.0, 0.01);
  EXPECT_NEAR(u_total / u_expect, 1.0, 0.01);
}

TEST(DrawStatistics, WithoutRulesEverySchoolIsEquallyLikely) {
  auto p = OneCounty(0, 50, 12, 0);
  std::vector<double> counts(50, 0);
  for (int t = 0; t < 15000; ++t) {
    auto res = ExecuteDraw(p, SeedOf(static_cast<std::uint64_t>(t) + 100000), "");
    ASSERT_TRUE(res && res->ok());
    for (const auto& s : res->teams[1].schools)
      counts[static_cast<std::size_t>(std::stoi(s.code.substr(1)) - 1000)] += 1;
  }
  EXPECT_LT(ChiSquare(counts), 85.35);  // df = 49, 0.1 %
}

TEST(DrawStatistics, EverySingleCycleRotationIsEquallyLikely) {
  DrawDefinition d;
  d.counties = {"a", "b", "c", "d"};
  d.as_of = Date{2021, 5, 10};
  d.sample_size = 1;
  DrawRegisters r;
  for (const auto& c : d.counties) {
    DrawSchool s;
    s.code = c + "1";
    s.id = "org_" + s.code;
    s.county = c;
    r.schools.push_back(s);
    for (int i = 0; i < 2; ++i) {
      DrawInspector x;
      x.id = c + std::to_string(i);
      x.county = c;
      x.home_unit = c;
      x.field = "education";
      r.inspectors.push_back(x);
    }
  }
  auto p = *PrepareDraw(d, r);
  std::map<std::string, double> cycles;
  for (int t = 0; t < 12000; ++t) {
    auto res = ExecuteDraw(p, SeedOf(static_cast<std::uint64_t>(t) + 7), "rot");
    ASSERT_TRUE(res && res->ok());
    std::string key;
    for (const auto& team : res->teams) key += team.inspected_by;
    cycles[key] += 1;
  }
  ASSERT_EQ(cycles.size(), 6u);  // (4 − 1)! single cycles, and nothing else
  std::vector<double> counts;
  for (const auto& [k, v] : cycles) counts.push_back(v);
  EXPECT_LT(ChiSquare(counts), 20.52);  // df = 5, 0.1 %
}

}  // namespace
}  // namespace anxiao::domain
