#include "app/level_reports.hpp"

#include <map>

#include "app/five_knowns.hpp"
#include "base/ed25519.hpp"
#include "base/sha256.hpp"
#include "base/strings.hpp"
#include "domain/campaign.hpp"

namespace anxiao::app {
namespace {

using domain::Actor;
using domain::LevelReport;
using domain::LevelReportState;

bool SeesReports(const Actor& a) {
  return a.IsSystem() || (a.role != domain::Role::kInspector && a.role != domain::Role::kExpert);
}

Result<LevelReport> VisibleReport(domain::ReadView& v, const Actor& a, const std::string& id) {
  TRY_ASSIGN(auto r, v.FindLevelReport(id));
  if (!r || !SeesReports(a) || !domain::IsUnder(r->org_path, a.scope_path)) return Fail(NotFound("report " + id));
  return *r;
}

Error VersionMismatch() {
  return Error(ErrorCode::kVersionMismatch, "version_mismatch",
               "the report was changed by someone else; reload and try again");
}

// The org and campaign of a report request, checked for visibility.
struct Subject {
  domain::Org org;
  domain::Campaign campaign;
  Date as_of;
};

Result<Subject> LoadSubject(domain::ReadView& v, const Actor& a, const ReportRequest& r, Date today) {
  Subject s;
  const std::string org_id = r.org_id.empty() ? a.scope_org_id : r.org_id;
  TRY_ASSIGN(auto org, v.FindOrg(org_id));
  if (!org || !SeesReports(a) || !domain::IsUnder(org->path, a.scope_path)) return Fail(NotFound("org " + org_id));
  s.org = *org;
  if (r.campaign_id.empty()) return Fail(InvalidInput("missing_field", "campaign is required", "campaign"));
  TRY_ASSIGN(auto c, v.FindCampaign(r.campaign_id));
  // The campaign must cover the org (the org lies in its scope, or its scope in the org's subtree).
  if (!c || !(a.IsSystem() || domain::CampaignVisibleTo(*c, a)) ||
      !(domain::IsUnder(org->path, c->scope_path) || domain::IsUnder(c->scope_path, org->path)))
    return Fail(NotFound("campaign " + r.campaign_id));
  s.campaign = *c;
  s.as_of = r.as_of ? *r.as_of : std::min(today, c->end_date);
  if (s.as_of < c->start_date || s.as_of > today)
    return Fail(InvalidInput(
        "invalid_as_of",
        "the period end must lie between the campaign's start (" + FormatDate(c->start_date) + ") and today", "as_of"));
  return s;
}

// part/whole as a decimal text with four places ("0.2500"), or null: canonical JSON has no floats.
Json ShareText(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return nullptr;
  const std::int64_t q = part * 10000 / whole;
  std::string frac = std::to_string(q % 10000);
  return std::to_string(q / 10000) + "." + std::string(4 - frac.size(), '0') + frac;
}

// The figures of `org` for the campaign at `as_of`: the five knowns of the org's subtree
// (ReadView::AggregateHazards, as app/five_knowns) and the campaign's figures over the org's part
// of it. Integers and decimal texts only (docs/level-reports.md §2).
Result<Json> ComputeFigures(domain::ReadView& v, const domain::Org& org, const domain::Campaign& c, Date as_of) {
  TRY_ASSIGN(auto aggs, v.AggregateHazards({org.path}, as_of, kDueSoonDays, c.id));
  const auto& a = aggs.at(0);
  Json by_category = Json::object(), by_source = Json::object(), risk = Json::object(), open_risk = Json::object();
  for (const auto& [k, n] : a.by_category) by_category[k] = n;
  for (const auto& [k, n] : a.by_source) by_source[k] = n;
  for (auto r :
       {domain::RiskLevel::kRed, domain::RiskLevel::kOrange, domain::RiskLevel::kYellow, domain::RiskLevel::kBlue}) {
    risk[std::string(domain::Name(r))] = a.by_risk[domain::RiskRank(r)];
    open_risk[std::string(domain::Name(r))] = a.open_by_risk[domain::RiskRank(r)];
  }
  Json median = nullptr;
  if (auto m = HistogramMedian(a.close_days)) {
    const auto tenths = static_cast<std::int64_t>(*m * 10 + 0.5);
    median = std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
  }
  const std::string under = domain::IsUnder(org.path, c.scope_path) ? org.path : c.scope_path;
  TRY_ASSIGN(auto f, v.FigureCampaign(c, under, as_of, false));
  return Json{
      {"counts",
       {{"total", a.total},
        {"open", a.open},
        {"closed", a.closed},
        {"voided", a.voided},
        {"by_category", std::move(by_category)},
        {"by_source", std::move(by_source)}}},
      {"risk", {{"all", std::move(risk)}, {"open", std::move(open_risk)}}},
      {"measures",
       {{"open_with_plan", a.open_with_plan},
        {"red_open", a.red_open},
        {"red_open_with_interim", a.red_open_interim},
        {"red_open_five_in_place", a.red_open_five}}},
      {"deadlines", {{"overdue", a.overdue}, {"due_soon", a.due_soon}, {"extended", a.extended}}},
      {"progress",
       {{"closed_share", ShareText(a.closed, a.total)},
        {"median_days_to_close", median},
        {"rejections", a.rejections}}},
      {"campaign",
       {{"teams", f.teams},
        {"teams_province", f.teams_province},
        {"teams_city", f.teams_city},
        {"teams_county", f.teams_county},
        {"schools_in_scope", f.schools_in_scope},
        {"schools_inspected", f.schools_inspected},
        {"coverage", ShareText(f.schools_inspected, f.schools_in_scope)},
        {"inspections_done", f.inspections_done},
        {"self_assigned", f.self_assigned},
        {"self_submitted", f.self_submitted}}},
  };
}

// The children of `org` that the campaign covers, each with its accepted report for the campaign
// and period end, or listed as missing.
struct ChildRefs {
  Json children = Json::array(), missing = Json::array();
};
Result<ChildRefs> ComputeChildren(domain::ReadView& v, const domain::Org& org, const domain::Campaign& c,
                                  const std::string& period_end) {
  ChildRefs out;
  if (org.kind == domain::OrgKind::kSchool) return out;
  TRY_ASSIGN(auto kids, v.OrgChildren(org.id));
  for (const auto& k : kids) {
    if (!(domain::IsUnder(k.path, c.scope_path) || domain::IsUnder(c.scope_path, k.path))) continue;
    domain::LevelReportFilter f;
    f.under_path = k.path;
    f.org_id = k.id;
    f.campaign_id = c.id;
    f.period_end = period_end;
    f.state = LevelReportState::kAccepted;
    f.page.page_size = 1;
    TRY_ASSIGN(auto found, v.SearchLevelReports(f));
    if (found.items.empty()) {
      out.missing.push_back(Json{{"org_id", k.id}, {"name", k.name}});
    } else {
      out.children.push_back(Json{
          {"org_id", k.id}, {"name", k.name}, {"report_id", found.items[0].id}, {"sha256", found.items[0].sha256}});
    }
  }
  return out;
}

Result<Json> BuildBody(domain::ReadView& v, const Subject& s, const std::string& report_id,
                       const domain::JournalHead& checkpoint, const std::string& prepared_at,
                       const std::optional<LevelReport>& supersedes) {
  TRY_ASSIGN(auto parent, v.FindOrg(s.org.parent_id));
  if (!parent) return Fail(Internal("org " + s.org.id + " has no parent"));
  const std::string period_end = FormatDate(s.as_of);
  TRY_ASSIGN(auto figures, ComputeFigures(v, s.org, s.campaign, s.as_of));
  TRY_ASSIGN(auto kids, ComputeChildren(v, s.org, s.campaign, period_end));
  return Json{
      {"format", std::string(domain::kLevelReportFormat)},
      {"report_id", report_id},
      {"org",
       {{"id", s.org.id}, {"name", s.org.name}, {"kind", std::string(domain::Name(s.org.kind))}, {"code", s.org.code}}},
      {"supervising_org", {{"id", parent->id}, {"name", parent->name}}},
      {"campaign",
       {{"id", s.campaign.id},
        {"name", s.campaign.name},
        {"start_date", FormatDate(s.campaign.start_date)},
        {"end_date", FormatDate(s.campaign.end_date)}}},
      {"period_end", period_end},
      {"figures", std::move(figures)},
      {"checkpoint", {{"seq", checkpoint.seq}, {"hash", checkpoint.hash}}},
      {"children", std::move(kids.children)},
      {"missing_children", std::move(kids.missing)},
      {"supersedes", supersedes ? Json{{"report_id", supersedes->id},
                                       {"sha256", supersedes->sha256},
                                       {"return_reason", supersedes->return_reason}}
                                : Json(nullptr)},
      {"prepared_at", prepared_at},
  };
}

// The latest report of the org, campaign and period end (live or returned), if any.
Result<std::optional<LevelReport>> LatestOfSlot(domain::ReadView& v, const domain::Org& org,
                                                const std::string& campaign_id, const std::string& period_end) {
  domain::LevelReportFilter f;
  f.under_path = org.path;
  f.org_id = org.id;
  f.campaign_id = campaign_id;
  f.period_end = period_end;
  f.page.page_size = 1;
  TRY_ASSIGN(auto found, v.SearchLevelReports(f));
  if (found.items.empty()) return std::optional<LevelReport>{};
  return std::optional<LevelReport>{found.items[0]};
}

// {figures, children: {org id: sha256 | null}} of a body, the shape the differences are taken over.
Json Comparable(const Json& figures, const Json& children, const Json& missing) {
  Json kids = Json::object();
  for (const auto& c : children) kids[c.value("org_id", "")] = c.value("sha256", "");
  for (const auto& m : missing) kids[m.value("org_id", "")] = nullptr;
  return Json{{"figures", figures}, {"children", std::move(kids)}};
}

}  // namespace

Result<ReportPreview> LevelReports::Preview(const Actor& a, const ReportRequest& r) {
  const Date today = ChinaDateOf(s_.clock.Now());
  return domain::ReadValue<ReportPreview>(s_.store, [&](domain::ReadView& v) -> Result<ReportPreview> {
    TRY_ASSIGN(auto s, LoadSubject(v, a, r, today));
    TRY_STATUS(domain::MayPrepareReport(a, s.org));
    ReportPreview p;
    TRY_ASSIGN(auto head, v.Head());
    TRY_ASSIGN(auto latest, LatestOfSlot(v, s.org, s.campaign.id, FormatDate(s.as_of)));
    if (latest && domain::IsLive(latest->state)) p.live = latest;
    std::optional<LevelReport> returned;
    if (latest && !domain::IsLive(latest->state)) returned = latest;
    TRY_ASSIGN(p.body, BuildBody(v, s, "", head, "", returned));
    return p;
  });
}

Result<LevelReport> LevelReports::Prepare(const Actor& a, const ReportRequest& r) {
  return domain::WriteValue<LevelReport>(s_.store, [&](domain::WriteTx& tx) { return PrepareIn(tx, a, r); });
}

Result<LevelReport> LevelReports::PrepareIn(domain::WriteTx& tx, const Actor& a, const ReportRequest& r) {
  const Timestamp now = s_.clock.Now();
  TRY_ASSIGN(auto s, LoadSubject(tx, a, r, ChinaDateOf(now)));
  TRY_STATUS(domain::MayPrepareReport(a, s.org));
  const std::string period_end = FormatDate(s.as_of);
  TRY_ASSIGN(auto latest, LatestOfSlot(tx, s.org, s.campaign.id, period_end));
  if (latest && domain::IsLive(latest->state))
    return Fail(Conflict("report_exists", s.org.name + " already has a " + std::string(domain::Name(latest->state)) +
                                              " report for this campaign and period (" + latest->id + ")"));
  // The org's key pair, on its first report.
  TRY_ASSIGN(auto public_key, tx.FindSigningKey(s.org.id));
  std::string secret;
  if (!public_key) {
    auto kp = NewEd25519KeyPair();
    TRY_STATUS(tx.Append(a.user_id, domain::Event{"org.signing_key_published", s.org.id,
                                                  Json{{"algorithm", "ed25519"}, {"public_key", kp.public_key_hex}}}));
    TRY_STATUS(tx.PutSigningSecret(s.org.id, kp.secret_key_hex));
    public_key = kp.public_key_hex;
    secret = std::move(kp.secret_key_hex);
  } else {
    TRY_ASSIGN(auto stored, tx.FindSigningSecret(s.org.id));
    if (!stored) return Fail(Corrupt("the signing secret of org " + s.org.id + " is missing"));
    secret = *stored;
  }
  // The checkpoint: the journal head the figures reflect, also recorded as a checkpoint row.
  TRY_ASSIGN(auto head, tx.Head());
  TRY_STATUS(tx.AddCheckpoint("report"));
  const std::string id = s_.ids.Next("rpt");
  std::optional<LevelReport> returned;
  if (latest) returned = latest;
  TRY_ASSIGN(auto body, BuildBody(tx, s, id, head, FormatIso(now), returned));
  const std::string sha = Sha256Hex(Canonical(body));
  const std::string signature = Ed25519Sign(domain::SignedBytesOf(sha), secret);
  if (signature.empty()) return Fail(Corrupt("the signing secret of org " + s.org.id + " is malformed"));
  const auto state = domain::InitialReportState(a, s.org.kind);
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"level_report.prepared", id,
                                                Json{{"org_id", s.org.id},
                                                     {"org_path", s.org.path},
                                                     {"org_kind", std::string(domain::Name(s.org.kind))},
                                                     {"supervising_org_id", s.org.parent_id},
                                                     {"campaign_id", s.campaign.id},
                                                     {"period_end", period_end},
                                                     {"supersedes", latest ? latest->id : std::string()},
                                                     {"state", std::string(domain::Name(state))},
                                                     {"body", std::move(body)},
                                                     {"sha256", sha},
                                                     {"signature", signature},
                                                     {"public_key", *public_key}}}));
  TRY_ASSIGN(auto stored, tx.FindLevelReport(id));
  if (!stored) return Fail(Internal("report " + id + " vanished after its preparation"));
  return *stored;
}

Result<LevelReport> LevelReports::ApproveIn(domain::WriteTx& tx, const Actor& a, const std::string& id,
                                            std::int64_t version) {
  TRY_ASSIGN(auto r, VisibleReport(tx, a, id));
  TRY_STATUS(domain::MayApproveReport(a, r));
  if (r.version != version) return Fail(VersionMismatch());
  TRY_STATUS(tx.Append(a.user_id, domain::Event{"level_report.approved", id, Json::object()}));
  TRY_ASSIGN(auto after, tx.FindLevelReport(id));
  return *after;
}

Result<LevelReport> LevelReports::DecideIn(domain::WriteTx& tx, const Actor& a, const std::string& id,
                                           std::int64_t version, bool accept, const std::string& reason_in) {
  TRY_ASSIGN(auto r, VisibleReport(tx, a, id));
  TRY_STATUS(domain::MayDecideReport(a, r));
  if (r.version != version) return Fail(VersionMismatch());
  const std::string reason(TrimAscii(reason_in));
  if (!accept && reason.empty()) return Fail(InvalidInput("reason_required", "say why the report goes back", "reason"));
  if (!accept && Utf8Length(reason) > domain::kMaxReturnReasonChars)
    return Fail(InvalidInput("invalid_reason", "the reason is at most 500 characters", "reason"));
  TRY_STATUS(tx.Append(a.user_id, accept ? domain::Event{"level_report.accepted", id, Json::object()}
                                         : domain::Event{"level_report.returned", id, Json{{"reason", reason}}}));
  TRY_ASSIGN(auto after, tx.FindLevelReport(id));
  return *after;
}

Result<LevelReport> LevelReports::Approve(const Actor& a, const std::string& id, std::int64_t version) {
  return domain::WriteValue<LevelReport>(s_.store, [&](domain::WriteTx& tx) { return ApproveIn(tx, a, id, version); });
}
Result<LevelReport> LevelReports::Accept(const Actor& a, const std::string& id, std::int64_t version) {
  return domain::WriteValue<LevelReport>(s_.store,
                                         [&](domain::WriteTx& tx) { return DecideIn(tx, a, id, version, true, ""); });
}
Result<LevelReport> LevelReports::Return(const Actor& a, const std::string& id, std::int64_t version,
                                         const std::string& reason) {
  return domain::WriteValue<LevelReport>(
      s_.store, [&](domain::WriteTx& tx) { return DecideIn(tx, a, id, version, false, reason); });
}

Result<LevelReport> LevelReports::Get(const Actor& a, const std::string& id) {
  return domain::ReadValue<LevelReport>(s_.store, [&](domain::ReadView& v) { return VisibleReport(v, a, id); });
}

Result<domain::PageOf<LevelReport>> LevelReports::List(const Actor& a, domain::LevelReportFilter f) {
  if (!SeesReports(a)) return Fail(Forbidden("inspectors and experts do not see level reports"));
  return domain::ReadValue<domain::PageOf<LevelReport>>(
      s_.store, [&](domain::ReadView& v) -> Result<domain::PageOf<LevelReport>> {
        f.under_path = a.scope_path;
        if (!f.org_id.empty()) {
          TRY_ASSIGN(auto o, v.FindOrg(f.org_id));
          if (!o || !domain::IsUnder(o->path, a.scope_path)) return Fail(NotFound("org " + f.org_id));
        }
        return v.SearchLevelReports(f);
      });
}

Result<ReportChanges> LevelReports::Changes(const LevelReport& r) {
  return domain::ReadValue<ReportChanges>(s_.store, [&](domain::ReadView& v) -> Result<ReportChanges> {
    TRY_ASSIGN(auto body, ParseJson(r.body));
    TRY_ASSIGN(auto org, v.FindOrg(r.org_id));
    TRY_ASSIGN(auto c, v.FindCampaign(r.campaign_id));
    auto as_of = ParseDate(r.period_end);
    if (!org || !c || !as_of) return Fail(Corrupt("report " + r.id + " names a missing org, campaign or period"));
    TRY_ASSIGN(auto figures, ComputeFigures(v, *org, *c, *as_of));
    TRY_ASSIGN(auto kids, ComputeChildren(v, *org, *c, r.period_end));
    ReportChanges out;
    out.now = Comparable(figures, kids.children, kids.missing);
    out.differences =
        domain::FigureDifferences(Comparable(body["figures"], body["children"], body["missing_children"]), out.now);
    out.changed = !out.differences.empty();
    return out;
  });
}

Result<Json> LevelReports::Export(const Actor& a, const std::string& id) {
  return domain::ReadValue<Json>(s_.store, [&](domain::ReadView& v) -> Result<Json> {
    TRY_STATUS(VisibleReport(v, a, id));
    return ExportLevelReport(v, id);
  });
}

Result<Json> ExportLevelReport(domain::ReadView& v, const std::string& id) {
  TRY_ASSIGN(auto r, v.FindLevelReport(id));
  if (!r) return Fail(NotFound("report " + id));
  TRY_ASSIGN(auto body, ParseJson(r->body));
  return Json{{"format", std::string(domain::kLevelReportExportFormat)},
              {"report_id", r->id},
              {"state", std::string(domain::Name(r->state))},
              {"body", std::move(body)},
              {"sha256", r->sha256},
              {"signature", {{"algorithm", "ed25519"}, {"public_key", r->public_key}, {"value", r->signature}}},
              {"checkpoint", {{"seq", r->checkpoint_seq}, {"hash", r->checkpoint_hash}}},
              {"prepared_seq", r->prepared_seq},
              {"prepared_at", r->prepared_at}};
}

Result<ReportVerification> VerifyLevelReport(domain::ReadView* v, const Json& exported) {
  ReportVerification out;
  TRY_ASSIGN(out.check, domain::CheckLevelReportExport(exported));
  out.problem = out.check.problem;
  if (!v) return out;
  out.with_store = true;
  const auto& c = out.check;
  TRY_ASSIGN(auto key, v->FindSigningKey(c.org_id));
  out.key_ok = key && *key == c.public_key;
  TRY_ASSIGN(auto entry, v->JournalEntryAt(c.checkpoint_seq));
  out.checkpoint_ok = entry && entry->hash == c.checkpoint_hash;
  TRY_ASSIGN(auto stored, v->FindLevelReport(c.report_id));
  out.journal_ok = stored && stored->sha256 == exported.value("sha256", "");
  if (!out.problem.empty()) return out;
  if (!out.key_ok)
    out.problem = "public key mismatch: the journal's key of org " + c.org_id + " is " +
                  (key ? *key : std::string("(none)")) + ", the export has " + c.public_key;
  else if (!out.checkpoint_ok)
    out.problem = "checkpoint mismatch: journal entry " + std::to_string(c.checkpoint_seq) +
                  (entry ? " has hash " + entry->hash : std::string(" does not exist")) + ", the report says " +
                  c.checkpoint_hash;
  else if (!out.journal_ok)
    out.problem =
        "journal mismatch: " + (stored ? "the journal holds report " + c.report_id + " with SHA-256 " + stored->sha256
                                       : "the journal holds no report " + c.report_id);
  return out;
}

}  // namespace anxiao::app
