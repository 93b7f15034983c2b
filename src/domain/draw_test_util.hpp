#pragma once
// Random registers and definitions for the draw tests and the benchmark.
// Deterministic in `seed` (std::mt19937_64 is specified by the standard, so the
// same seed gives the same data everywhere).

#include <random>
#include <string>

#include "domain/draw.hpp"

namespace anxiao::domain::testing {

struct RegisterShape {
  int counties = 4;
  int min_schools = 20;  // per county
  int max_schools = 40;
  int inspectors_per_county = 6;
  double rural_share = 0.5;  // share of rural ∪ fringe schools
  double closed_share = 0.02;
  double recent_share = 0.05;  // inspected within the last 30 days of 2021-05-10
  const char* fields[3] = {"education", "fire", "food"};
};

inline std::string CountyId(int c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "org_county%04d", c);
  return buf;
}

inline DrawRegisters RandomRegisters(std::uint64_t seed, const RegisterShape& shape) {
  std::mt19937_64 g(seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(g); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(g) < p; };
  DrawRegisters r;
  int serial = 0;
  for (int c = 0; c < shape.counties; ++c) {
    const std::string county = CountyId(c);
    const int n = uni(shape.min_schools, shape.max_schools);
    std::vector<std::string> school_ids;
    for (int i = 0; i < n; ++i) {
      DrawSchool s;
      char code[16];
      // Codes are not in county order, so that ordering by code is exercised.
      std::snprintf(code, sizeof code, "37%08d", (serial * 7919 + 13) % 100000000);
      ++serial;
      s.code = code;
      s.id = "org_s" + s.code;
      s.name = "学校" + s.code;
      s.county = county;
      s.type =
          chance(0.6) ? SchoolType::kPrimary : (chance(0.5) ? SchoolType::kJuniorMiddle : SchoolType::kKindergarten);
      s.ownership = chance(0.85) ? Ownership::kPublic : Ownership::kPrivate;
      if (chance(shape.rural_share))
        s.location_class = chance(0.6) ? LocationClass::kRural : LocationClass::kFringe;
      else
        s.location_class = chance(0.5) ? LocationClass::kUrban : LocationClass::kTown;
      if (chance(shape.recent_share))
        s.last_inspected = CivilFromDays(DaysFromCivil(Date{2021, 5, 10}) - uni(0, 29));
      else if (chance(0.5))
        s.last_inspected = CivilFromDays(DaysFromCivil(Date{2021, 5, 10}) - uni(200, 900));
      s.closed = chance(shape.closed_share);
      school_ids.push_back(s.id);
      r.schools.push_back(std::move(s));
    }
    for (int i = 0; i < shape.inspectors_per_county; ++i) {
      DrawInspector x;
      char id[32];
      std::snprintf(id, sizeof id, "insp_%04d_%03d", c, i);
      x.id = id;
      x.name = std::string("督查员") + id;
      x.county = county;
      // Half work at a school of their county, the rest at the county bureau.
      x.home_unit = chance(0.5) ? school_ids[static_cast<std::size_t>(uni(0, n - 1))] : county;
      x.field = shape.fields[uni(0, 2)];
      x.certificate = std::string("JD") + id;
      x.available = chance(0.9);
      r.inspectors.push_back(std::move(x));
    }
  }
  return r;
}

inline DrawDefinition CrossCountyDefinition(int counties) {
  DrawDefinition d;
  for (int c = 0; c < counties; ++c) d.counties.push_back(CountyId(c));
  d.as_of = Date{2021, 5, 10};
  d.sample_size = 12;
  d.school_min_rules = {SchoolMinRule{{LocationClass::kFringe, LocationClass::kRural}, 6}};
  d.exclude_inspected_within_days = 30;
  d.team_size = 2;
  return d;
}

inline std::string SeedOf(std::uint64_t n) {
  std::string s(kDrawSeedBytes, '\0');
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>((n >> (8 * (i % 8))) + i * 31);
  return s;
}

}  // namespace anxiao::domain::testing
