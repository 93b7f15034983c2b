#pragma once
// Verifiable random draws (双随机一公开; issue #6, PRODUCT.md §4) as use cases: the two
// registers (一单两库) as journaled versions, commit–reveal, and re-running a draw from its
// journaled inputs. The algorithm is domain/draw.hpp ("anxiao-draw/1", docs/draw_algorithm.md);
// the events and the projection are domain/draw_record.hpp.
//
// A draw belongs to a bureau org (its owner, e.g. the city). Administrators and bureau officers
// whose scope contains the owner create and execute draws; everyone whose scope contains the owner
// reads them (others: kNotFound). County users do not see the city's draw: its result says which
// of their schools will be visited.
//
// Registers: the school register is a snapshot of the schools under the owner org (county = the
// school's parent unit; last_inspected = the China date of its latest submitted inspection that
// was not a self-inspection; nothing is closed), published as a new version only when its digest
// differs from the latest one. The inspector register is published by a bureau as a whole list.
//
// Commit: the seed is 32 bytes from libsodium, kept in the non-journaled draw_secret table; the
// journal gets the definition, the pinned register versions and SHA-256(seed ‖ D). Execute: the
// caller types the public value (announced after the commitment); the journal gets the seed, the
// public value and the result. Thread-safe.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/draw_record.hpp"

namespace anxiao::app {

struct DrawRequest {
  std::string org_id;  // the owner; default the caller's scope org
  std::string name;    // 1..100 characters
  Json definition;     // docs/draw_algorithm.md §1.1 (counties are org ids under the owner)
};

// The outcome of a feasibility check or a commit. `draw` is set once committed; `problems` is
// non-empty when the definition cannot be drawn (nothing was written).
struct DrawPlan {
  std::string definition;                  // canonical normal form
  domain::DrawRegisterVersion schools;     // id empty: a new version would be published
  domain::DrawRegisterVersion inspectors;  // the latest published version
  std::vector<domain::DrawProblem> problems;
  std::optional<domain::DrawRecord> draw;
};

class Draws {
 public:
  explicit Draws(Services& s) : s_(s) {}

  // The inspector register of `org_id` (a bureau in scope), as a whole new version: a JSON array
  // of {id, name, home_unit, county, field, certificate, available}. kInvalidInput
  // "invalid_register" naming the record; an unchanged list publishes nothing and returns the
  // latest version.
  Result<domain::DrawRegisterVersion> PublishInspectors(const domain::Actor& a, const std::string& org_id,
                                                        const Json& records);
  Result<domain::DrawRegisterVersion> PublishInspectorsIn(domain::WriteTx& tx, const domain::Actor& a,
                                                          const std::string& org_id, const Json& records);
  // The latest version of a register ("schools" | "inspectors") of `org_id` (in scope), with its
  // records; nullopt if none was published.
  Result<std::optional<domain::DrawRegisterVersion>> LatestRegister(const domain::Actor& a, const std::string& kind,
                                                                    const std::string& org_id);

  // Dry run: everything Commit checks, without writing.
  Result<DrawPlan> Check(const domain::Actor& a, const DrawRequest& r);
  Result<DrawPlan> Commit(const domain::Actor& a, const DrawRequest& r);
  // `seed`: 32 raw bytes for the demo's reproducible draw; empty = libsodium.
  Result<DrawPlan> CommitIn(domain::WriteTx& tx, const domain::Actor& a, const DrawRequest& r,
                            const std::string& seed = {});
  // kConflict "draw_already_executed" after the first execution; kInvalidInput
  // "invalid_public_value" for an empty or over-long (> 200 bytes) value.
  Result<domain::DrawRecord> Execute(const domain::Actor& a, const std::string& id, const std::string& public_value);
  Result<domain::DrawRecord> ExecuteIn(domain::WriteTx& tx, const domain::Actor& a, const std::string& id,
                                       const std::string& public_value);

  Result<domain::DrawRecord> Get(const domain::Actor& a, const std::string& id);
  Result<domain::PageOf<domain::DrawRecord>> List(const domain::Actor& a, const domain::PageRequest& page);
  // The self-contained export (docs/draw_algorithm.md §8) built from the journal; kConflict
  // "draw_not_executed" before the reveal.
  Result<Json> Export(const domain::Actor& a, const std::string& id);
  // A register version with its records (in scope: its org under the caller's scope).
  Result<domain::DrawRegisterVersion> GetRegister(const domain::Actor& a, const std::string& id);
  // Display names of what a result names (counties, schools, inspectors): id → name, from the
  // pinned registers and the org tree. Call only for a draw the caller may see.
  Result<std::map<std::string, std::string>> NamesOf(const domain::DrawRecord& d);
  // Re-runs the draw from its journaled inputs.
  Result<domain::DrawCheck> Verify(const domain::Actor& a, const std::string& id);

 private:
  Services& s_;
};

// The export of draw `id` from the journal alone (draw.committed, draw.executed and the two
// draw_register.published entries), for `anxiao draw verify DRAW-ID` and the API. kNotFound if
// there is no such draw; kConflict "draw_not_executed" before the reveal.
Result<Json> ExportDrawFromJournal(domain::ReadView& v, const std::string& id);

}  // namespace anxiao::app
