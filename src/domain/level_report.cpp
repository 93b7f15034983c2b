#include "domain/level_report.hpp"

#include <map>

#include "base/ed25519.hpp"
#include "base/sha256.hpp"
#include "domain/cells.hpp"
#include "domain/payload_fields.hpp"

namespace anxiao::domain {
namespace {

using cells::I;
using cells::S;

bool IsHex(const std::string& s, std::size_t n) {
  return s.size() == n && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string SlotKey(const std::string& org_id, const std::string& campaign_id, const std::string& period_end) {
  return org_id + "|" + campaign_id + "|" + period_end;
}

std::string BodyStr(const Json& body, const char* a, const char* b) {
  auto it = body.find(a);
  if (it == body.end() || !it->is_object()) return {};
  auto jt = it->find(b);
  return jt != it->end() && jt->is_string() ? jt->get<std::string>() : std::string();
}

Result<std::vector<RowOp>> ProjectKey(const std::string& subject, const Json& p, ProjectionReader& reader,
                                      const EventContext& ctx) {
  TRY_ASSIGN(auto existing, reader.GetRow("org_signing_key", subject));
  if (existing) return Fail(Corrupt("org " + subject + " published a second signing key (no rotation)"));
  TRY_ASSIGN(auto org, reader.GetRow("org", subject));
  if (!org) return Fail(Corrupt("signing key of the missing org " + subject));
  TRY_ASSIGN(auto algorithm, PayloadStr(p, "algorithm"));
  TRY_ASSIGN(auto pk, PayloadStr(p, "public_key"));
  if (algorithm != "ed25519" || !IsHex(pk, 64))
    return Fail(Corrupt("org " + subject + " published a malformed signing key"));
  return std::vector<RowOp>{
      RowOp{RowOp::Kind::kInsert,
            "org_signing_key",
            subject,
            {{"algorithm", algorithm}, {"public_key", pk}, {"published_at", ctx.at}, {"published_seq", ctx.seq}}}};
}

Result<std::vector<RowOp>> ProjectPrepared(const std::string& subject, const Json& p, ProjectionReader& reader,
                                           const EventContext& ctx) {
  TRY_ASSIGN(auto existing, reader.GetRow("level_report", subject));
  if (existing) return Fail(Corrupt("level report " + subject + " prepared twice"));
  Row f;
  for (const char* k : {"org_id", "org_path", "org_kind", "supervising_org_id", "campaign_id", "period_end",
                        "supersedes", "state", "sha256", "signature", "public_key"}) {
    TRY_ASSIGN(f[k], PayloadStr(p, k));
  }
  const std::string state = S(f, "state");
  if (state != Name(LevelReportState::kAwaitingApproval) && state != Name(LevelReportState::kSubmitted))
    return Fail(Corrupt("level report " + subject + " prepared in state " + state));
  auto body = p.find("body");
  if (body == p.end() || !body->is_object()) return Fail(Corrupt("level report " + subject + " lacks its body"));
  // The frozen body: its hash, the org's signature of the hash, and what it claims to be.
  const std::string canonical = Canonical(*body);
  const std::string sha = Sha256Hex(canonical);
  if (sha != S(f, "sha256"))
    return Fail(
        Corrupt("level report " + subject + ": the body hashes to " + sha + ", the entry says " + S(f, "sha256")));
  TRY_ASSIGN(auto key, reader.GetRow("org_signing_key", S(f, "org_id")));
  if (!key || S(*key, "public_key") != S(f, "public_key"))
    return Fail(
        Corrupt("level report " + subject + " is signed with a key that org " + S(f, "org_id") + " did not publish"));
  if (!Ed25519Verify(SignedBytesOf(sha), S(f, "signature"), S(f, "public_key")))
    return Fail(Corrupt("level report " + subject + ": the signature does not verify"));
  if (body->value("format", "") != kLevelReportFormat || body->value("report_id", "") != subject ||
      BodyStr(*body, "org", "id") != S(f, "org_id") || BodyStr(*body, "campaign", "id") != S(f, "campaign_id") ||
      body->value("period_end", "") != S(f, "period_end"))
    return Fail(Corrupt("level report " + subject + ": the body names another report, org, campaign or period"));
  auto cp = body->find("checkpoint");
  if (cp == body->end() || !cp->is_object()) return Fail(Corrupt("level report " + subject + " lacks a checkpoint"));
  TRY_ASSIGN(auto cp_seq, PayloadInt(*cp, "seq"));
  TRY_ASSIGN(auto cp_hash, PayloadStr(*cp, "hash"));
  if (cp_seq < 0 || (ctx.seq > 0 && cp_seq >= ctx.seq))
    return Fail(Corrupt("level report " + subject + " names checkpoint " + std::to_string(cp_seq) +
                        " that is not before its own entry"));
  // The slot: one live report per org + campaign + period; a correction names the returned one.
  const std::string slot_key = SlotKey(S(f, "org_id"), S(f, "campaign_id"), S(f, "period_end"));
  TRY_ASSIGN(auto slot, reader.GetRow("level_report_slot", slot_key));
  if (slot && I(*slot, "live") != 0)
    return Fail(
        Corrupt("level report " + subject + ": " + slot_key + " already has the live report " + S(*slot, "report_id")));
  const std::string expected_supersedes = slot ? S(*slot, "report_id") : std::string();
  if (S(f, "supersedes") != expected_supersedes)
    return Fail(Corrupt("level report " + subject + " supersedes '" + S(f, "supersedes") + "', expected '" +
                        expected_supersedes + "'"));
  f["body"] = canonical;
  f["checkpoint_seq"] = cp_seq;
  f["checkpoint_hash"] = cp_hash;
  f["prepared_by"] = ctx.actor;
  f["prepared_at"] = ctx.at;
  f["prepared_seq"] = ctx.seq;
  const bool submitted = state == Name(LevelReportState::kSubmitted);
  f["approved_by"] = submitted ? ctx.actor : std::string();
  f["approved_at"] = submitted ? ctx.at : std::string();
  f["submitted_at"] = submitted ? ctx.at : std::string();
  for (const char* k : {"decided_by", "decided_at", "return_reason"}) f[k] = std::string();
  f["version"] = std::int64_t{1};
  std::vector<RowOp> ops;
  ops.push_back(RowOp{RowOp::Kind::kInsert, "level_report", subject, std::move(f)});
  ops.push_back(RowOp{slot ? RowOp::Kind::kUpdate : RowOp::Kind::kInsert,
                      "level_report_slot",
                      slot_key,
                      {{"report_id", subject}, {"live", std::int64_t{1}}}});
  return ops;
}

Result<std::vector<RowOp>> ProjectTransition(const std::string& kind, const std::string& subject, const Json& p,
                                             ProjectionReader& reader, const EventContext& ctx) {
  TRY_ASSIGN(auto row, reader.GetRow("level_report", subject));
  if (!row) return Fail(Corrupt(kind + " of the missing level report " + subject));
  const std::string from = S(*row, "state");
  Row f;
  std::vector<RowOp> ops;
  if (kind == "level_report.approved") {
    if (from != Name(LevelReportState::kAwaitingApproval))
      return Fail(Corrupt("level report " + subject + " approved in state " + from));
    f["state"] = std::string(Name(LevelReportState::kSubmitted));
    f["approved_by"] = ctx.actor;
    f["approved_at"] = ctx.at;
    f["submitted_at"] = ctx.at;
  } else {
    if (from != Name(LevelReportState::kSubmitted))
      return Fail(Corrupt("level report " + subject + " decided in state " + from));
    f["decided_by"] = ctx.actor;
    f["decided_at"] = ctx.at;
    if (kind == "level_report.accepted") {
      f["state"] = std::string(Name(LevelReportState::kAccepted));
    } else {
      TRY_ASSIGN(auto reason, PayloadStr(p, "reason"));
      if (reason.empty()) return Fail(Corrupt("level report " + subject + " returned without a reason"));
      f["state"] = std::string(Name(LevelReportState::kReturned));
      f["return_reason"] = reason;
      ops.push_back(RowOp{RowOp::Kind::kUpdate,
                          "level_report_slot",
                          SlotKey(S(*row, "org_id"), S(*row, "campaign_id"), S(*row, "period_end")),
                          {{"live", std::int64_t{0}}}});
    }
  }
  f["version"] = I(*row, "version") + 1;
  ops.insert(ops.begin(), RowOp{RowOp::Kind::kUpdate, "level_report", subject, std::move(f)});
  return ops;
}

void Diff(const std::string& path, const Json* a, const Json* b, Json* out) {
  const bool a_obj = a && a->is_object(), b_obj = b && b->is_object();
  if (a_obj || b_obj) {
    std::map<std::string, int> keys;
    if (a_obj)
      for (auto it = a->begin(); it != a->end(); ++it) keys[it.key()] |= 1;
    if (b_obj)
      for (auto it = b->begin(); it != b->end(); ++it) keys[it.key()] |= 2;
    for (const auto& [k, which] : keys) {
      const Json* x = a_obj && (which & 1) ? &(*a)[k] : nullptr;
      const Json* y = b_obj && (which & 2) ? &(*b)[k] : nullptr;
      Diff(path.empty() ? k : path + "." + k, x, y, out);
    }
    return;
  }
  const Json na = a ? *a : Json(nullptr), nb = b ? *b : Json(nullptr);
  if (na != nb) out->push_back(Json{{"path", path}, {"reported", na}, {"now", nb}});
}

}  // namespace

std::string_view Name(LevelReportState s) {
  switch (s) {
    case LevelReportState::kAwaitingApproval: return "awaiting_approval";
    case LevelReportState::kSubmitted: return "submitted";
    case LevelReportState::kAccepted: return "accepted";
    case LevelReportState::kReturned: return "returned";
  }
  return "submitted";
}

std::optional<LevelReportState> ParseLevelReportState(std::string_view s) {
  for (auto v : {LevelReportState::kAwaitingApproval, LevelReportState::kSubmitted, LevelReportState::kAccepted,
                 LevelReportState::kReturned})
    if (Name(v) == s) return v;
  return std::nullopt;
}

bool IsLive(LevelReportState s) { return s != LevelReportState::kReturned; }

Status MayPrepareReport(const Actor& a, const Org& org) {
  if (org.kind == OrgKind::kProvince)
    return Fail(InvalidInput("no_supervising_level", "a province has no supervising level to report to", "org"));
  const bool own = a.scope_org_id == org.id;
  const bool staff = org.kind == OrgKind::kSchool ? (a.role == Role::kSchoolOfficer || a.role == Role::kPrincipal)
                                                  : a.role == Role::kBureauOfficer;
  if (own && staff) return {};
  return Fail(Error(ErrorCode::kForbidden, "report_forbidden",
                    "only the org's own staff prepare its report (a school's safety officer or principal, the "
                    "bureau officer of a county or city)"));
}

LevelReportState InitialReportState(const Actor& a, OrgKind kind) {
  return kind == OrgKind::kSchool && a.role != Role::kPrincipal ? LevelReportState::kAwaitingApproval
                                                                : LevelReportState::kSubmitted;
}

Status MayApproveReport(const Actor& a, const LevelReport& r) {
  if (a.role != Role::kPrincipal || a.scope_org_id != r.org_id)
    return Fail(Error(ErrorCode::kForbidden, "principal_required", "only the school's principal approves its report"));
  if (r.state != LevelReportState::kAwaitingApproval)
    return Fail(
        Conflict("invalid_transition", "this report is " + std::string(Name(r.state)) + ", not awaiting approval"));
  return {};
}

Status MayDecideReport(const Actor& a, const LevelReport& r) {
  if (a.role != Role::kBureauOfficer || a.scope_org_id != r.supervising_org_id || a.scope_org_id == r.org_id)
    return Fail(Error(ErrorCode::kForbidden, "not_supervising_level",
                      "only a bureau officer of the supervising level accepts or returns a report"));
  if (r.state != LevelReportState::kSubmitted)
    return Fail(Conflict("invalid_transition", "this report is " + std::string(Name(r.state)) +
                                                   ": only a submitted report is accepted or returned"));
  return {};
}

Json FigureDifferences(const Json& reported, const Json& now) {
  Json out = Json::array();
  Diff("", &reported, &now, &out);
  return out;
}

std::string SignedBytesOf(const std::string& sha256_hex) {
  std::string raw;
  if (!FromHex(sha256_hex, &raw)) return {};
  return raw;
}

Result<LevelReportCheck> CheckLevelReportExport(const Json& e) {
  auto bad = [](const std::string& what) {
    return Fail(InvalidInput("invalid_report_export", "not a level report export: " + what));
  };
  auto str = [](const Json& o, const char* k) -> const Json* {
    auto it = o.find(k);
    return it != o.end() && it->is_string() ? &*it : nullptr;
  };
  if (!e.is_object() || e.value("format", "") != kLevelReportExportFormat) return bad("format");
  auto body = e.find("body");
  if (body == e.end() || !body->is_object()) return bad("body");
  auto sig = e.find("signature");
  if (sig == e.end() || !sig->is_object() || !str(*sig, "value") || !str(*sig, "public_key")) return bad("signature");
  if (!str(e, "sha256")) return bad("sha256");
  auto cp = body->find("checkpoint");
  if (cp == body->end() || !cp->is_object() || !str(*cp, "hash") || !cp->contains("seq") ||
      !cp->find("seq")->is_number_integer())
    return bad("body.checkpoint");
  LevelReportCheck c;
  c.report_id = body->value("report_id", "");
  c.org_id = BodyStr(*body, "org", "id");
  c.public_key = str(*sig, "public_key")->get<std::string>();
  c.checkpoint_seq = cp->find("seq")->get<std::int64_t>();
  c.checkpoint_hash = str(*cp, "hash")->get<std::string>();
  c.computed_sha256 = Sha256Hex(Canonical(*body));
  const std::string stated = str(e, "sha256")->get<std::string>();
  c.hash_ok = c.computed_sha256 == stated;
  // The signature is checked against the stated hash, so that a changed body and a changed
  // signature are told apart.
  c.signature_ok = Ed25519Verify(SignedBytesOf(stated), str(*sig, "value")->get<std::string>(), c.public_key);
  if (!c.hash_ok)
    c.problem = "hash mismatch: the body hashes to " + c.computed_sha256 + ", the export says " + stated;
  else if (!c.signature_ok)
    c.problem = "signature mismatch: the signature does not verify under public key " + c.public_key;
  return c;
}

bool IsLevelReportEvent(const std::string& kind) {
  return kind == "org.signing_key_published" || kind.rfind("level_report.", 0) == 0;
}

Result<std::vector<RowOp>> ProjectLevelReportEvent(const std::string& kind, const std::string& subject, const Json& p,
                                                   ProjectionReader& reader, const EventContext& ctx) {
  if (kind == "org.signing_key_published") return ProjectKey(subject, p, reader, ctx);
  if (kind == "level_report.prepared") return ProjectPrepared(subject, p, reader, ctx);
  if (kind == "level_report.approved" || kind == "level_report.accepted" || kind == "level_report.returned")
    return ProjectTransition(kind, subject, p, reader, ctx);
  return Fail(Corrupt("unknown level report event " + kind));
}

}  // namespace anxiao::domain
