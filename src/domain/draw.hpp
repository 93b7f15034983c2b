#pragma once
// Verifiable random draws (双随机一公开, PRODUCT.md §4): random schools per
// county with quotas, random inspector teams with recusal, and a cross-county
// rotation, all derived deterministically from a committed seed and a public
// value announced after the commitment. Pure: no I/O, no clock.
//
// The algorithm, the canonical bytes and the random stream are specified in
// docs/draw_algorithm.md
// ("anxiao-draw/1"); tests/fixtures/draws/ holds test vectors and an
// independent Python implementation of that document. Any change to the
// observable behaviour here is a new format version, never an edit of version
// 1: journaled draws must re-run identically forever.
//
// Flow: ParseDefinition + ParseRegisters (strict, kInvalidInput naming the
// field) → PrepareDraw (normalises, pins the registers by digest, yields the
// canonical definition document) → Commitment(prepared, seed) before anything
// is drawn → ExecuteDraw(prepared, seed, public value). Infeasibility is an
// expected outcome and comes back as DrawResult::problems, not as an Error.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/canonical_json.hpp"
#include "base/error.hpp"
#include "base/sha256.hpp"
#include "base/time.hpp"
#include "domain/org.hpp"

namespace anxiao::domain {

inline constexpr std::string_view kDrawFormat = "anxiao-draw/1";
inline constexpr std::size_t kDrawSeedBytes = 32;

// --- Registers (一单两库: the two registers)
// -------------------------------------------------

// One entry of the register of inspectable schools. `county` is the org id of
// the county-level unit (or the city, for city-direct schools) that the school
// belongs to for the draw.
struct DrawSchool {
  std::string id;
  std::string code;  // unique in the register; candidates are ordered by it (bytewise)
  std::string name;
  std::string county;
  SchoolType type = SchoolType::kPrimary;
  Ownership ownership = Ownership::kPublic;
  LocationClass location_class = LocationClass::kUrban;
  std::optional<Date> last_inspected;
  bool closed = false;
};

// One entry of the register of inspectors. `home_unit` is the org id of the
// unit they work for (a bureau or a school): they never inspect it. `field` is
// their speciality ("education", "fire", …).
struct DrawInspector {
  std::string id;  // unique in the register; candidates are ordered by it (bytewise)
  std::string name;
  std::string home_unit;
  std::string county;
  std::string field;
  std::string certificate;
  bool available = true;
};

struct DrawRegisters {
  std::vector<DrawSchool> schools;
  std::vector<DrawInspector> inspectors;
};

// --- Definition
// ------------------------------------------------------------------------------

// "At least `count` schools whose location class is one of `location_classes`"
// within each county.
struct SchoolMinRule {
  std::vector<LocationClass> location_classes;  // sorted by wire name, unique
  int count = 0;
};
// "At least `count` inspectors of `field`" in each team.
struct FieldMinRule {
  std::string field;
  int count = 0;
};

struct DrawDefinition {
  std::vector<std::string> counties;            // the strata: one team per county; sorted, unique
  std::vector<SchoolType> types;                // population filter; empty = every type
  std::vector<Ownership> ownerships;            // population filter; empty = both
  int sample_size = 12;                         // schools per county
  std::vector<SchoolMinRule> school_min_rules;  // filled in this order; class sets are disjoint
  int min_ratio_permille = 0;                   // a county with E eligible schools gets max(size, ⌈E·‰/1000⌉)
  Date as_of;                                   // the day exclusions are computed for
  int exclude_inspected_within_days = 0;        // 0 = no exclusion
  bool exclude_closed = true;
  int team_size = 2;                         // inspectors per team, at least 2
  std::vector<FieldMinRule> team_min_rules;  // filled in this order; fields are distinct
  bool rotation = true;                      // cross-county: team of county S inspects county T ≠ S
  bool recuse_inspected_county = true;       // nobody from the inspected county (implied by rotation)
};

// --- Result
// ----------------------------------------------------------------------------------

struct DrawnSchool {
  std::string id;
  std::string code;
  LocationClass location_class = LocationClass::kUrban;
  int rule = -1;  // index into school_min_rules, or -1 for the remainder
};
struct DrawnInspector {
  std::string id;
  std::string field;
  int rule = -1;  // index into team_min_rules, or -1 for the remainder
};
struct DrawTeam {
  std::string county;        // the inspected county
  std::string inspected_by;  // the inspecting county (rotation), or empty
  std::int64_t eligible = 0;
  int sample_size = 0;
  std::vector<DrawnSchool> schools;        // sorted by code
  std::vector<DrawnInspector> inspectors;  // sorted by id
};

// Why a definition cannot be drawn. `kind` is one of: stratum_short (a county
// has fewer eligible schools than its sample size), stratum_rule_short (… fewer
// than a minimum rule needs), rotation_impossible, inspectors_short (a county's
// or the pool's inspectors cannot staff a team), inspectors_rule_short (… lack
// a field a minimum rule needs), inspectors_total_short (the pool cannot staff
// all teams without using someone twice), team_short (a drawn team cannot be
// staffed without breaking recusal; depends on the drawn schools).
struct DrawProblem {
  std::string kind;
  std::string county;     // the county concerned, if any
  std::string by_county;  // the inspecting county, if any
  int rule = -1;          // the rule concerned, if any
  std::int64_t need = 0;
  std::int64_t have = 0;
  std::string message;  // English, complete: names the county, the rule and both numbers
};

struct DrawResult {
  std::vector<DrawTeam> teams;  // sorted by county; empty when there are problems
  std::vector<DrawProblem> problems;
  bool ok() const { return problems.empty(); }
};

// --- Operations
// ------------------------------------------------------------------------------

// Strict readers: unknown keys, wrong types, out-of-range numbers, duplicate
// codes or ids are kInvalidInput with slug "invalid_draw_definition" /
// "invalid_register" and the JSON path as field. Missing definition keys take
// the defaults above, except `counties` and `as_of`.
Result<DrawDefinition> ParseDefinition(const Json& j);
Result<DrawRegisters> ParseRegisters(const Json& j);  // {"schools":[…],"inspectors":[…]}
Json DefinitionJson(const DrawDefinition& d);         // normalised: every key present
Json SchoolJson(const DrawSchool& s);
Json InspectorJson(const DrawInspector& i);
Json RegistersJson(const DrawRegisters& r);
Json ResultJson(const DrawResult& r);  // {"teams":[…]}; problems are not part of it
Json ProblemsJson(const std::vector<DrawProblem>& p);

struct PreparedDraw {
  DrawDefinition definition;
  DrawRegisters registers;     // schools sorted by code, inspectors by id
  std::string schools_sha256;  // hex, docs/draw_algorithm.md §2
  std::string inspectors_sha256;
  std::string canonical_definition;  // the committed document's canonical bytes
};

// Validates the definition against itself and the registers, sorts the
// registers and computes the digests. Errors: kInvalidInput (contradictory
// rules, duplicate codes/ids).
Result<PreparedDraw> PrepareDraw(DrawDefinition def, DrawRegisters regs);

// Hex of SHA-256(seed ‖ canonical definition). `seed` is 32 raw bytes.
std::string Commitment(const PreparedDraw& p, std::string_view seed);

// The seed-independent feasibility check (also the first step of ExecuteDraw).
std::vector<DrawProblem> CheckDraw(const PreparedDraw& p);

// Runs the draw. `seed` must be 32 raw bytes (kInvalidInput otherwise);
// `public_value` is mixed in as its exact UTF-8 bytes. Same inputs → same
// result, always.
Result<DrawResult> ExecuteDraw(const PreparedDraw& p, std::string_view seed, std::string_view public_value);

// The first place where `expected` and `actual` differ, as "JSON-pointer:
// expected X, got Y", or nullopt when they are equal. Used by `anxiao draw
// verify`.
std::optional<std::string> FirstDifference(const Json& expected, const Json& actual);

// The random stream of docs/draw_algorithm.md §3: SHA-256 in counter mode over
// a 32-byte key.
class DrawStream {
 public:
  explicit DrawStream(const Digest& key) : key_(key) {}
  DrawStream(const DrawStream&) = delete;
  DrawStream& operator=(const DrawStream&) = delete;
  std::uint64_t Next64();
  // Uniform in [0, n), n ≥ 1, by rejection sampling (§4): never biased,
  // consumes ≥ 1 word.
  std::uint64_t Uniform(std::uint64_t n);
  std::uint64_t words_used() const { return words_used_; }

 private:
  Sha256 sha_;
  Digest key_;
  Digest block_{};
  std::uint64_t counter_ = 0;
  int pos_ = 32;  // next unread byte of block_
  std::uint64_t words_used_ = 0;
};

// The stream key of a prepared draw: SHA-256("anxiao-draw/1:stream" ‖ seed ‖
// SHA-256(definition) ‖ public value).
Digest StreamKey(const PreparedDraw& p, std::string_view seed, std::string_view public_value);

}  // namespace anxiao::domain
