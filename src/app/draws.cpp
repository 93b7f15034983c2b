#include "app/draws.hpp"

#include <set>

#include "base/random.hpp"
#include "base/sha256.hpp"
#include "base/strings.hpp"

namespace anxiao::app {
namespace {

using domain::Actor;
using domain::DrawRecord;
using domain::DrawRegisterVersion;

constexpr std::size_t kMaxPublicValueBytes = 200;
constexpr std::size_t kMaxInspectors = 100000;

Status AuthoriseDrawWrite(const Actor& a, const std::string& owner_path) {
  if (a.IsSystem()) return {};
  if ((a.role == domain::Role::kAdmin || a.role == domain::Role::kBureauOfficer) &&
      domain::IsUnder(owner_path, a.scope_path))
    return {};
  return Fail(Error(ErrorCode::kForbidden, "draw_forbidden",
                    "only administrators and the owning bureau make draws and publish their registers"));
}

// A bureau org in the caller's scope (default: the caller's scope org).
Result<domain::Org> OwnerOrg(domain::ReadView& v, const Actor& a, const std::string& org_id) {
  const std::string id = org_id.empty() ? a.scope_org_id : org_id;
  TRY_ASSIGN(auto o, v.FindOrg(id));
  if (!o || !domain::IsUnder(o->path, a.scope_path)) return Fail(NotFound("org " + id));
  if (o->kind == domain::OrgKind::kSchool)
    return Fail(
        InvalidInput("invalid_org", "draws and registers belong to a province, city or county bureau", "org_id"));
  return *o;
}

Result<DrawRecord> VisibleDraw(domain::ReadView& v, const Actor& a, const std::string& id) {
  TRY_ASSIGN(auto d, v.FindDraw(id));
  if (!d || !domain::IsUnder(d->org_path, a.scope_path)) return Fail(NotFound("draw " + id));
  return *d;
}

Json RecordsJson(const std::vector<domain::DrawSchool>& schools) {
  Json a = Json::array();
  for (const auto& s : schools) a.push_back(domain::SchoolJson(s));
  return a;
}
Json RecordsJson(const std::vector<domain::DrawInspector>& inspectors) {
  Json a = Json::array();
  for (const auto& x : inspectors) a.push_back(domain::InspectorJson(x));
  return a;
}

Result<DrawRegisterVersion> Publish(domain::WriteTx& tx, IdSource& ids, const Actor& a, const domain::Org& owner,
                                    const std::string& kind, const std::string& sha, Json records) {
  TRY_ASSIGN(auto latest, tx.LatestDrawRegister(kind, owner.id, false));
  if (latest && latest->sha256 == sha) return *latest;
  const std::string id = ids.Next("reg");
  const std::int64_t number = latest ? latest->number + 1 : 1;
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"draw_register.published", id,
                                                Json{{"kind", kind},
                                                     {"org_id", owner.id},
                                                     {"org_path", owner.path},
                                                     {"number", number},
                                                     {"sha256", sha},
                                                     {"records", std::move(records)}}}));
  TRY_ASSIGN(auto stored, tx.FindDrawRegister(id, false));
  if (!stored) return Fail(Internal("register " + id + " vanished after publication"));
  return *stored;
}

// Everything a check and a commit share: the owner, the parsed definition, the school snapshot
// and the inspector register, prepared.
struct Prepared {
  domain::Org owner;
  std::string name;
  domain::PreparedDraw draw;
  DrawRegisterVersion schools, inspectors;
  Json school_records;  // the snapshot, to publish if `schools.id` is empty
};

Result<Prepared> Prepare(domain::ReadView& v, const Actor& a, const DrawRequest& r) {
  Prepared p;
  TRY_ASSIGN(p.owner, OwnerOrg(v, a, r.org_id));
  TRY_STATUS(AuthoriseDrawWrite(a, p.owner.path));
  p.name = std::string(TrimAscii(r.name));
  if (p.name.empty() || Utf8Length(p.name) > 100)
    return Fail(InvalidInput("invalid_name", "the draw's name must be 1 to 100 characters", "name"));
  TRY_ASSIGN(auto def, domain::ParseDefinition(r.definition));
  for (const auto& c : def.counties) {
    TRY_ASSIGN(auto o, v.FindOrg(c));
    if (!o || !domain::IsUnder(o->path, p.owner.path) || o->kind == domain::OrgKind::kSchool)
      return Fail(InvalidInput("unknown_county",
                               "county " + c + " is not a bureau under " + p.owner.name + " (" + p.owner.id + ")",
                               "definition.counties"));
  }
  // The school register as it stands now.
  TRY_ASSIGN(auto rows, v.RegisterSchoolsUnder(p.owner.path));
  std::vector<domain::DrawSchool> schools;
  schools.reserve(rows.size());
  for (auto& row : rows) {
    if (!row.last_inspected_at.empty()) {
      if (auto t = ParseIso(row.last_inspected_at)) row.school.last_inspected = ChinaDateOf(*t);
    }
    schools.push_back(std::move(row.school));
  }
  TRY_ASSIGN(schools, domain::NormaliseSchools(std::move(schools)));
  const std::string schools_sha = domain::SchoolsDigest(schools);
  TRY_ASSIGN(auto latest_schools, v.LatestDrawRegister(domain::kSchoolsRegister, p.owner.id, false));
  if (latest_schools && latest_schools->sha256 == schools_sha) {
    p.schools = *latest_schools;
  } else {
    p.schools.kind = domain::kSchoolsRegister;
    p.schools.org_id = p.owner.id;
    p.schools.org_path = p.owner.path;
    p.schools.number = latest_schools ? latest_schools->number + 1 : 1;
    p.schools.sha256 = schools_sha;
    p.schools.count = static_cast<std::int64_t>(schools.size());
    p.school_records = RecordsJson(schools);
  }
  TRY_ASSIGN(auto inspectors, v.LatestDrawRegister(domain::kInspectorsRegister, p.owner.id, true));
  if (!inspectors)
    return Fail(Conflict("no_inspector_register",
                         "publish the inspector register of " + p.owner.name + " before making a draw"));
  TRY_ASSIGN(auto inspector_json, ParseJson(inspectors->records));
  TRY_ASSIGN(auto regs,
             domain::ParseRegisters(Json{{"schools", Json::array()}, {"inspectors", std::move(inspector_json)}}));
  regs.schools = std::move(schools);
  inspectors->records.clear();
  p.inspectors = *inspectors;
  TRY_ASSIGN(p.draw, domain::PrepareDraw(std::move(def), std::move(regs)));
  if (p.draw.schools_sha256 != p.schools.sha256 || p.draw.inspectors_sha256 != p.inspectors.sha256)
    return Fail(Internal("register digests differ between the snapshot and the prepared draw"));
  return p;
}

DrawPlan PlanOf(const Prepared& p, std::vector<domain::DrawProblem> problems) {
  DrawPlan plan;
  plan.definition = Canonical(domain::DefinitionJson(p.draw.definition));
  plan.schools = p.schools;
  plan.inspectors = p.inspectors;
  plan.problems = std::move(problems);
  return plan;
}

// The journal payload of the one entry of `kind` about `subject`.
Result<std::optional<Json>> JournalPayload(domain::ReadView& v, const std::string& subject, const std::string& kind) {
  TRY_ASSIGN(auto entries, v.JournalFor(subject));
  for (const auto& e : entries)
    if (e.kind == kind) {
      TRY_ASSIGN(auto j, ParseJson(e.payload));
      return std::optional<Json>{std::move(j)};
    }
  return std::optional<Json>{};
}

}  // namespace

Result<DrawRegisterVersion> Draws::PublishInspectorsIn(domain::WriteTx& tx, const Actor& a, const std::string& org_id,
                                                       const Json& records) {
  TRY_ASSIGN(auto owner, OwnerOrg(tx, a, org_id));
  TRY_STATUS(AuthoriseDrawWrite(a, owner.path));
  if (!records.is_array())
    return Fail(InvalidInput("invalid_register", "the inspector register must be an array", "inspectors"));
  if (records.size() > kMaxInspectors)
    return Fail(InvalidInput("invalid_register", "at most 100000 inspectors", "inspectors"));
  TRY_ASSIGN(auto regs, domain::ParseRegisters(Json{{"schools", Json::array()}, {"inspectors", records}}));
  TRY_ASSIGN(auto sorted, domain::NormaliseInspectors(std::move(regs.inspectors)));
  return Publish(tx, s_.ids, a, owner, domain::kInspectorsRegister, domain::InspectorsDigest(sorted),
                 RecordsJson(sorted));
}

Result<DrawRegisterVersion> Draws::PublishInspectors(const Actor& a, const std::string& org_id, const Json& records) {
  return domain::WriteValue<DrawRegisterVersion>(
      s_.store, [&](domain::WriteTx& tx) { return PublishInspectorsIn(tx, a, org_id, records); });
}

Result<std::optional<DrawRegisterVersion>> Draws::LatestRegister(const Actor& a, const std::string& kind,
                                                                 const std::string& org_id) {
  if (kind != domain::kSchoolsRegister && kind != domain::kInspectorsRegister)
    return Fail(InvalidInput("invalid_query", "kind must be schools or inspectors", "kind"));
  return domain::ReadValue<std::optional<DrawRegisterVersion>>(
      s_.store, [&](domain::ReadView& v) -> Result<std::optional<DrawRegisterVersion>> {
        TRY_ASSIGN(auto owner, OwnerOrg(v, a, org_id));
        return v.LatestDrawRegister(kind, owner.id, true);
      });
}

Result<DrawPlan> Draws::Check(const Actor& a, const DrawRequest& r) {
  return domain::ReadValue<DrawPlan>(s_.store, [&](domain::ReadView& v) -> Result<DrawPlan> {
    TRY_ASSIGN(auto p, Prepare(v, a, r));
    return PlanOf(p, domain::CheckDraw(p.draw));
  });
}

Result<DrawPlan> Draws::Commit(const Actor& a, const DrawRequest& r) {
  return domain::WriteValue<DrawPlan>(s_.store, [&](domain::WriteTx& tx) { return CommitIn(tx, a, r); });
}

Result<DrawPlan> Draws::CommitIn(domain::WriteTx& tx, const Actor& a, const DrawRequest& r,
                                 const std::string& seed_in) {
  TRY_ASSIGN(auto p, Prepare(tx, a, r));
  auto problems = domain::CheckDraw(p.draw);
  if (!problems.empty()) return PlanOf(p, std::move(problems));
  if (p.schools.id.empty()) {
    TRY_ASSIGN(p.schools, Publish(tx, s_.ids, a, p.owner, domain::kSchoolsRegister, p.schools.sha256,
                                  std::move(p.school_records)));
  }
  const std::string seed = seed_in.empty() ? RandomBytes(domain::kDrawSeedBytes) : seed_in;
  if (seed.size() != domain::kDrawSeedBytes) return Fail(Internal("a draw seed must be 32 bytes"));
  const std::string id = s_.ids.Next("drw");
  const std::string commitment = domain::Commitment(p.draw, seed);
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"draw.committed", id,
                                                Json{{"org_id", p.owner.id},
                                                     {"org_path", p.owner.path},
                                                     {"name", p.name},
                                                     {"format", std::string(domain::kDrawFormat)},
                                                     {"definition", domain::DefinitionJson(p.draw.definition)},
                                                     {"schools_register_id", p.schools.id},
                                                     {"inspectors_register_id", p.inspectors.id},
                                                     {"schools_sha256", p.draw.schools_sha256},
                                                     {"inspectors_sha256", p.draw.inspectors_sha256},
                                                     {"commitment", commitment}}}));
  TRY_STATUS(tx.PutDrawSecret(id, ToHex(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size())));
  auto plan = PlanOf(p, {});
  TRY_ASSIGN(plan.draw, tx.FindDraw(id));
  if (!plan.draw) return Fail(Internal("draw " + id + " vanished after its commitment"));
  return plan;
}

Result<DrawRecord> Draws::ExecuteIn(domain::WriteTx& tx, const Actor& a, const std::string& id,
                                    const std::string& public_value) {
  TRY_ASSIGN(auto d, VisibleDraw(tx, a, id));
  TRY_STATUS(AuthoriseDrawWrite(a, d.org_path));
  if (d.state != domain::DrawState::kCommitted)
    return Fail(Conflict("draw_already_executed", "this draw was executed already; a draw runs once"));
  if (public_value.empty() || public_value.size() > kMaxPublicValueBytes || !IsValidUtf8(public_value))
    return Fail(InvalidInput("invalid_public_value",
                             "the public value must be 1 to 200 bytes of text (e.g. the numbers of a lottery draw)",
                             "public_value"));
  TRY_ASSIGN(auto secret, tx.FindDrawSecret(id));
  std::string seed;
  if (!secret || !FromHex(*secret, &seed) || seed.size() != domain::kDrawSeedBytes)
    return Fail(Corrupt("the secret seed of draw " + id + " is missing or malformed"));
  // Rebuild the prepared draw from the pinned register versions.
  TRY_ASSIGN(auto schools, tx.FindDrawRegister(d.schools_register_id, true));
  TRY_ASSIGN(auto inspectors, tx.FindDrawRegister(d.inspectors_register_id, true));
  if (!schools || !inspectors) return Fail(Corrupt("draw " + id + " names a missing register version"));
  TRY_ASSIGN(auto school_json, ParseJson(schools->records));
  TRY_ASSIGN(auto inspector_json, ParseJson(inspectors->records));
  TRY_ASSIGN(auto regs, domain::ParseRegisters(
                            Json{{"schools", std::move(school_json)}, {"inspectors", std::move(inspector_json)}}));
  TRY_ASSIGN(auto def_json, ParseJson(d.definition));
  TRY_ASSIGN(auto def, domain::ParseDefinition(def_json));
  TRY_ASSIGN(auto prepared, domain::PrepareDraw(std::move(def), std::move(regs)));
  if (domain::Commitment(prepared, seed) != d.commitment)
    return Fail(Corrupt("draw " + id + ": the stored seed and registers do not open the commitment"));
  TRY_ASSIGN(auto res, domain::ExecuteDraw(prepared, seed, public_value));
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"draw.executed", id,
                                                Json{{"seed", *secret},
                                                     {"public_value", public_value},
                                                     {"commitment", d.commitment},
                                                     {"result", res.ok() ? domain::ResultJson(res) : Json(nullptr)},
                                                     {"problems", domain::ProblemsJson(res.problems)}}}));
  TRY_ASSIGN(auto after, tx.FindDraw(id));
  if (!after) return Fail(Internal("draw " + id + " vanished after its execution"));
  return *after;
}

Result<DrawRecord> Draws::Execute(const Actor& a, const std::string& id, const std::string& public_value) {
  return domain::WriteValue<DrawRecord>(s_.store,
                                        [&](domain::WriteTx& tx) { return ExecuteIn(tx, a, id, public_value); });
}

Result<DrawRecord> Draws::Get(const Actor& a, const std::string& id) {
  return domain::ReadValue<DrawRecord>(s_.store, [&](domain::ReadView& v) { return VisibleDraw(v, a, id); });
}

Result<domain::PageOf<DrawRecord>> Draws::List(const Actor& a, const domain::PageRequest& page) {
  return domain::ReadValue<domain::PageOf<DrawRecord>>(
      s_.store, [&](domain::ReadView& v) { return v.ListDraws(a.scope_path, page); });
}

Result<Json> Draws::Export(const Actor& a, const std::string& id) {
  return domain::ReadValue<Json>(s_.store, [&](domain::ReadView& v) -> Result<Json> {
    TRY_STATUS(VisibleDraw(v, a, id));
    return ExportDrawFromJournal(v, id);
  });
}

Result<DrawRegisterVersion> Draws::GetRegister(const Actor& a, const std::string& id) {
  return domain::ReadValue<DrawRegisterVersion>(s_.store, [&](domain::ReadView& v) -> Result<DrawRegisterVersion> {
    TRY_ASSIGN(auto r, v.FindDrawRegister(id, true));
    if (!r || !domain::IsUnder(r->org_path, a.scope_path)) return Fail(NotFound("register " + id));
    return *r;
  });
}

Result<std::map<std::string, std::string>> Draws::NamesOf(const DrawRecord& d) {
  std::map<std::string, std::string> names;
  std::set<std::string> wanted;
  TRY_ASSIGN(auto def, ParseJson(d.definition));
  if (def.contains("counties"))
    for (const auto& c : def["counties"]) wanted.insert(c.get<std::string>());
  TRY_ASSIGN(auto result, ParseJson(d.result.empty() ? std::string("{\"teams\":[]}") : d.result));
  for (const auto& t : result["teams"]) {
    wanted.insert(t.value("county", ""));
    if (t["inspected_by"].is_string()) wanted.insert(t["inspected_by"].get<std::string>());
    for (const auto& s : t["schools"]) wanted.insert(s.value("id", ""));
    for (const auto& x : t["inspectors"]) wanted.insert(x.value("id", ""));
  }
  TRY_STATUS(s_.store.Read([&](domain::ReadView& v) -> Status {
    for (const char* which : {"schools", "inspectors"}) {
      if (d.result.empty()) break;  // only counties to name
      TRY_ASSIGN(
          auto reg,
          v.FindDrawRegister(which == std::string("schools") ? d.schools_register_id : d.inspectors_register_id, true));
      if (!reg) continue;
      TRY_ASSIGN(auto records, ParseJson(reg->records));
      for (const auto& r : records) {
        const std::string rid = r.value("id", "");
        if (wanted.count(rid)) names[rid] = r.value("name", "");
      }
    }
    for (const auto& id : wanted) {
      if (names.count(id)) continue;
      TRY_ASSIGN(auto o, v.FindOrg(id));
      if (o) names[id] = o->name;
    }
    return {};
  }));
  return names;
}

Result<domain::DrawCheck> Draws::Verify(const Actor& a, const std::string& id) {
  TRY_ASSIGN(auto exported, Export(a, id));
  return domain::CheckDrawExport(exported);
}

Result<Json> ExportDrawFromJournal(domain::ReadView& v, const std::string& id) {
  TRY_ASSIGN(auto committed, JournalPayload(v, id, "draw.committed"));
  if (!committed) return Fail(NotFound("draw " + id));
  TRY_ASSIGN(auto executed, JournalPayload(v, id, "draw.executed"));
  if (!executed) return Fail(Conflict("draw_not_executed", "the draw has not been executed: its seed is still secret"));
  const Json& c = *committed;
  const Json& e = *executed;
  Json registers = Json::object();
  for (const char* which : {"schools", "inspectors"}) {
    const std::string reg_id = c.value(std::string(which) + "_register_id", "");
    TRY_ASSIGN(auto published, JournalPayload(v, reg_id, "draw_register.published"));
    if (!published || !published->contains("records"))
      return Fail(Corrupt("draw " + id + " names the register " + reg_id + ", which the journal does not hold"));
    registers[which] = (*published)["records"];
  }
  Json out{{"format", c.value("format", "")},
           {"draw_id", id},
           {"name", c.value("name", "")},
           {"definition", c.value("definition", Json::object())},
           {"registers", std::move(registers)},
           {"schools_register_id", c.value("schools_register_id", "")},
           {"inspectors_register_id", c.value("inspectors_register_id", "")},
           {"schools_sha256", c.value("schools_sha256", "")},
           {"inspectors_sha256", c.value("inspectors_sha256", "")},
           {"commitment", c.value("commitment", "")},
           {"seed", e.value("seed", "")},
           {"public_value", e.value("public_value", "")},
           {"result", e.contains("result") ? e["result"] : Json(nullptr)},
           {"problems", e.contains("problems") ? e["problems"] : Json::array()}};
  // When each step happened, from the journal entries themselves.
  TRY_ASSIGN(auto entries, v.JournalFor(id));
  for (const auto& entry : entries) {
    if (entry.kind == "draw.committed") {
      out["committed_at"] = entry.at;
      out["committed_seq"] = entry.seq;
    } else if (entry.kind == "draw.executed") {
      out["executed_at"] = entry.at;
      out["executed_seq"] = entry.seq;
    }
  }
  return out;
}

}  // namespace anxiao::app
