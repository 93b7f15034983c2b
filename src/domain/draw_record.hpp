#pragma once
// Journaled draws (issue #6 phase 2): the versioned registers a draw reads and the draw's
// commit–reveal record, on top of the pure algorithm of draw.hpp.
//
// Events (docs/journal_format.md lists every kind):
//   draw_register.published  subject = register version id
//       {kind: "schools"|"inspectors", org_id, org_path, number, sha256, records: [...]}
//       `records` are the register's records in normal order (docs/draw_algorithm.md §1.2) and
//       `sha256` their digest (§2); `number` counts the versions of (kind, org) from 1.
//   draw.committed  subject = draw id
//       {org_id, org_path, name, format, definition (normal form), schools_register_id,
//        inspectors_register_id, schools_sha256, inspectors_sha256, commitment}
//       The seed is NOT in the journal until execution: it waits in the non-journaled
//       `draw_secret` table, which no API reads.
//   draw.executed  subject = draw id
//       {seed (64 hex), public_value, commitment, result: {teams} | null, problems: [...]}
//
// The projection checks what it can without the registers' contents: a published register's
// digest matches its records, a commitment names existing register versions with the same
// digests, and a revealed seed opens the commitment (SHA-256(seed ‖ D) = commitment). So `anxiao
// verify` catches a seed or a definition changed behind the application's back.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/canonical_json.hpp"
#include "base/error.hpp"
#include "domain/draw.hpp"
#include "domain/projection.hpp"

namespace anxiao::domain {

inline constexpr const char* kSchoolsRegister = "schools";
inline constexpr const char* kInspectorsRegister = "inspectors";

// One published version of a register.
struct DrawRegisterVersion {
  std::string id;
  std::string kind;  // kSchoolsRegister | kInspectorsRegister
  std::string org_id, org_path;
  std::int64_t number = 0;
  std::string sha256;
  std::int64_t count = 0;
  std::string records;  // canonical JSON array text (may be empty when not loaded)
  std::string published_by, published_at;
};

enum class DrawState { kCommitted, kExecuted, kInfeasible };
std::string_view Name(DrawState s);
std::optional<DrawState> ParseDrawState(std::string_view s);

struct DrawRecord {
  std::string id;
  std::string org_id, org_path;
  std::string name;
  DrawState state = DrawState::kCommitted;
  std::string definition;  // canonical JSON of the normal form
  std::string schools_register_id, inspectors_register_id;
  std::string schools_sha256, inspectors_sha256;
  std::string commitment;
  std::string committed_by, committed_at;
  std::string seed;  // 64 hex after the reveal, else empty
  std::string public_value;
  std::string result;    // canonical JSON {"teams": …} or "" (not executed, or infeasible)
  std::string problems;  // canonical JSON array, "" before execution
  std::string executed_by, executed_at;
  std::int64_t version = 1;
};

// A school of the register snapshot as the store reads it from the school table: `county` is
// the school's parent unit, `last_inspected_at` the UTC time of its latest submitted
// (non-self) inspection, or empty.
struct RegisterSchoolRow {
  DrawSchool school;
  std::string last_inspected_at;
};

// SHA-256 (hex) of a register's records in normal order (JSON Lines, docs/draw_algorithm.md §2).
std::string SchoolsDigest(const std::vector<DrawSchool>& sorted);
std::string InspectorsDigest(const std::vector<DrawInspector>& sorted);

// Normal order: schools by code, inspectors by id. kInvalidInput "invalid_register" for duplicate
// codes or ids and for records lacking an id, code, county, home unit or field.
Result<std::vector<DrawSchool>> NormaliseSchools(std::vector<DrawSchool> schools);
Result<std::vector<DrawInspector>> NormaliseInspectors(std::vector<DrawInspector> inspectors);

// The canonical definition document D of docs/draw_algorithm.md §2 for a stored draw.
Result<std::string> CanonicalDefinitionOf(const DrawRecord& d);

// The result of re-running an export (docs/draw_algorithm.md §8): identical, or the first
// difference. Errors: kInvalidInput for an export that cannot be read at all.
struct DrawCheck {
  bool identical = false;
  std::string difference;  // when not identical
  std::string commitment;  // recomputed
  std::int64_t schools = 0, inspectors = 0, teams = 0, problems = 0;
};
Result<DrawCheck> CheckDrawExport(const Json& export_json);

// Projection of draw_register.published, draw.committed and draw.executed (kCorrupt on
// inconsistency).
bool IsDrawEvent(const std::string& kind);
Result<std::vector<RowOp>> ProjectDrawEvent(const std::string& kind, const std::string& subject, const Json& payload,
                                            ProjectionReader& reader, const EventContext& ctx);

}  // namespace anxiao::domain
