#include "domain/draw_record.hpp"

#include <algorithm>
#include <unordered_set>

#include "base/sha256.hpp"
#include "domain/cells.hpp"
#include "domain/payload_fields.hpp"

namespace anxiao::domain {
namespace {

Result<std::string> Str(const Json& p, const char* key) { return PayloadStr(p, key); }
Result<std::int64_t> Int(const Json& p, const char* key) { return PayloadInt(p, key); }

using cells::I;
using cells::S;

bool IsHex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Problems without their English message, which docs/draw_algorithm.md §7 declares informative.
Json ProblemKeys(Json problems) {
  if (problems.is_array())
    for (auto& p : problems)
      if (p.is_object()) p.erase("message");
  return problems;
}

Error BadExport(const std::string& what) { return InvalidInput("invalid_draw_export", what); }

Result<std::vector<RowOp>> ProjectRegister(const std::string& subject, const Json& p, ProjectionReader& reader,
                                           const EventContext& ctx) {
  TRY_ASSIGN(auto kind, Str(p, "kind"));
  TRY_ASSIGN(auto org_id, Str(p, "org_id"));
  TRY_ASSIGN(auto org_path, Str(p, "org_path"));
  TRY_ASSIGN(auto number, Int(p, "number"));
  TRY_ASSIGN(auto sha, Str(p, "sha256"));
  auto rec = p.find("records");
  if (rec == p.end() || !rec->is_array()) return Fail(Corrupt("register " + subject + " lacks its records"));
  // The digest must be that of the records, so the projection holds only what was committed to.
  Json regs = kind == kSchoolsRegister ? Json{{"schools", *rec}, {"inspectors", Json::array()}}
                                       : Json{{"schools", Json::array()}, {"inspectors", *rec}};
  if (kind != kSchoolsRegister && kind != kInspectorsRegister)
    return Fail(Corrupt("register " + subject + " has an unknown kind " + kind));
  auto parsed = ParseRegisters(regs);
  if (!parsed) return Fail(Corrupt("register " + subject + " has an invalid record: " + parsed.error().public_message));
  const std::string digest =
      kind == kSchoolsRegister ? SchoolsDigest(parsed->schools) : InspectorsDigest(parsed->inspectors);
  if (digest != sha)
    return Fail(Corrupt("register " + subject + ": its records digest to " + digest + ", the event says " + sha));
  const std::string head_key = kind + ":" + org_id;
  TRY_ASSIGN(auto head, reader.GetRow("draw_register_head", head_key));
  const std::int64_t last = head ? I(*head, "number") : 0;
  if (number != last + 1)
    return Fail(Corrupt("register " + subject + " claims version " + std::to_string(number) + " of " + head_key +
                        " after version " + std::to_string(last)));
  std::vector<RowOp> ops;
  ops.push_back(RowOp{RowOp::Kind::kInsert,
                      "draw_register",
                      subject,
                      {{"kind", kind},
                       {"org_id", org_id},
                       {"org_path", org_path},
                       {"number", number},
                       {"sha256", sha},
                       {"count", static_cast<std::int64_t>(rec->size())},
                       {"records", Canonical(*rec)},
                       {"published_by", ctx.actor},
                       {"published_at", ctx.at}}});
  ops.push_back(RowOp{head ? RowOp::Kind::kUpdate : RowOp::Kind::kInsert,
                      "draw_register_head",
                      head_key,
                      {{"register_id", subject}, {"number", number}}});
  return ops;
}

Result<std::vector<RowOp>> ProjectCommitted(const std::string& subject, const Json& p, ProjectionReader& reader,
                                            const EventContext& ctx) {
  TRY_ASSIGN(auto existing, reader.GetRow("draw", subject));
  if (existing) return Fail(Corrupt("draw " + subject + " committed twice"));
  TRY_ASSIGN(auto format, Str(p, "format"));
  if (format != kDrawFormat) return Fail(Corrupt("draw " + subject + " has an unknown format " + format));
  auto def = p.find("definition");
  if (def == p.end() || !def->is_object()) return Fail(Corrupt("draw " + subject + " lacks its definition"));
  auto parsed = ParseDefinition(*def);
  if (!parsed) return Fail(Corrupt("draw " + subject + " has an invalid definition: " + parsed.error().public_message));
  Row f;
  for (const char* k : {"org_id", "org_path", "name", "schools_register_id", "inspectors_register_id", "schools_sha256",
                        "inspectors_sha256", "commitment"}) {
    TRY_ASSIGN(f[k], Str(p, k));
  }
  for (const char* which : {"schools", "inspectors"}) {
    const std::string reg_id = S(f, (std::string(which) + "_register_id").c_str());
    TRY_ASSIGN(auto reg, reader.GetRow("draw_register", reg_id));
    if (!reg) return Fail(Corrupt("draw " + subject + " names the missing register " + reg_id));
    if (S(*reg, "kind") != which || S(*reg, "sha256") != S(f, (std::string(which) + "_sha256").c_str()))
      return Fail(Corrupt("draw " + subject + ": register " + reg_id + " is not the " + which +
                          " register with the committed digest"));
  }
  if (!IsHex64(S(f, "commitment"))) return Fail(Corrupt("draw " + subject + " has a malformed commitment"));
  f["state"] = std::string(Name(DrawState::kCommitted));
  f["definition"] = Canonical(*def);
  f["committed_by"] = ctx.actor;
  f["committed_at"] = ctx.at;
  for (const char* k : {"seed", "public_value", "result", "problems", "executed_by", "executed_at"})
    f[k] = std::string();
  f["version"] = std::int64_t{1};
  return std::vector<RowOp>{RowOp{RowOp::Kind::kInsert, "draw", subject, std::move(f)}};
}

Result<std::vector<RowOp>> ProjectExecuted(const std::string& subject, const Json& p, ProjectionReader& reader,
                                           const EventContext& ctx) {
  TRY_ASSIGN(auto row, reader.GetRow("draw", subject));
  if (!row) return Fail(Corrupt("draw.executed of missing draw " + subject));
  if (S(*row, "state") != Name(DrawState::kCommitted)) return Fail(Corrupt("draw " + subject + " executed twice"));
  TRY_ASSIGN(auto seed, Str(p, "seed"));
  TRY_ASSIGN(auto public_value, Str(p, "public_value"));
  TRY_ASSIGN(auto commitment, Str(p, "commitment"));
  if (commitment != S(*row, "commitment"))
    return Fail(Corrupt("draw " + subject + ": the execution names another commitment"));
  std::string seed_bytes;
  if (!IsHex64(seed) || !FromHex(seed, &seed_bytes)) return Fail(Corrupt("draw " + subject + ": malformed seed"));
  DrawRecord d;
  d.definition = S(*row, "definition");
  d.schools_sha256 = S(*row, "schools_sha256");
  d.inspectors_sha256 = S(*row, "inspectors_sha256");
  TRY_ASSIGN(auto canonical, CanonicalDefinitionOf(d));
  Sha256 h;
  h.Update(seed_bytes);
  h.Update(canonical);
  if (ToHex(h.Finish()) != commitment)
    return Fail(Corrupt("draw " + subject + ": the revealed seed does not open the commitment " + commitment));
  auto result = p.find("result");
  auto problems = p.find("problems");
  if (result == p.end() || problems == p.end() || !problems->is_array() || !(result->is_null() || result->is_object()))
    return Fail(Corrupt("draw " + subject + ": the execution lacks its result or problems"));
  if (result->is_null() == problems->empty())
    return Fail(Corrupt("draw " + subject + ": a draw has either a result or problems"));
  Row f{{"state", std::string(Name(result->is_null() ? DrawState::kInfeasible : DrawState::kExecuted))},
        {"seed", seed},
        {"public_value", public_value},
        {"result", result->is_null() ? std::string() : Canonical(*result)},
        {"problems", Canonical(*problems)},
        {"executed_by", ctx.actor},
        {"executed_at", ctx.at},
        {"version", I(*row, "version") + 1}};
  return std::vector<RowOp>{RowOp{RowOp::Kind::kUpdate, "draw", subject, std::move(f)}};
}

}  // namespace

std::string_view Name(DrawState s) {
  switch (s) {
    case DrawState::kCommitted: return "committed";
    case DrawState::kExecuted: return "executed";
    case DrawState::kInfeasible: return "infeasible";
  }
  return "committed";
}

std::optional<DrawState> ParseDrawState(std::string_view s) {
  for (auto d : {DrawState::kCommitted, DrawState::kExecuted, DrawState::kInfeasible})
    if (Name(d) == s) return d;
  return std::nullopt;
}

std::string SchoolsDigest(const std::vector<DrawSchool>& sorted) {
  Sha256 h;
  for (const auto& s : sorted) {
    h.Update(Canonical(SchoolJson(s)));
    h.Update("\n");
  }
  return ToHex(h.Finish());
}

std::string InspectorsDigest(const std::vector<DrawInspector>& sorted) {
  Sha256 h;
  for (const auto& x : sorted) {
    h.Update(Canonical(InspectorJson(x)));
    h.Update("\n");
  }
  return ToHex(h.Finish());
}

Result<std::vector<DrawSchool>> NormaliseSchools(std::vector<DrawSchool> schools) {
  std::sort(schools.begin(), schools.end(), [](const DrawSchool& a, const DrawSchool& b) { return a.code < b.code; });
  std::unordered_set<std::string> ids;
  for (std::size_t i = 0; i < schools.size(); ++i) {
    const auto& s = schools[i];
    if (s.id.empty() || s.code.empty() || s.county.empty())
      return Fail(InvalidInput("invalid_register", "a school lacks its id, code or county", "schools"));
    if (i > 0 && s.code == schools[i - 1].code)
      return Fail(InvalidInput("invalid_register", "school code " + s.code + " appears twice", "schools"));
    if (!ids.insert(s.id).second)
      return Fail(InvalidInput("invalid_register", "school id " + s.id + " appears twice", "schools"));
  }
  return schools;
}

Result<std::vector<DrawInspector>> NormaliseInspectors(std::vector<DrawInspector> inspectors) {
  std::sort(inspectors.begin(), inspectors.end(),
            [](const DrawInspector& a, const DrawInspector& b) { return a.id < b.id; });
  for (std::size_t i = 0; i < inspectors.size(); ++i) {
    const auto& x = inspectors[i];
    if (x.id.empty() || x.home_unit.empty() || x.county.empty() || x.field.empty())
      return Fail(InvalidInput("invalid_register", "an inspector lacks its id, home unit, county or field",
                               "inspectors[" + std::to_string(i) + "]"));
    if (i > 0 && x.id == inspectors[i - 1].id)
      return Fail(InvalidInput("invalid_register", "inspector id " + x.id + " appears twice", "inspectors"));
  }
  return inspectors;
}

Result<std::string> CanonicalDefinitionOf(const DrawRecord& d) {
  TRY_ASSIGN(auto def, ParseJson(d.definition));
  return Canonical(Json{{"definition", std::move(def)},
                        {"format", std::string(kDrawFormat)},
                        {"inspectors_sha256", d.inspectors_sha256},
                        {"schools_sha256", d.schools_sha256}});
}

Result<DrawCheck> CheckDrawExport(const Json& v) {
  if (!v.is_object() || v.value("format", "") != kDrawFormat)
    return Fail(BadExport("not a draw export (format must be \"" + std::string(kDrawFormat) + "\")"));
  for (const char* k : {"definition", "registers", "seed", "public_value", "commitment", "result", "problems"})
    if (!v.contains(k)) return Fail(BadExport(std::string("the export lacks \"") + k + "\""));
  if (!v["seed"].is_string() || !v["public_value"].is_string() || !v["commitment"].is_string())
    return Fail(BadExport("seed, public_value and commitment must be strings"));
  auto def = ParseDefinition(v["definition"]);
  if (!def) return Fail(BadExport("definition: " + def.error().public_message));
  auto regs = ParseRegisters(v["registers"]);
  if (!regs) return Fail(BadExport("registers: " + regs.error().public_message));
  auto p = PrepareDraw(*def, *regs);
  if (!p) return Fail(BadExport(p.error().public_message));
  std::string seed;
  if (!FromHex(v["seed"].get<std::string>(), &seed) || seed.size() != kDrawSeedBytes)
    return Fail(BadExport("seed must be 64 hex digits"));

  DrawCheck c;
  c.schools = static_cast<std::int64_t>(p->registers.schools.size());
  c.inspectors = static_cast<std::int64_t>(p->registers.inspectors.size());
  c.commitment = Commitment(*p, seed);
  auto differs = [&](std::string what) {
    c.identical = false;
    c.difference = std::move(what);
    return c;
  };
  // Inputs first: a definition or register that is not what was committed to is the most
  // important difference to report.
  if (auto d = FirstDifference(v["definition"], DefinitionJson(p->definition)))
    return differs("definition is not in normal form: /definition" + *d);
  if (v.contains("schools_sha256") && v["schools_sha256"] != p->schools_sha256)
    return differs("schools_sha256: expected " + v["schools_sha256"].dump() + ", the registers give " +
                   p->schools_sha256);
  if (v.contains("inspectors_sha256") && v["inspectors_sha256"] != p->inspectors_sha256)
    return differs("inspectors_sha256: expected " + v["inspectors_sha256"].dump() + ", the registers give " +
                   p->inspectors_sha256);
  if (v["commitment"] != c.commitment)
    return differs("commitment: expected " + v["commitment"].get<std::string>() + ", SHA-256(seed ‖ definition) is " +
                   c.commitment + " (the seed, the definition or the registers are not those committed to)");
  auto res = ExecuteDraw(*p, seed, v["public_value"].get<std::string>());
  if (!res) return Fail(BadExport(res.error().public_message));
  c.teams = static_cast<std::int64_t>(res->teams.size());
  c.problems = static_cast<std::int64_t>(res->problems.size());
  Json result = res->ok() ? ResultJson(*res) : Json(nullptr);
  if (auto d = FirstDifference(v["result"], result)) return differs("/result" + *d);
  if (auto d = FirstDifference(ProblemKeys(v["problems"]), ProblemKeys(ProblemsJson(res->problems))))
    return differs("/problems" + *d);
  c.identical = true;
  return c;
}

bool IsDrawEvent(const std::string& kind) {
  return kind == "draw_register.published" || kind == "draw.committed" || kind == "draw.executed";
}

Result<std::vector<RowOp>> ProjectDrawEvent(const std::string& kind, const std::string& subject, const Json& p,
                                            ProjectionReader& reader, const EventContext& ctx) {
  if (kind == "draw_register.published") return ProjectRegister(subject, p, reader, ctx);
  if (kind == "draw.committed") return ProjectCommitted(subject, p, reader, ctx);
  if (kind == "draw.executed") return ProjectExecuted(subject, p, reader, ctx);
  return Fail(Corrupt("unknown draw event " + kind));
}

}  // namespace anxiao::domain
