#include "domain/hazard_projection.hpp"

#include <set>

#include "base/time.hpp"
#include "domain/cells.hpp"
#include "domain/hazard.hpp"
#include "domain/payload_fields.hpp"

namespace anxiao::domain {
namespace {

Result<std::string> Str(const Json& p, const char* key) { return PayloadStr(p, key); }
Result<std::int64_t> Int(const Json& p, const char* key) { return PayloadInt(p, key); }
using cells::I;
using cells::S;

// Evidence rows for the `evidence` array of a payload; a reference already recorded for the same
// hazard and kind keeps its first entry.
Status AddEvidence(const std::string& hazard_id, const Json& p, EvidenceKind kind, ProjectionReader& reader,
                   const EventContext& ctx, std::vector<RowOp>* ops) {
  auto it = p.find("evidence");
  if (it == p.end()) return {};
  if (!it->is_array()) return Fail(Corrupt("event payload field evidence is not an array"));
  std::set<std::string> seen;
  for (const auto& e : *it) {
    if (!e.is_string()) return Fail(Corrupt("evidence reference is not a string"));
    auto sha = e.get<std::string>();
    if (!ValidateEvidenceRef(sha)) return Fail(Corrupt("evidence reference is not a SHA-256: " + sha));
    std::string key = hazard_id + ":" + sha + ":" + std::string(Name(kind));
    if (!seen.insert(key).second) continue;
    TRY_ASSIGN(auto existing, reader.GetRow("hazard_evidence", key));
    if (existing) continue;
    ops->push_back(
        RowOp{RowOp::Kind::kInsert,
              "hazard_evidence",
              key,
              {{"hazard_id", hazard_id}, {"sha256", sha}, {"kind", std::string(Name(kind))}, {"added_seq", ctx.seq}}});
  }
  return {};
}

Result<std::vector<RowOp>> Registered(const std::string& id, const Json& p, ProjectionReader& reader,
                                      const EventContext& ctx) {
  RowOp op{RowOp::Kind::kInsert, "hazard", id, {}};
  auto& f = op.fields;
  for (const char* k : {"number", "school_id", "path", "county_id", "supervising_org_id", "supervising_path",
                        "description", "location"}) {
    TRY_ASSIGN(f[k], Str(p, k));
  }
  TRY_ASSIGN(f["source"], PayloadEnum(p, "source", ParseHazardSource));
  TRY_ASSIGN(f["category"], PayloadEnum(p, "category", ParseHazardCategory));
  TRY_ASSIGN(auto risk, PayloadEnum(p, "risk_level", ParseRiskLevel));
  f["risk_level"] = risk;
  f["risk_rank"] = std::int64_t{RiskRank(*ParseRiskLevel(risk))};
  TRY_ASSIGN(f["found_at"], PayloadDate(p, "found_at"));
  TRY_ASSIGN(f["deadline"], PayloadDate(p, "deadline"));
  f["state"] = std::string(Name(HazardState::kRegistered));
  f["found_by"] = ctx.actor;
  f["registered_at"] = ctx.at;
  for (const char* k :
       {"measures", "responsible_person", "funds", "contingency_plan", "interim_measures", "planned_by", "started_by",
        "last_progress_by", "last_progress_note", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at",
        "closed_at", "last_rejection_reason", "voided_by", "voided_reason"})
    f[k] = std::string();
  f["rectifiers"] = std::string(",");
  f["closed_for_use"] = std::int64_t{0};
  f["rejection_count"] = std::int64_t{0};
  f["extension_count"] = std::int64_t{0};
  f["updated_at"] = ctx.at;
  f["version"] = std::int64_t{1};
  // Findings of an inspection name it (and its campaign and item); older payloads lack the fields.
  for (const char* k : {"campaign_id", "inspection_id", "item_code"}) {
    if (p.contains(k)) {
      TRY_ASSIGN(f[k], Str(p, k));
    } else {
      f[k] = std::string();
    }
  }

  // The per-county, per-year counter: the journal must number hazards 1, 2, 3, … without gaps.
  TRY_ASSIGN(auto county, Str(p, "county_id"));
  TRY_ASSIGN(auto year, Int(p, "year"));
  TRY_ASSIGN(auto seq, Int(p, "seq"));
  std::string ckey = county + ":" + std::to_string(year);
  TRY_ASSIGN(auto counter, reader.GetRow("hazard_counter", ckey));
  std::int64_t last = counter ? I(*counter, "last_seq") : 0;
  if (seq != last + 1)
    return Fail(Corrupt("hazard " + id + " has sequence " + std::to_string(seq) + " but the last of " + ckey + " was " +
                        std::to_string(last)));
  std::vector<RowOp> ops{op};
  if (counter)
    ops.push_back(RowOp{RowOp::Kind::kUpdate, "hazard_counter", ckey, {{"last_seq", seq}}});
  else
    ops.push_back(RowOp{
        RowOp::Kind::kInsert, "hazard_counter", ckey, {{"county_id", county}, {"year", year}, {"last_seq", seq}}});
  TRY_STATUS(AddEvidence(id, p, EvidenceKind::kBefore, reader, ctx, &ops));
  return ops;
}

std::string AddRectifier(const Row& h, const std::string& actor) {
  std::string r = S(h, "rectifiers");
  if (r.empty()) r = ",";
  if (r.find("," + actor + ",") == std::string::npos) r += actor + ",";
  return r;
}

}  // namespace

Result<std::vector<RowOp>> ProjectHazardEvent(const std::string& kind, const std::string& subject, const Json& p,
                                              ProjectionReader& reader, const EventContext& ctx) {
  if (kind == "hazard.registered") return Registered(subject, p, reader, ctx);
  if (kind == "notice.sent") {
    TRY_ASSIGN(auto nid, Str(p, "notice_id"));
    RowOp op{RowOp::Kind::kInsert, "notice", nid, {}};
    TRY_ASSIGN(op.fields["to_org_id"], Str(p, "to_org_id"));
    TRY_ASSIGN(op.fields["kind"], Str(p, "kind"));
    op.fields["hazard_id"] = subject;
    op.fields["at"] = ctx.at;
    return std::vector<RowOp>{op};
  }

  TRY_ASSIGN(auto existing, reader.GetRow("hazard", subject));
  if (!existing) return Fail(Corrupt(kind + " of missing hazard " + subject));
  const Row& h = *existing;
  // Every hazard event moves the version on by one; the payload states the new version.
  TRY_ASSIGN(auto version, Int(p, "version"));
  if (version != I(h, "version") + 1)
    return Fail(Corrupt(kind + " of hazard " + subject + " claims version " + std::to_string(version) +
                        " after version " + std::to_string(I(h, "version"))));
  RowOp op{RowOp::Kind::kUpdate, "hazard", subject, {{"version", version}, {"updated_at", ctx.at}}};
  auto& f = op.fields;
  std::vector<RowOp> extra;

  if (kind == "hazard.planned") {
    for (const char* k : {"measures", "responsible_person", "funds", "contingency_plan", "interim_measures"}) {
      TRY_ASSIGN(f[k], Str(p, k));
    }
    TRY_ASSIGN(f["closed_for_use"], Int(p, "closed_for_use"));
    TRY_ASSIGN(f["deadline"], PayloadDate(p, "deadline"));
    f["state"] = std::string(Name(HazardState::kPlanned));
    f["planned_by"] = ctx.actor;
    f["rectifiers"] = AddRectifier(h, ctx.actor);
  } else if (kind == "hazard.started") {
    f["state"] = std::string(Name(HazardState::kRectifying));
    f["started_by"] = ctx.actor;
    f["rectifiers"] = AddRectifier(h, ctx.actor);
  } else if (kind == "hazard.progressed") {
    TRY_ASSIGN(f["last_progress_note"], Str(p, "note"));
    f["last_progress_by"] = ctx.actor;
    f["rectifiers"] = AddRectifier(h, ctx.actor);
    TRY_STATUS(AddEvidence(subject, p, EvidenceKind::kProgress, reader, ctx, &extra));
  } else if (kind == "hazard.submitted") {
    TRY_ASSIGN(auto note, Str(p, "note"));
    if (!note.empty()) f["last_progress_note"] = note;
    f["state"] = std::string(Name(HazardState::kAwaitingReview));
    f["submitted_by"] = ctx.actor;
    f["submitted_at"] = ctx.at;
    f["rectifiers"] = AddRectifier(h, ctx.actor);
    TRY_STATUS(AddEvidence(subject, p, EvidenceKind::kAfter, reader, ctx, &extra));
  } else if (kind == "hazard.reviewed") {
    TRY_ASSIGN(auto decision, Str(p, "decision"));
    TRY_ASSIGN(auto reason, Str(p, "reason"));
    f["reviewed_by"] = ctx.actor;
    f["reviewed_at"] = ctx.at;
    if (decision == "close") {
      f["state"] = std::string(Name(HazardState::kClosed));
      f["closed_at"] = ctx.at;
    } else if (decision == "reject") {
      f["state"] = std::string(Name(HazardState::kRectifying));
      f["rejection_count"] = I(h, "rejection_count") + 1;
      f["last_rejection_reason"] = reason;
    } else {
      return Fail(Corrupt("hazard.reviewed with unknown decision " + decision));
    }
  } else if (kind == "hazard.voided") {
    TRY_ASSIGN(f["voided_reason"], Str(p, "reason"));
    f["voided_by"] = ctx.actor;
    f["state"] = std::string(Name(HazardState::kVoided));
  } else if (kind == "hazard.extension_requested") {
    TRY_ASSIGN(auto eid, Str(p, "extension_id"));
    RowOp ext{RowOp::Kind::kInsert, "hazard_extension", eid, {}};
    ext.fields = {{"hazard_id", subject},
                  {"requested_by", ctx.actor},
                  {"requested_at", ctx.at},
                  {"old_deadline", S(h, "deadline")},
                  {"state", std::string(Name(ExtensionState::kPending))},
                  {"decided_by", std::string()},
                  {"decided_at", std::string()},
                  {"decision_reason", std::string()}};
    TRY_ASSIGN(ext.fields["new_deadline"], PayloadDate(p, "new_deadline"));
    TRY_ASSIGN(ext.fields["reason"], Str(p, "reason"));
    extra.push_back(std::move(ext));
  } else if (kind == "hazard.extension_decided") {
    TRY_ASSIGN(auto eid, Str(p, "extension_id"));
    TRY_ASSIGN(auto decision, Str(p, "decision"));
    TRY_ASSIGN(auto reason, Str(p, "reason"));
    TRY_ASSIGN(auto ext, reader.GetRow("hazard_extension", eid));
    if (!ext || S(*ext, "hazard_id") != subject) return Fail(Corrupt("decision on unknown extension " + eid));
    if (S(*ext, "state") != Name(ExtensionState::kPending)) return Fail(Corrupt("extension " + eid + " decided twice"));
    std::string state;
    if (decision == "approve") {
      state = std::string(Name(ExtensionState::kApproved));
      f["deadline"] = S(*ext, "new_deadline");
      f["extension_count"] = I(h, "extension_count") + 1;
    } else if (decision == "deny") {
      state = std::string(Name(ExtensionState::kDenied));
    } else {
      return Fail(Corrupt("hazard.extension_decided with unknown decision " + decision));
    }
    extra.push_back(
        RowOp{RowOp::Kind::kUpdate,
              "hazard_extension",
              eid,
              {{"state", state}, {"decided_by", ctx.actor}, {"decided_at", ctx.at}, {"decision_reason", reason}}});
  } else {
    return Fail(Corrupt("unknown hazard event " + kind));
  }
  std::vector<RowOp> ops{std::move(op)};
  for (auto& e : extra) ops.push_back(std::move(e));
  return ops;
}

}  // namespace anxiao::domain
